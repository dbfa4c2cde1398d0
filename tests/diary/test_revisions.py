"""The hash chain's pure core: anyone can recompute it from the published rule."""

import hashlib
import json

from diary.revisions import Link, canonical_json, chain_digest, snapshot_digest, verify_chain


def _chain(snapshots):
    links, previous = [], ""
    for sequence, snapshot in enumerate(snapshots, start=1):
        digest = snapshot_digest(snapshot)
        chain_hash = chain_digest(previous, digest)
        links.append(Link(sequence, snapshot, digest, previous, chain_hash))
        previous = chain_hash
    return links


def test_the_snapshot_hash_follows_the_published_rule():
    snapshot = {"b": "ü", "a": [1, 2]}

    assert canonical_json(snapshot) == '{"a":[1,2],"b":"ü"}'.encode()
    assert snapshot_digest(snapshot) == hashlib.sha256(b'{"a":[1,2],"b":"\xc3\xbc"}').hexdigest()
    expected = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert snapshot_digest(snapshot) == hashlib.sha256(expected.encode("utf-8")).hexdigest()


def test_each_link_hashes_the_previous_hash_and_its_own_snapshot():
    first, second = _chain([{"n": 1}, {"n": 2}])

    assert first.previous_hash == ""
    assert first.chain_hash == hashlib.sha256(first.snapshot_sha256.encode()).hexdigest()
    assert (
        second.chain_hash
        == hashlib.sha256((first.chain_hash + second.snapshot_sha256).encode()).hexdigest()
    )


def test_an_untouched_chain_is_intact():
    assert verify_chain(_chain([{"n": 1}, {"n": 2}, {"n": 3}])).intact


def test_changed_text_in_an_old_snapshot_is_caught():
    links = _chain([{"text": "he waited outside"}, {"text": "he waited outside, twice"}])
    links[0] = Link(1, {"text": "nothing happened"}, *list(vars(links[0]).values())[2:])

    report = verify_chain(links)

    assert not report.intact
    assert report.problems == [
        "revision 1: the snapshot does not match its hash (text was changed)"
    ]


def test_a_rewritten_hash_is_caught_further_down_the_chain():
    links = _chain([{"n": 1}, {"n": 2}, {"n": 3}])
    forged = {"n": 20}
    forged_digest = snapshot_digest(forged)
    # A forger who fixes up revision 2's own hashes still breaks the link to revision 3.
    links[1] = Link(
        2,
        forged,
        forged_digest,
        links[0].chain_hash,
        chain_digest(links[0].chain_hash, forged_digest),
    )

    report = verify_chain(links)

    assert report.problems == ["revision 3: it does not point at the revision before it"]


def test_a_missing_revision_is_caught():
    links = _chain([{"n": 1}, {"n": 2}, {"n": 3}])

    report = verify_chain([links[0], links[2]])

    assert "revision 3: expected revision 2 here (one is missing)" in report.problems


def test_purged_snapshots_are_counted_as_purged_not_broken():
    links = _chain([{"n": 1}, {"n": 2}])
    purged = [
        Link(link.sequence, None, link.snapshot_sha256, link.previous_hash, link.chain_hash)
        for link in links
    ]

    report = verify_chain(purged)

    assert report.intact
    assert report.purged == 2
