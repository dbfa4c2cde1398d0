"""Contacts with police or another agency."""

from django import forms
from django.utils import timezone

from config.forms import GovDateField, no_autocomplete
from diary.models import ContactMethod, PoliceContact


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = ContactMethod.choices
        no_autocomplete(self)

    def clean_contacted_on(self):
        value = self.cleaned_data["contacted_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("That date is in the future")
        return value
