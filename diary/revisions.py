"""The hash chain behind every incident: pure functions, no database, so anyone can re-check it.

snapshot_sha256 = SHA-256 of the snapshot as canonical JSON (sorted keys, compact separators,
UTF-8); chain_hash = SHA-256 of (the previous chain_hash in hex + snapshot_sha256), with an
empty previous hash for the first revision.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass


def canonical_json(snapshot: dict) -> bytes:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def snapshot_digest(snapshot: dict) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def chain_digest(previous_hash: str, snapshot_sha256: str) -> str:
    return hashlib.sha256((previous_hash + snapshot_sha256).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Link:
    sequence: int
    snapshot: dict | None  # None once purged
    snapshot_sha256: str
    previous_hash: str
    chain_hash: str


@dataclass(frozen=True)
class ChainReport:
    problems: list[str]
    purged: int

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(links: Sequence[Link]) -> ChainReport:
    """Recompute a chain from its first link and say, in words, every place it does not hold."""
    problems = []
    purged = 0
    previous_hash = ""
    for expected_sequence, link in enumerate(links, start=1):
        where = f"revision {link.sequence}"
        if link.sequence != expected_sequence:
            problems.append(f"{where}: expected revision {expected_sequence} here (one is missing)")
        if link.snapshot is None:
            purged += 1
        elif snapshot_digest(link.snapshot) != link.snapshot_sha256:
            problems.append(f"{where}: the snapshot does not match its hash (text was changed)")
        if link.previous_hash != previous_hash:
            problems.append(f"{where}: it does not point at the revision before it")
        if chain_digest(link.previous_hash, link.snapshot_sha256) != link.chain_hash:
            problems.append(f"{where}: the chain hash is wrong (a hash was changed)")
        previous_hash = link.chain_hash
    return ChainReport(problems=problems, purged=purged)
