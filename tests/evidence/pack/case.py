"""A realistic six-week case, as a test factory: the pack an officer reads is measured on it.

Twenty-five notes about an ex-partner between 28 September and 8 November 2026 (the clocks go
back on 25 October, so the times cross from BST to GMT), one of them a series of 23 withheld
calls; two contacts with the police, each with a crime reference and linked to the notes it
covered; eleven files of the kinds people are told to keep (phone photos with a location, a
HEIC, a tall screenshot, a two-page scanned letter, two voicemails, a video, an email, an SMS
export, a messaging picture and a post saved from social media) and one kept item.

Everything is made through the services the pages call, with files made here (tests never read
the shared samples). `make_case(user, folder)` returns what a test needs to find its way around.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from diary.models import Incident, Person
from diary.services import incident_create, person_save, police_contact_save
from evidence.models import Exhibit
from evidence.services import item_save
from tests.evidence import fixtures
from tests.evidence.uploading import keep_file

HOME_GPS = (53.7996, -1.5491)
SUSPECT = "Mark Doyle"
REFERENCES = ("13/145672/26", "13/162210/26")


@dataclass
class Case:
    suspect: Person
    notes: list[Incident]
    exhibits: dict[str, Exhibit] = field(default_factory=dict)  # short name: exhibit

    @property
    def very_serious(self) -> list[Incident]:
        return [note for note in self.notes if note.seriousness == "very_serious"]


# (day, time or None, kinds, where, what happened, extra fields)
NOTES: list[tuple] = [
    (
        date(2026, 9, 28),
        time(7, 40),
        ("loitering",),
        "Outside my house, Ashfield Road",
        "Mark was parked across the road when I left for work. He did not get out of the car. "
        "He watched me walk to the bus stop and then drove off slowly behind the bus.",
        {"feelings": ["alarm"], "seriousness": "serious"},
    ),
    (
        date(2026, 9, 29),
        time(21, 15),
        ("text_message",),
        "By text message",
        "Three texts in ten minutes asking why I had blocked him on Instagram. The last one "
        "said I would be sorry for making him look stupid in front of his friends.",
        {"feelings": ["distress"], "contact_used": "07700 900482"},
    ),
    (
        date(2026, 10, 1),
        time(18, 5),
        ("following",),
        "Tesco car park, Kirkstall",
        "He was in the car park when I came out of the supermarket. He walked towards me and "
        "said we needed to talk. I got into my car and locked it. He stood by the driver's "
        "window until another shopper asked if I was all right.",
        {
            "feelings": ["alarm", "fear_of_violence"],
            "witnesses": "A woman in a red coat who asked if I was all right (name not known)",
            "seriousness": "serious",
        },
    ),
    (
        date(2026, 10, 2),
        None,
        ("letter",),
        "Through my letterbox",
        "A letter in his handwriting was pushed through the door while I was at work. It goes "
        "over two pages about our relationship and ends by saying he knows which gym I go to.",
        {"feelings": ["alarm", "distress"]},
    ),
    (
        date(2026, 10, 4),
        time(1, 0),
        ("withheld_call",),
        "My mobile",
        "Calls from a withheld number all night, starting at 1am. I did not answer. I counted "
        "them in my call log in the morning. Nobody else rings me from a withheld number.",
        {
            "series_count": 23,
            "ended_at_time": time(3, 0),
            "feelings": ["distress"],
            "changes": ["routine"],
            "noted_elsewhere": "photo",
            "noted_elsewhere_on": date(2026, 10, 4),
            "noted_elsewhere_time": time(7, 30),
            "seriousness": "serious",
        },
    ),
    (
        date(2026, 10, 5),
        time(17, 50),
        ("voicemail",),
        "Voicemail on my mobile",
        "He left a voicemail saying he only wants to talk and that I am making him do this. "
        "He sounded angry at the end and said I know where you live, remember.",
        {"feelings": ["alarm", "fear_of_violence"], "seriousness": "very_serious"},
    ),
    (
        date(2026, 10, 7),
        time(8, 20),
        ("loitering",),
        "Outside my work, Wellington Street",
        "He was standing by the entrance to my office when I arrived. My colleague Priya "
        "walked me in. He shouted my name twice and then left.",
        {
            "feelings": ["alarm"],
            "witnesses": "Priya Shah, my colleague at Wellington Street",
            "changes": ["work"],
        },
    ),
    (
        date(2026, 10, 8),
        time(22, 40),
        ("social_media",),
        "Facebook",
        "A new Facebook account with no photo sent me a friend request and then a message "
        "saying you can block me as many times as you like. The writing is the way he writes.",
        {"feelings": ["distress"]},
    ),
    (
        date(2026, 10, 10),
        time(19, 30),
        ("gift_or_parcel",),
        "My doorstep",
        "A parcel was left on the doorstep with no note. It held the birthday card I gave him "
        "last year, torn in half, and a dried rose.",
        {
            "feelings": ["alarm", "distress"],
            "noted_elsewhere": "message",
            "noted_elsewhere_on": date(2026, 10, 10),
            "noted_elsewhere_time": time(19, 45),
        },
    ),
    (
        date(2026, 10, 12),
        time(23, 11),
        ("email",),
        "By email",
        "An email from an address I did not know, signed with his initial. It said he would "
        "be waiting outside my work tomorrow and that I owe him an explanation.",
        {"feelings": ["fear_of_violence"]},
    ),
    (
        date(2026, 10, 13),
        time(8, 10),
        ("loitering", "in_person"),
        "Outside my work, Wellington Street",
        "He was outside my work again as the email said. He said you will regret this when I "
        "walked past. Security came out and he walked away towards the station.",
        {
            "feelings": ["alarm", "fear_of_violence"],
            "witnesses": "Priya Shah, my colleague at Wellington Street",
            "seriousness": "very_serious",
            "had_cost": True,
            "cost": Decimal("14.00"),
            "cost_for": "A taxi home so I did not have to walk to the station",
        },
    ),
    (
        date(2026, 10, 16),
        time(20, 0),
        ("through_others",),
        "From my sister",
        "My sister told me he had messaged her asking where I am staying at the weekend. She "
        "did not reply. He has not spoken to her since we split up.",
        {"feelings": ["distress"], "witnesses": "My sister, Helen Price"},
    ),
    (
        date(2026, 10, 18),
        time(15, 20),
        ("driving_past",),
        "Ashfield Road",
        "His car drove past my house four times in half an hour while I was in the front room. "
        "I recognised the number plate.",
        {"feelings": ["alarm"], "had_vehicle": True},
    ),
    (
        date(2026, 10, 20),
        time(7, 55),
        ("following",),
        "Bus stop on Kirkstall Road",
        "He was at my bus stop and got on the same bus. He sat behind me and said nothing the "
        "whole way. I got off two stops early and walked the rest of the way to work.",
        {"feelings": ["alarm", "fear_of_violence"], "changes": ["route"]},
    ),
    (
        date(2026, 10, 22),
        time(21, 5),
        ("damage",),
        "My car, outside my house",
        "My car's wing mirror was smashed and a scratch runs along the driver's side. Nothing "
        "was taken. The neighbour's camera caught a man of his build at 2am.",
        {
            "feelings": ["alarm", "distress"],
            "witnesses": "My neighbour Tom Hughes at number 14, who has the camera",
            "seriousness": "very_serious",
            "had_cost": True,
            "cost": Decimal("640.00"),
            "cost_for": "Repair to the mirror and the paintwork",
        },
    ),
    (
        date(2026, 10, 24),
        time(11, 0),
        ("social_media",),
        "Instagram",
        "He posted a photo of my street on Instagram with the words some people think they can "
        "just disappear. Two of our old friends liked it.",
        {"feelings": ["distress"]},
    ),
    (
        date(2026, 10, 26),
        time(18, 30),
        ("loitering",),
        "Outside my house, Ashfield Road",
        "He stood at the end of my path for about ten minutes after dark. I watched from the "
        "upstairs window. He left when my neighbour came out to put the bins out.",
        {
            "feelings": ["alarm", "fear_of_violence"],
            "witnesses": "My neighbour Tom Hughes at number 14, who has the camera",
            "changes": ["security"],
            "had_cost": True,
            "cost": Decimal("89.00"),
            "cost_for": "A video doorbell",
        },
    ),
    (
        date(2026, 10, 28),
        time(9, 15),
        ("false_report",),
        "My work",
        "My manager said someone had rung HR claiming I was stealing from the company. HR said "
        "the caller gave his first name. Nothing has come of it but I had to explain myself.",
        {"feelings": ["distress"], "changes": ["work"]},
    ),
    (
        date(2026, 10, 30),
        time(19, 45),
        ("voicemail",),
        "Voicemail on my mobile",
        "A second voicemail. He was crying and then angry. He said if he cannot have a life "
        "then neither can I.",
        {"feelings": ["fear_of_violence"], "seriousness": "very_serious"},
    ),
    (
        date(2026, 11, 1),
        time(17, 10),
        ("following", "in_person"),
        "Leeds city centre, Briggate",
        "He came up behind me in the crowd and took hold of my arm. He let go when I screamed. "
        "Two men stepped in and he walked off quickly.",
        {
            "feelings": ["alarm", "fear_of_violence"],
            "witnesses": "Two men in Briggate, names not known",
            "seriousness": "very_serious",
            "effect_on_others": "My daughter now asks every night whether the doors are locked.",
        },
    ),
    (
        date(2026, 11, 3),
        time(22, 30),
        ("text_message",),
        "By text message",
        "A text from a new number saying sorry about Saturday, I just want to see you. Then "
        "another an hour later calling me names.",
        {"feelings": ["distress"]},
    ),
    (
        date(2026, 11, 4),
        time(8, 5),
        ("tracking",),
        "My car",
        "The garage found a tracking tag taped under the rear bumper when they fixed the "
        "mirror. I have kept it in a sealed bag.",
        {"feelings": ["alarm", "fear_of_violence"], "seriousness": "serious"},
    ),
    (
        date(2026, 11, 5),
        time(16, 40),
        ("loitering",),
        "Outside my daughter's school",
        "He was across the road from my daughter's school at home time. He did not come over. "
        "Another parent noticed him watching.",
        {
            "feelings": ["alarm", "fear_of_violence"],
            "witnesses": "Another parent at the school gate, Jo Ellis",
            "effect_on_others": "My daughter is now collected by her grandmother.",
        },
    ),
    (
        date(2026, 11, 7),
        time(23, 50),
        ("phone_call",),
        "My mobile",
        "He rang from his own number and said he was outside. When I looked he was not there. "
        "I did not sleep.",
        {"feelings": ["alarm"]},
    ),
    (
        date(2026, 11, 8),
        time(14, 20),
        ("in_person",),
        "Kirkstall Road",
        "He walked towards me on the pavement and said this is not over. I crossed the road "
        "and went into a shop until he had gone.",
        {"feelings": ["alarm", "fear_of_violence"]},
    ),
]


def make_case(user, folder: Path) -> Case:
    """The whole case for `user`, with its files made in `folder`."""
    suspect = person_save(
        owner=user,
        values={
            "name": SUSPECT,
            "relationship": "ex_partner",
            "description": "White man, 41, about six foot, short grey hair, usually a navy "
            "parka. Speaks with a Glasgow accent.",
            "vehicles": "Silver Vauxhall Astra estate, AB19 KLM",
            "phone_numbers": "07700 900482",
            "accounts": "Instagram @markd_lds",
            "addresses": "Flat 3, 22 Granby Grove, Leeds",
        },
    )
    notes = [_note(user, suspect, *row) for row in NOTES]
    case = Case(suspect=suspect, notes=notes)
    _contacts(user, notes)
    _files(user, folder, case)
    return case


def _note(user, suspect, day, at, kinds, where, narrative, extra) -> Incident:
    extra = dict(extra)
    values = {
        "occurred_on": day,
        "occurred_time": at,
        "timezone": "Europe/London",
        "location": where,
        "narrative": narrative,
    }
    ended = extra.pop("ended_at_time", None)
    extra.pop("had_cost", None)
    if extra.pop("had_vehicle", False):
        values.update(vehicle_make="Vauxhall", vehicle_model="Astra", vehicle_colour="Silver")
    values.update(extra)
    if ended is not None:
        from diary.times import local_to_utc

        values["ended_at"] = local_to_utc(day, ended, "Europe/London")
    return incident_create(owner=user, values=values, kinds=kinds, persons=[suspect])


def _contacts(user, notes: list[Incident]) -> None:
    police_contact_save(
        owner=user,
        values={
            "contacted_on": date(2026, 10, 14),
            "organisation": "West Yorkshire Police",
            "officer_name": "PC Amir Khan",
            "officer_number": "4471",
            "method": "in_person",
            "summary": "Reported everything since 28 September. He gave me a crime reference "
            "and said an officer would speak to Mark.",
            "reference": REFERENCES[0],
        },
        incidents=notes[:11],
    )
    police_contact_save(
        owner=user,
        values={
            "contacted_on": date(2026, 11, 2),
            "organisation": "West Yorkshire Police",
            "officer_name": "DC Laura Morris",
            "officer_number": "2290",
            "method": "phone",
            "summary": "Reported the grab in Briggate and the damage to my car. Told to ring "
            "999 if he comes near the house.",
            "reference": REFERENCES[1],
        },
        incidents=notes[11:20],
    )


def _files(user, folder: Path, case: Case) -> None:
    notes = case.notes
    made = {
        "parked car": fixtures.make_jpeg(folder / "IMG_4102.jpg", size=(2016, 1512), gps=HOME_GPS),
        "letter page 1": fixtures.make_jpeg(
            folder / "IMG_4118.jpg", size=(1512, 2016), orientation=6, gps=HOME_GPS
        ),
        "call log": fixtures.make_png(folder / "Screenshot_calls.png", size=(1170, 2532)),
        "scanned letter": fixtures.make_pdf(folder / "scan_letter.pdf", pages=2),
        "first voicemail": fixtures.make_m4a(folder / "voicemail_0510.m4a", seconds=2.0),
        "parcel": fixtures.make_heic(folder / "IMG_4150.heic", size=(1512, 2016)),
        "email": fixtures.make_eml(folder / "message.eml"),
        "instagram post": fixtures.make_webp(folder / "insta_post.webp", size=(1080, 1080)),
        "second voicemail": fixtures.make_mp3(folder / "voicemail_3010.mp3", seconds=2.0),
        "doorbell video": fixtures.make_mov(
            folder / "doorbell.mov", seconds=1.0, size=(640, 360), created="2026-10-26T17:31:00Z"
        ),
        "texts": fixtures.make_text(
            folder / "sms_export.txt",
            "03/11/2026 22:30 07700 900913: sorry about saturday i just want to see you\n"
            "03/11/2026 23:31 07700 900913: you are a liar and everyone knows it\n",
        ),
    }
    links = {
        "parked car": [notes[0]],
        "letter page 1": [notes[3]],
        "call log": [notes[4]],
        "scanned letter": [notes[3]],
        "first voicemail": [notes[5]],
        "parcel": [notes[8]],
        "email": [notes[9]],
        "instagram post": [notes[15]],
        "second voicemail": [notes[18]],
        "doorbell video": [notes[16]],
        "texts": [notes[20]],
    }
    captions = {
        "parked car": "His car across the road from my house",
        "call log": "My call log showing the withheld calls on 4 October",
        "scanned letter": "The letter pushed through my door, scanned",
        "parcel": "The parcel as it was left on the doorstep",
        "doorbell video": "Doorbell camera: him at the end of the path",
    }
    for name, path in made.items():
        case.exhibits[name] = keep_file(
            user, path, incidents=links[name], caption=captions.get(name, "")
        )
    card = item_save(
        owner=user,
        values={
            "caption": "The torn birthday card from the parcel",
            "item_received_on": date(2026, 10, 10),
            "item_arrived_how": "Left on my doorstep in a parcel with a dried rose",
            "item_kept_where": "In a sealed freezer bag in a drawer at home",
            "item_handling": "Only I have touched it, wearing gloves after the first time",
        },
        incidents=[notes[8]],
    )
    case.exhibits["card"] = card
