"""Page 1: the case in brief, for an officer deciding in five minutes what this is.

Who (the people named most, with how the author describes them), the period, how many incidents
of which kinds, the most serious ones, the alarm, distress and fear they caused, what the author
changed, the police references and the witnesses, and the pack's own reference and manifest
hash. It must fit on one page: every list here has a limit, and what does not fit is counted
with the page where it is listed in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from diary.models import money_words, shortened
from evidence.pack.content import PackContent, PackIncident, PackPerson
from evidence.pack.pages.pieces import Piece, incident_anchor, whole
from evidence.pack.redaction import REDACTED
from evidence.pack.words import counted, joined, moment_at_words, timezone_words

MOST_SERIOUS_SHOWN = 8
PEOPLE_SHOWN = 2
KINDS_SHOWN = 6
# Rows of the serious, police and witness lists together, each one line long: what page 1 has
# room for after everything else (tests/evidence/pack/test_case_page.py draws the worst case).
ROWS = 15
CHANGES_SHOWN = 4
LEFT_OUT_SHOWN = 12
# Longest a described thing may run on page 1 before it is cut (in full on its own page).
DESCRIPTION_CHARACTERS = 80
WITNESS_CHARACTERS = 70
# One line of the table's widest column (about 95 mm at 9pt).
SERIOUS_SUMMARY_CHARACTERS = 60
EXHIBITS_SHOWN = 2
REFERENCE_CHARACTERS = 18
RANGES_SHOWN = 3


@dataclass(frozen=True)
class Suspect:
    name: str
    relationship: str
    named_in: str  # "Named in 24 of 25 incidents"
    description: str
    vehicles: str


@dataclass(frozen=True)
class SeriousRow:
    number: int
    anchor: str
    day: str  # "12 Oct 2026"
    summary: str
    exhibits: tuple[str, ...]  # each kept on one line
    more_exhibits: int


@dataclass(frozen=True)
class PoliceReference:
    reference: str
    who: str  # "West Yorkshire Police, PC Khan (4471)"
    when: str  # "14 October 2026"
    incidents: str  # "1–10, 14"


@dataclass(frozen=True)
class Witness:
    words: str
    incidents: str  # "incidents 3–4", "incident 7"


def pieces(content: PackContent, chunk_size: float) -> list[Piece]:
    summary = content.summary
    serious = [i for i in reversed(content.incidents) if i.seriousness == "very serious"]
    references = police_references(content)
    witnesses = witness_list(content)
    people = sorted(content.people, key=lambda p: (-p.incident_count, p.name.casefold()))
    named = {tally.label: tally.count for tally in summary.by_person}
    serious_rows = min(len(serious), MOST_SERIOUS_SHOWN) + (len(serious) > MOST_SERIOUS_SHOWN)
    list_references, list_witnesses = _what_fits(
        ROWS - serious_rows, len(references), len(witnesses)
    )
    context = {
        "content": content,
        "author": _cut(content.author_name, 60),
        "made": moment_at_words(content.created_at, content.zone),
        "timezone_words": timezone_words(content.timezone),
        "headline": summary.headline,
        "kinds": _kinds(content),
        "suspects": [
            _suspect(person, named.get(person.name, person.incident_count), summary.total)
            for person in people[:PEOPLE_SHOWN]
        ],
        "more_people": len(people) - PEOPLE_SHOWN,
        "serious": [_serious_row(incident) for incident in serious[:MOST_SERIOUS_SHOWN]],
        "more_serious": len(serious) - MOST_SERIOUS_SHOWN,
        "legal": summary.legal_elements,
        "changes": _changes(content),
        # All of them, or (when they would not fit) only how many there are and where.
        "references": references if list_references else [],
        "reference_count": len(references),
        "witnesses": witnesses if list_witnesses else [],
        "witness_count": len(witnesses),
        "notices": _notices(content),
    }
    return whole("cover.html", context, 1)


# Who -----------------------------------------------------------------------------------------


def _what_fits(rows: int, references: int, witnesses: int) -> tuple[bool, bool]:
    """Whether to list the police references and the witnesses in full, given the rows left:
    both if they fit, else the one that fits (references first), else neither (each is then a
    count and the page of its full list, which takes a row)."""
    if references + witnesses <= rows:
        return True, True
    if references + 1 <= rows:
        return True, False
    if witnesses + 1 <= rows:
        return False, True
    return False, False


def _suspect(person: PackPerson, named_in: int, total: int) -> Suspect:
    return Suspect(
        name=_cut(person.name, 50),
        relationship=person.relationship,
        named_in=f"Named in {named_in} of {counted(total, 'incident')}",
        description=_cut(person.description, DESCRIPTION_CHARACTERS),
        vehicles=_cut(person.vehicles, DESCRIPTION_CHARACTERS // 2),
    )


def _cut(text: str, limit: int) -> str:
    """All of `text` on one line if it fits, else its beginning in whole words."""
    return shortened(" ".join(text.split()), limit)


# What happened ----------------------------------------------------------------------------------


def _kinds(content: PackContent) -> str:
    tallies = content.summary.by_kind
    shown = [f"{tally.label.lower()} ({tally.count})" for tally in tallies[:KINDS_SHOWN]]
    if len(tallies) > KINDS_SHOWN:
        shown.append(f"{counted(len(tallies) - KINDS_SHOWN, 'other kind')}")
    return joined(shown)


def _serious_row(incident: PackIncident) -> SeriousRow:
    day = incident.occurred_on
    return SeriousRow(
        number=incident.number,
        anchor=incident_anchor(incident.number),
        day=f"{day.day} {day:%b %Y}",
        summary=_cut(incident.summary, SERIOUS_SUMMARY_CHARACTERS),
        exhibits=incident.exhibit_references[:EXHIBITS_SHOWN],
        more_exhibits=max(len(incident.exhibit_references) - EXHIBITS_SHOWN, 0),
    )


def _changes(content: PackContent) -> str:
    tallies = content.summary.changes[:CHANGES_SHOWN]
    words = [f"{tally.label.lower()} ({tally.count})" for tally in tallies]
    costs = [incident.cost for incident in content.incidents if incident.cost is not None]
    if costs:
        total: Decimal = sum(costs, Decimal(0))
        words.append(f"spent {money_words(total)} in all")
    return joined(words)


# Police references and witnesses ----------------------------------------------------------------


def police_references(content: PackContent) -> list[PoliceReference]:
    """Every police reference once: those of the contacts with police first (by date), then any
    a note gives that no contact does."""
    found: list[PoliceReference] = []
    seen: set[str] = set()
    for contact in content.police_contacts:
        if not contact.reference.strip() or contact.reference.casefold() in seen:
            continue
        seen.add(contact.reference.casefold())
        officer = contact.officer_name
        if contact.officer_number:
            officer = f"{officer} ({contact.officer_number})" if officer else contact.officer_number
        numbers = set(contact.incident_numbers) | {
            i.number for i in content.incidents if contact.reference in i.police_references
        }
        found.append(
            PoliceReference(
                reference=_cut(contact.reference, REFERENCE_CHARACTERS),
                who=_cut(joined([p for p in (contact.organisation, officer) if p]), 55),
                when=f"{contact.contacted_on.day} {contact.contacted_on:%b %Y}",
                incidents=number_ranges(sorted(numbers), most=RANGES_SHOWN),
            )
        )
    own: dict[str, list[int]] = {}
    for incident in content.incidents:
        for reference in incident.police_references:
            if reference.casefold() not in seen:
                own.setdefault(reference, []).append(incident.number)
    for reference, numbers in own.items():
        found.append(
            PoliceReference(
                _cut(reference, REFERENCE_CHARACTERS),
                "Given in the note",
                "",
                number_ranges(numbers),
            )
        )
    return found


def witness_list(content: PackContent) -> list[Witness]:
    """Each witness entry once (the same words in several notes count as one), with its notes."""
    grouped: dict[str, tuple[str, list[int]]] = {}
    for incident in content.incidents:
        words = " ".join(incident.witnesses.split())
        if words:
            grouped.setdefault(words.casefold(), (words, []))[1].append(incident.number)
    return [
        Witness(_cut(words, WITNESS_CHARACTERS), incidents_words(numbers))
        for words, numbers in grouped.values()
    ]


def incidents_words(numbers: list[int]) -> str:
    """ "incident 7", "incidents 3–4, 9"."""
    ranges = number_ranges(numbers, most=RANGES_SHOWN)
    return f"incident{'s' if len(set(numbers)) > 1 else ''} {ranges}"


def number_ranges(numbers: list[int], *, most: int | None = None) -> str:
    """1–4, 7, 9–10; with `most`, only that many runs and "and N more" after them."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    words = [str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    if most is not None and len(runs) > most:
        rest = sum(len(run) for run in runs[most:])
        return f"{', '.join(words[:most])} and {rest} more"
    return ", ".join(words)


# Notices ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    text: str
    # Exhibit references the notice names, printed after it, each kept on one line.
    references: tuple[str, ...] = ()
    after: str = ""


def _notices(content: PackContent) -> list[Notice]:
    notices = []
    if content.redactions_made:
        notices.append(
            Notice(
                "The author removed some details from this PDF before it was made. Each "
                f"removed part appears as “{REDACTED}”. The original files in the bundle are "
                "not redacted."
            )
        )
    left_out = content.located_left_out
    if left_out:
        more = len(left_out) - LEFT_OUT_SHOWN
        notices.append(
            Notice(
                "These original files were left out of the bundle because they carry location "
                "data (they may show where the author lives):",
                left_out[:LEFT_OUT_SHOWN],
                (f"and {more} more, each marked in the exhibit index. " if more > 0 else "")
                + "They are still listed and described in this pack.",
            )
        )
    return notices
