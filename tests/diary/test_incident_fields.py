"""The one list of an incident's own fields, which services, forms and the pack all read."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from diary.models import (
    CODE,
    CODES,
    DATE,
    INCIDENT_CODE_LISTS,
    INCIDENT_FIELD_NAMES,
    INCIDENT_FIELDS,
    INCIDENT_TEXT_FIELDS,
    MOMENT,
    MONEY,
    NUMBER,
    TEXT,
    TIME,
    ZONE,
    Incident,
    IncidentField,
    vehicle_words,
)


def test_every_listed_field_is_a_column_of_an_incident():
    columns = {field.name for field in Incident._meta.concrete_fields}

    assert set(INCIDENT_FIELD_NAMES) <= columns
    assert len(set(INCIDENT_FIELD_NAMES)) == len(INCIDENT_FIELD_NAMES)


def test_the_server_keeps_its_own_fields_out_of_the_list():
    for name in ("id", "owner", "occurred_at", "recorded_at", "updated_at", "deleted_at"):
        assert name not in INCIDENT_FIELD_NAMES


def test_the_text_and_code_lists_come_from_the_shapes():
    assert INCIDENT_TEXT_FIELDS == (
        "location",
        "narrative",
        "appearance",
        "vehicle_make",
        "vehicle_model",
        "vehicle_colour",
        "vehicle_registration",
        "contact_used",
        "witnesses",
        "people_told",
        "feelings_other",
        "changes_other",
        "police_reference",
        "summary_line",
        "cost_for",
        "effect_on_others",
    )
    assert INCIDENT_CODE_LISTS == ("feelings", "changes")


@pytest.mark.parametrize(
    ("shape", "value", "written"),
    [
        (TEXT, "He waited outside", "He waited outside"),
        (DATE, date(2026, 3, 14), "2026-03-14"),
        (TIME, time(21, 30), "21:30:00"),
        (MOMENT, datetime(2026, 3, 14, 21, 30, tzinfo=UTC), "2026-03-14T21:30:00+00:00"),
        (DATE, None, None),
        (CODES, ["fear_of_violence", "alarm"], ["alarm", "fear_of_violence"]),
        (CODE, "yes", "yes"),
        (ZONE, "Europe/London", "Europe/London"),
        (NUMBER, 23, 23),
        (MONEY, Decimal("14"), "14.00"),
        (MONEY, Decimal("1240.5"), "1240.50"),
        (MONEY, None, None),
    ],
)
def test_each_shape_is_written_into_a_snapshot_as_plain_json(shape, value, written):
    assert IncidentField("anything", shape).to_json(value) == written


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="unknown shape"):
        IncidentField("anything", "colour")


def test_a_listed_field_cannot_be_changed_by_accident():
    with pytest.raises(AttributeError):
        INCIDENT_FIELDS[0].name = "something_else"


@pytest.mark.parametrize(
    ("parts", "words"),
    [
        (("Silver", "Ford", "Focus", "AB12 CDE"), "Silver Ford Focus, registration AB12 CDE"),
        (("", "", "", "AB12"), "registration AB12"),
        (("Red", "", "Van", ""), "Red Van"),
        (("", "", "", ""), ""),
    ],
)
def test_a_vehicle_is_described_in_words_leaving_out_what_is_blank(parts, words):
    assert vehicle_words(*parts) == words
    incident = Incident(
        vehicle_colour=parts[0],
        vehicle_make=parts[1],
        vehicle_model=parts[2],
        vehicle_registration=parts[3],
    )
    assert incident.vehicle == words
