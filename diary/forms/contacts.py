"""Contacts with police or another agency."""

from django import forms
from django.utils import timezone

from config.forms import GovDateField, no_autocomplete
from diary.models import ContactMethod, Incident, PoliceContact

# The notes a contact can be linked to, newest first: enough for months of notes, few enough
# for a phone to scroll (a note linked already stays in the list however old it is).
LINKABLE_NOTES = 100


class NoteChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Incident) -> str:
        return f"{obj.occurred_on.day} {obj.occurred_on:%B %Y}: {obj.summary}"


class PoliceContactForm(forms.ModelForm):
    contacted_on = GovDateField(what="you were in contact", label="Date")

    class Meta:
        model = PoliceContact
        fields = [
            "contacted_on",
            "organisation",
            "officer_name",
            "officer_number",
            "method",
            "summary",
            "reference",
        ]
        labels = {
            "organisation": "Police force or organisation",
            "officer_name": "Name of the person you dealt with",
            "officer_number": "Their collar or staff number",
            "method": "How were you in contact?",
            "summary": "What was said or agreed?",
            "reference": "Crime or reference number",
        }
        help_texts = {
            "organisation": "For example, West Yorkshire Police, or Victim Support",
            "officer_number": "Officers show this on their uniform or tell you when asked",
        }
        widgets = {"method": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "organisation": {"required": "Enter the police force or organisation"},
            "method": {"required": "Choose how you were in contact"},
        }

    incidents = NoteChoices(
        label="Which notes did you tell them about?",
        help_text="Each note you tick will say you told the police, on the date above, and the "
        "pack will show this contact's reference beside it.",
        queryset=Incident.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose notes from your own diary"},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = ContactMethod.choices
        saved = Incident.objects.owned_by(owner).current().filter(is_draft=False)
        linked = self.instance.incidents.all() if self.instance.pk else Incident.objects.none()
        latest = saved.order_by("-timeline_position", "-id")[:LINKABLE_NOTES]
        self.fields["incidents"].queryset = (
            saved.filter(pk__in=latest.values("pk")) | saved.filter(pk__in=linked.values("pk"))
        ).order_by("-timeline_position", "-id")
        if self.instance.pk:
            self.initial.setdefault("incidents", list(linked))
        no_autocomplete(self)

    def clean(self):
        cleaned = super().clean()
        contacted_on = cleaned.get("contacted_on")
        chosen = cleaned.get("incidents") or ()
        later = [n for n in chosen if contacted_on and n.occurred_on > contacted_on]
        if later:
            days = ", ".join(f"{n.occurred_on.day} {n.occurred_on:%B %Y}" for n in later)
            self.add_error(
                "incidents",
                "A contact can only cover things that happened on or before its date. Untick "
                f"the notes from {days}, or change the date.",
            )
        return cleaned

    def contact_values(self) -> dict:
        """The contact's own details, as services.police_contact_save takes them."""
        return {k: v for k, v in self.cleaned_data.items() if k != "incidents"}

    def clean_contacted_on(self):
        value = self.cleaned_data["contacted_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("That date is in the future")
        return value
