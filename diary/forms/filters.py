"""The timeline's filters."""

from django import forms

from config.forms import ChoiceByLabel
from diary.models import Kind, Person


class TimelineFilterForm(forms.Form):
    """Filters for the timeline; every field optional, bad values simply ignored with a message."""

    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *Kind.choices], required=False
    )
    person = ChoiceByLabel(
        label="Person", queryset=Person.objects.none(), required=False, empty_label="Anyone"
    )
    reported = forms.ChoiceField(
        label="Told the police",
        choices=[("", "Either"), ("yes", "Yes"), ("no", "No")],
        required=False,
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.owned_by(owner)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
            )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("date_from")
            and cleaned.get("date_to")
            and cleaned["date_from"] > cleaned["date_to"]
        ):
            self.add_error("date_to", "The 'to' date must be on or after the 'from' date")
        return cleaned
