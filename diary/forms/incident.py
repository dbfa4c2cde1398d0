"""The note form: when, where, what happened, who, how it affected the victim, police."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from config.forms import ChoicesByLabel, GovDateField, no_autocomplete
from diary.models import (
    CODES,
    INCIDENT_FIELD_NAMES,
    INCIDENT_FIELDS,
    LONG_TEXT,
    NARRATIVE_MAX_LENGTH,
    TEXT,
    Change,
    Feeling,
    IncidentField,
    Kind,
    Person,
    PoliceTold,
)
from diary.times import local_to_utc

# Older than any real save, so a form carrying it is always refused as out of date.
STALE_MARKER = datetime(1970, 1, 1, tzinfo=UTC)
TIME_PATTERN = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<meridiem>am|pm|a\.m\.|p\.m\.)?$",
    re.IGNORECASE,
)


def parse_time(text: str) -> time | None:
    """Read a time as people type it: 21:30, 9.30pm, 9pm, 0930 is not accepted."""
    match = TIME_PATTERN.match(text.strip().replace(" ", ""))
    if not match:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    meridiem = (match["meridiem"] or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif match["minute"] is None:
        return None  # "9" alone is ambiguous
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class IncidentForm(forms.Form):
    """One calm form, in sections, for everything the police advise writing down."""

    occurred_on = GovDateField(what="it happened", label="Date", help_text="For example, 27 3 2026")
    occurred_time = forms.CharField(
        label="Time",
        required=False,
        max_length=10,
        help_text="For example, 9:30pm or 21:30",
    )
    time_unknown = forms.BooleanField(label="I do not know the exact time", required=False)
    ended_time = forms.CharField(
        label="Time it ended (if it went on for a while)",
        required=False,
        max_length=10,
        help_text="Leave this empty if it was over quickly",
    )
    ended_next_day = forms.BooleanField(
        label="It ended the next day (it went on past midnight)", required=False
    )
    location = forms.CharField(
        label="Where did it happen?",
        required=False,
        max_length=400,
        help_text="For example, outside my home, at the bus stop on Park Road, or online",
    )
    kinds = forms.MultipleChoiceField(
        label="What happened? Choose all that apply",
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    narrative = forms.CharField(
        label="Describe what happened, in your own words",
        help_text=(
            "Write down what was said and done, in the order it happened. "
            "Include anything that made you feel frightened."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={
            "required": "Describe what happened",
            "max_length": (
                f"What happened must be {NARRATIVE_MAX_LENGTH:,} characters or fewer. "
                "Split it into two notes if you need more room. Your text is still here."
            ),
        },
    )
    persons = ChoicesByLabel(
        label="Who did it?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all boxes empty if you do not know who it was",
        error_messages={"invalid_choice": "Choose people from your own list"},
    )
    appearance = forms.CharField(
        label="How did they look and sound? What were they wearing?",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vehicle_make = forms.CharField(label="Make", required=False, max_length=200)
    vehicle_model = forms.CharField(label="Model", required=False, max_length=200)
    vehicle_colour = forms.CharField(label="Colour", required=False, max_length=200)
    vehicle_registration = forms.CharField(
        label="Number plate", required=False, max_length=20, help_text="Even part of it helps"
    )
    contact_used = forms.CharField(
        label="Phone number, email address or account they used",
        required=False,
        max_length=200,
        help_text="Write 'withheld' if the number was hidden",
    )
    witnesses = forms.CharField(
        label="Did anyone else see or hear it?",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their names and how to reach them, if you know",
    )
    people_told = forms.CharField(
        label="Who have you told about it?",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a friend, a neighbour or your manager",
    )
    feelings = forms.MultipleChoiceField(
        label="How did it make you feel? Choose all that apply",
        choices=Feeling.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    feelings_other = forms.CharField(
        label="Anything else about how you felt", required=False, max_length=400
    )
    changes = forms.MultipleChoiceField(
        label="Have you changed anything because of it? Choose all that apply",
        choices=Change.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    changes_other = forms.CharField(
        label="Anything else you changed", required=False, max_length=400
    )
    police_told = forms.ChoiceField(
        label="Have you told the police about this?",
        choices=PoliceTold.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    police_told_on = GovDateField(
        what="you told the police", label="Date you told them", required=False
    )
    police_reference = forms.CharField(
        label="Crime or reference number",
        required=False,
        max_length=100,
        help_text="The police give you this when you report",
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # ISO 8601 with its UTC offset: a local time would be ambiguous in the hour the clocks go back.
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owner, timezone_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone_name = timezone_name
        self.fields["persons"].queryset = Person.objects.owned_by(owner)
        no_autocomplete(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = _layout()

    def clean_occurred_time(self):
        text = self.cleaned_data["occurred_time"].strip()
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError("Enter the time like 9:30pm or 21:30")
        return parsed

    def clean_ended_time(self):
        text = self.cleaned_data["ended_time"].strip()
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError("Enter the time it ended like 10:15pm or 22:15")
        return parsed

    def clean_seen_updated_at(self):
        text = self.cleaned_data["seen_updated_at"].strip()
        if not text:
            return None
        try:
            seen = datetime.fromisoformat(text)
        except ValueError:
            # Hidden, so the message goes at the top of the form where it can be seen.
            self.add_error(None, "This page is out of date. Open the note again to change it.")
            return None
        # Without an offset the moment cannot be known: treat it as stale, never as "no check".
        return seen if seen.tzinfo else STALE_MARKER

    def clean_vehicle_registration(self):
        return " ".join(self.cleaned_data["vehicle_registration"].upper().split())

    def clean(self):
        cleaned = super().clean()
        occurred_on = cleaned.get("occurred_on")
        occurred_time = cleaned.get("occurred_time")
        ended_time = cleaned.get("ended_time")
        now = timezone.now()
        if cleaned.get("time_unknown"):
            occurred_time = cleaned["occurred_time"] = None
        elif occurred_on and occurred_time is None and "occurred_time" not in self.errors:
            self.add_error(
                "occurred_time", "Enter the time, or tick 'I do not know the exact time'"
            )
        if occurred_on:
            today = timezone.localdate(now, timezone=ZoneInfo(self.timezone_name))
            if occurred_on > today:
                self.add_error("occurred_on", "That date is in the future")
            elif occurred_time is not None:
                if local_to_utc(occurred_on, occurred_time, self.timezone_name) > now:
                    self.add_error("occurred_time", "That time is in the future")
        cleaned["ended_at"] = None
        if ended_time is not None and occurred_on:
            if occurred_time is None:
                self.add_error("ended_time", "Enter when it started before when it ended")
            elif cleaned.get("ended_next_day"):
                next_day = occurred_on + timedelta(days=1)
                cleaned["ended_at"] = local_to_utc(next_day, ended_time, self.timezone_name)
            elif ended_time <= occurred_time:
                self.add_error(
                    "ended_time",
                    "The time it ended must be after the time it started. If it went on past "
                    "midnight, tick 'It ended the next day'",
                )
            else:
                cleaned["ended_at"] = local_to_utc(occurred_on, ended_time, self.timezone_name)
        police_told_on = cleaned.get("police_told_on")
        if police_told_on and occurred_on and police_told_on < occurred_on:
            self.add_error(
                "police_told_on",
                "The date you told the police must be on or after the date it happened",
            )
        if police_told_on and police_told_on > timezone.localdate(now):
            self.add_error("police_told_on", "That date is in the future")
        return cleaned

    def incident_values(self) -> dict:
        """The cleaned values in the shape services.incident_create expects."""
        values = {**self.cleaned_data, "timezone": self.timezone_name}
        return {field.name: _value_to_store(field, values[field.name]) for field in INCIDENT_FIELDS}


def _layout() -> Layout:
    """The note form's sections, top to bottom, with the buttons at the end."""
    return Layout(
        "form_token",
        "seen_updated_at",
        Fieldset(
            Field("occurred_on"),
            Field.text("occurred_time", field_width=5),
            Field.checkbox("time_unknown"),
            Field.text("ended_time", field_width=5),
            Field.checkbox("ended_next_day"),
            legend="When did it happen?",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(Field.text("location"), legend="Where", legend_size=Size.MEDIUM),
        Fieldset(
            Field.checkboxes("kinds", small=True),
            Field.textarea("narrative", rows=8, max_characters=NARRATIVE_MAX_LENGTH),
            legend="What happened",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            Field.checkboxes("persons", small=True),
            HTML('{% include "diary/includes/add_person_link.html" %}'),
            Field.textarea("appearance", rows=3),
            Fieldset(
                Field.text("vehicle_make", field_width=20),
                Field.text("vehicle_model", field_width=20),
                Field.text("vehicle_colour", field_width=10),
                Field.text("vehicle_registration", field_width=10),
                legend="Their vehicle, if they had one",
                legend_size=Size.SMALL,
            ),
            Field.text("contact_used"),
            legend="Who",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            Field.textarea("witnesses", rows=3),
            Field.textarea("people_told", rows=3),
            legend="Witnesses and people you told",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            Field.checkboxes("feelings", small=True),
            Field.text("feelings_other"),
            Field.checkboxes("changes", small=True),
            Field.text("changes_other"),
            legend="How it affected you",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            Field.radios("police_told", inline=True),
            Field("police_told_on"),
            Field.text("police_reference", field_width=20),
            legend="Police",
            legend_size=Size.MEDIUM,
        ),
        Button("save", "Save", type="submit"),
        Button.secondary("save_draft", "Save as a draft", type="submit"),
    )


def _value_to_store(field: IncidentField, value):
    """A cleaned value as the incident keeps it: typed text trimmed, code lists as lists."""
    if field.shape == TEXT:
        return value.strip()
    if field.shape == CODES:
        return list(value)
    return value


def initial_from_incident(incident) -> dict:
    """What the edit form shows for a saved incident."""
    ended_time = None
    ended_next_day = False
    if incident.ended_at is not None:
        ended = timezone.localtime(incident.ended_at, ZoneInfo(incident.timezone))
        ended_time = ended.time()
        ended_next_day = ended.date() > incident.occurred_on
    return {
        # The form's own fields take the incident's values as they are; the rest are worked out.
        **{
            name: getattr(incident, name)
            for name in INCIDENT_FIELD_NAMES
            if name in IncidentForm.base_fields
        },
        "occurred_time": incident.occurred_time.strftime("%H:%M") if incident.occurred_time else "",
        "time_unknown": incident.occurred_time is None,
        "ended_time": ended_time.strftime("%H:%M") if ended_time else "",
        "ended_next_day": ended_next_day,
        "kinds": incident.kinds,
        "persons": list(incident.persons.all()),
        "seen_updated_at": incident.updated_at.isoformat(),
    }
