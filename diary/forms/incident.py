"""The note form: when, where, what happened, who, how it affected the victim, police."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from config.forms import (
    ChoicesByLabel,
    ChoicesWithReveal,
    ClockField,
    GovDateField,
    no_autocomplete,
)
from diary.models import (
    CODES,
    INCIDENT_FIELD_NAMES,
    INCIDENT_FIELDS,
    LONG_TEXT,
    NARRATIVE_MAX_LENGTH,
    SHORT_TEXT,
    SUMMARY_LINE_MAX_LENGTH,
    TEXT,
    Change,
    Feeling,
    IncidentField,
    Kind,
    NotedElsewhere,
    Person,
    PoliceTold,
    Relationship,
    Seriousness,
)
from diary.times import local_to_utc

CHANGE_REASONS = [
    ("remembered", "I remembered more"),
    ("mistake", "I corrected a mistake, like a wrong date or time"),
    ("found_out", "I added something I found out later"),
    ("other", "Another reason"),
]
REASON_MAX_LENGTH = 200

# Older than any real save, so a form carrying it is always refused as out of date.
STALE_MARKER = datetime(1970, 1, 1, tzinfo=UTC)
MOST_TIMES = 10_000
MOST_POUNDS = Decimal("1000000")
NOTED_WHERE = [(code, label) for code, label in NotedElsewhere.choices if code != "no"]


class IncidentForm(forms.Form):
    """One calm form, in sections, for everything the police advise writing down."""

    occurred_on = GovDateField(what="it happened", label="Date", help_text="For example, 27 3 2026")
    occurred_time = ClockField(label="Time", help_text="For example, 9:30pm or 21:30")
    time_unknown = forms.BooleanField(label="I do not know the exact time", required=False)
    went_on = forms.BooleanField(label="It went on for a while", required=False)
    ended_time = ClockField(
        label="Time it ended",
        help_text="Leave this empty if it was over quickly",
        invalid="Enter the time it ended like 10:15pm or 22:15",
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
        label="What kind of thing was it? Choose all that apply",
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
    summary_line = forms.CharField(
        label="A one-line summary (optional)",
        required=False,
        max_length=SUMMARY_LINE_MAX_LENGTH,
        help_text="For the list of incidents the police read first. If you leave it empty, "
        "your first sentence is used.",
    )
    seriousness = forms.ChoiceField(
        label="How serious was this for you?",
        choices=Seriousness.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="The police pack lists the very serious incidents first.",
    )
    is_series = forms.BooleanField(
        label="It happened many times in this period, like 23 calls in one night",
        required=False,
    )
    series_count = forms.IntegerField(
        label="How many times?",
        required=False,
        min_value=2,
        max_value=MOST_TIMES,
        # GOV.UK's advice: a text box with a number keypad, not type="number".
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="Give the time of the first one above. Tick 'It went on for a while' to give "
        "the time of the last.",
        error_messages={
            "invalid": "Enter how many times as a number, like 23",
            "min_value": "A series is 2 times or more. Untick the box if it happened once",
            "max_value": f"Enter a number of times up to {MOST_TIMES:,}",
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
    add_person = forms.BooleanField(label="Someone not on your list yet", required=False)
    new_person_name = forms.CharField(
        label="Their name, or what you call them",
        required=False,
        max_length=200,
        help_text="A nickname or a description is fine. Add more about them later.",
    )
    new_person_relationship = forms.ChoiceField(
        label="Who they are to you (optional)",
        choices=[("", "Choose"), *Relationship.choices],
        required=False,
    )
    appearance = forms.CharField(
        label="How did they look and sound? What were they wearing?",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    had_vehicle = forms.BooleanField(label="They had a car or other vehicle", required=False)
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
    had_cost = forms.BooleanField(label="It cost me money", required=False)
    cost = forms.CharField(
        label="How much, in pounds?",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text="For example, 14 or 89.99",
    )
    cost_for = forms.CharField(
        label="What was it for?",
        required=False,
        max_length=SHORT_TEXT,
        help_text="For example, a taxi home, a new lock, or a repair",
    )
    effect_on_others = forms.CharField(
        label="Did it affect your children, family or anyone else?",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, your children were frightened, or a friend now walks you home",
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
    noted_at_the_time = forms.ChoiceField(
        label="Did you note this down at the time anywhere else?",
        help_text="For example, in your phone's notes or a message to a friend. It shows that "
        "your record was made close to the time, even if you wrote this note later.",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
    )
    noted_where = forms.ChoiceField(
        label="Where did you note it?",
        choices=NOTED_WHERE,
        widget=forms.RadioSelect,
        required=False,
    )
    noted_elsewhere_on = GovDateField(
        what="you noted it", label="When did you note it? (optional)", required=False
    )
    noted_elsewhere_time = ClockField(
        label="Time (optional)",
        help_text="For example, 9:30pm or 21:30",
        invalid="Enter the time you noted it like 9:30pm or 21:30",
    )
    change_reason = forms.ChoiceField(
        label="Why are you changing this note? (optional)",
        help_text="The history of changes keeps your reason beside the change, as professional "
        "diaries do.",
        choices=CHANGE_REASONS,
        widget=forms.RadioSelect,
        required=False,
    )
    change_reason_other = forms.CharField(
        label="Say why", required=False, max_length=REASON_MAX_LENGTH
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # ISO 8601 with its UTC offset: a local time would be ambiguous in the hour the clocks go back.
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owner, timezone_name: str, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone_name = timezone_name
        self.fields["persons"].queryset = Person.objects.owned_by(owner)
        self.has_people = self.fields["persons"].queryset.exists()
        if not amending:
            del self.fields["change_reason"], self.fields["change_reason_other"]
        no_autocomplete(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = _layout(has_people=self.has_people, amending=amending)

    def clean_cost(self):
        text = self.cleaned_data["cost"].strip().replace("£", "").replace(",", "").strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount.as_tuple().exponent < -2:
            raise forms.ValidationError("Enter the amount in pounds, like 14 or 89.99")
        if amount <= 0:
            raise forms.ValidationError("Enter an amount more than £0")
        if amount >= MOST_POUNDS:
            raise forms.ValidationError("Enter an amount less than £1,000,000")
        return amount.quantize(Decimal("0.01"))

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

    def clean_new_person_name(self):
        return " ".join(self.cleaned_data["new_person_name"].split())

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
        if cleaned.get("add_person") and not cleaned.get("new_person_name"):
            self.add_error(
                "new_person_name",
                "Enter their name or what you call them, or untick 'Someone not on your list'",
            )
        police_told_on = cleaned.get("police_told_on")
        if police_told_on and occurred_on and police_told_on < occurred_on:
            self.add_error(
                "police_told_on",
                "The date you told the police must be on or after the date it happened",
            )
        if police_told_on and police_told_on > timezone.localdate(now):
            self.add_error("police_told_on", "That date is in the future")
        self._clean_series(cleaned)
        self._clean_cost(cleaned)
        self._clean_noted_elsewhere(cleaned, occurred_on, now)
        return cleaned

    def _clean_series(self, cleaned: dict) -> None:
        if not cleaned.get("is_series"):
            cleaned["series_count"] = None
        elif cleaned.get("series_count") is None and "series_count" not in self.errors:
            self.add_error("series_count", "Enter how many times it happened, or untick the box")

    def _clean_cost(self, cleaned: dict) -> None:
        if not cleaned.get("had_cost"):
            cleaned["cost"], cleaned["cost_for"] = None, ""
        elif cleaned.get("cost") is None and "cost" not in self.errors:
            self.add_error("cost", "Enter how much it cost, or untick 'It cost me money'")

    def _clean_noted_elsewhere(self, cleaned: dict, occurred_on, now) -> None:
        """One stored answer: where it was noted, "no", or "" when the question was skipped."""
        answer = cleaned.get("noted_at_the_time")
        if answer != "yes":
            cleaned["noted_elsewhere"] = answer or ""
            cleaned["noted_elsewhere_on"] = cleaned["noted_elsewhere_time"] = None
            return
        cleaned["noted_elsewhere"] = cleaned.get("noted_where") or ""
        if not cleaned["noted_elsewhere"]:
            self.add_error("noted_where", "Choose where you noted it")
        noted_on = cleaned.get("noted_elsewhere_on")
        if noted_on and occurred_on and noted_on < occurred_on:
            self.add_error(
                "noted_elsewhere_on",
                "The date you noted it must be on or after the date it happened",
            )
        elif noted_on and noted_on > timezone.localdate(now, ZoneInfo(self.timezone_name)):
            self.add_error("noted_elsewhere_on", "That date is in the future")
        if cleaned.get("noted_elsewhere_time") and not noted_on:
            self.add_error("noted_elsewhere_on", "Enter the date you noted it, as well as the time")

    def new_person(self) -> dict | None:
        """The person added from within the note, as services.person_save takes them."""
        if not self.cleaned_data.get("add_person"):
            return None
        return {
            "name": self.cleaned_data["new_person_name"],
            "relationship": self.cleaned_data["new_person_relationship"],
        }

    def change_reason_words(self) -> str:
        """The reason given for the change, in words, or "" if none was given."""
        code = self.cleaned_data.get("change_reason", "")
        if code == "other":
            return self.cleaned_data.get("change_reason_other", "").strip()
        return dict(CHANGE_REASONS).get(code, "") if code else ""

    def incident_values(self) -> dict:
        """The cleaned values in the shape services.incident_create expects."""
        values = {**self.cleaned_data, "timezone": self.timezone_name}
        return {field.name: _value_to_store(field, values[field.name]) for field in INCIDENT_FIELDS}


def _layout(*, has_people: bool, amending: bool) -> Layout:
    """The essentials first (when, what happened), then the optional sections, each revealing
    its follow-up questions only when an answer needs them; the buttons at the end."""
    who = [Field.checkboxes("persons", small=True)] if has_people else []
    return Layout(
        "form_token",
        "seen_updated_at",
        Fieldset(
            Field("occurred_on"),
            HTML("{% load diary %}{% date_shortcuts %}"),
            Field.text("occurred_time", field_width=5),
            HTML("{% load diary %}{% time_shortcut %}"),
            Field.checkbox("time_unknown", small=True),
            ChoicesWithReveal("went_on", {"on": ["ended_time", "ended_next_day"]}),
            ChoicesWithReveal("is_series", {"on": [Field.text("series_count", field_width=5)]}),
            legend="When did it happen?",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            Field.textarea("narrative", rows=8, max_characters=NARRATIVE_MAX_LENGTH),
            Field.checkboxes("kinds", small=True),
            Field.text("summary_line"),
            Field.radios("seriousness", small=True),
            legend="What happened",
            legend_size=Size.MEDIUM,
        ),
        HTML(
            '<p class="govuk-body">Everything below is optional. Add what you remember: it '
            "can help the police later.</p>"
        ),
        Fieldset(Field.text("location"), legend="Where", legend_size=Size.MEDIUM),
        Fieldset(
            *who,
            ChoicesWithReveal("add_person", {"on": ["new_person_name", "new_person_relationship"]}),
            HTML('{% include "diary/includes/note_exit.html" with then="person" %}'),
            Field.textarea("appearance", rows=3),
            ChoicesWithReveal(
                "had_vehicle",
                {
                    "on": [
                        Field.text("vehicle_make", field_width=20),
                        Field.text("vehicle_model", field_width=20),
                        Field.text("vehicle_colour", field_width=10),
                        Field.text("vehicle_registration", field_width=10),
                    ]
                },
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
            ChoicesWithReveal("feelings", {"other": ["feelings_other"]}),
            ChoicesWithReveal("changes", {"other": ["changes_other"]}),
            ChoicesWithReveal(
                "had_cost", {"on": [Field.text("cost", field_width=10), Field.text("cost_for")]}
            ),
            Field.textarea("effect_on_others", rows=3),
            legend="How it affected you",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            ChoicesWithReveal(
                "police_told",
                {"yes": [Field("police_told_on"), Field.text("police_reference", field_width=20)]},
                inline=False,
            ),
            legend="Police",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            ChoicesWithReveal(
                "noted_at_the_time",
                {
                    "yes": [
                        Field.radios("noted_where", small=True),
                        Field("noted_elsewhere_on"),
                        Field.text("noted_elsewhere_time", field_width=5),
                    ]
                },
                inline=False,
            ),
            legend="Your notes at the time",
            legend_size=Size.MEDIUM,
        ),
        Fieldset(
            HTML('{% include "diary/includes/note_exit.html" with then="file" %}'),
            legend="Photos, recordings and files",
            legend_size=Size.MEDIUM,
        ),
        *(
            [ChoicesWithReveal("change_reason", {"other": ["change_reason_other"]})]
            if amending
            else []
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


def _noted_answer(noted_elsewhere: str) -> str:
    if not noted_elsewhere:
        return ""
    return "no" if noted_elsewhere == "no" else "yes"


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
        "went_on": ended_time is not None,
        "ended_time": ended_time.strftime("%H:%M") if ended_time else "",
        "ended_next_day": ended_next_day,
        "had_vehicle": bool(incident.vehicle),
        "is_series": incident.series_count is not None,
        "had_cost": incident.cost is not None or bool(incident.cost_for),
        "cost": f"{incident.cost:.2f}" if incident.cost is not None else "",
        "noted_at_the_time": _noted_answer(incident.noted_elsewhere),
        "noted_where": incident.noted_elsewhere if incident.noted_elsewhere != "no" else "",
        "noted_elsewhere_time": (
            incident.noted_elsewhere_time.strftime("%H:%M") if incident.noted_elsewhere_time else ""
        ),
        "kinds": incident.kinds,
        "persons": list(incident.persons.all()),
        "seen_updated_at": incident.updated_at.isoformat(),
    }
