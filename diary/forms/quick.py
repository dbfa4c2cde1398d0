"""A quick note: a few words and Save, on a phone, minutes after something happened."""

from django import forms
from django.utils import timezone

from config.forms import ClockField, GovDateField, no_autocomplete
from diary.models import NARRATIVE_MAX_LENGTH
from diary.times import local_to_utc


class QuickNoteForm(forms.Form):
    narrative = forms.CharField(
        label="What happened?",
        help_text="A few words are enough for now. You can add the rest later.",
        # Straight to the keyboard: this page exists to be quick.
        widget=forms.Textarea(attrs={"rows": 5, "autofocus": True}),
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"required": "Write a few words about what happened"},
    )
    occurred_on = GovDateField(
        what="it happened",
        label="Date",
        required=False,
        help_text="Leave empty if it was today",
    )
    occurred_time = ClockField(
        label="Time", help_text="For example, 9:30pm. Leave empty if it was just now"
    )

    def __init__(self, *args, timezone_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone_name = timezone_name
        no_autocomplete(self)

    def clean(self):
        cleaned = super().clean()
        now = timezone.localtime(timezone.now(), self.zone)
        day = cleaned.get("occurred_on") or now.date()
        at = cleaned.get("occurred_time")
        if at is None and not cleaned.get("occurred_on"):
            at = now.time().replace(second=0, microsecond=0)  # the server's clock: "just now"
        if day > now.date():
            self.add_error("occurred_on", "That date is in the future")
        elif at is not None and local_to_utc(day, at, self.timezone_name) > timezone.now():
            self.add_error("occurred_time", "That time is in the future")
        cleaned["occurred_on"], cleaned["occurred_time"] = day, at
        return cleaned

    @property
    def zone(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone_name)

    def incident_values(self) -> dict:
        return {
            "occurred_on": self.cleaned_data["occurred_on"],
            "occurred_time": self.cleaned_data["occurred_time"],
            "timezone": self.timezone_name,
            "narrative": self.cleaned_data["narrative"].strip(),
        }
