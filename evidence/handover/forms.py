from django import forms

from evidence.handover.models import DAYS_DEFAULT, DAYS_MOST


class ShareForm(forms.Form):
    recipient = forms.CharField(
        label="Who is it for?",
        help_text="For example, PC 1234 Khan, West Yorkshire Police. Only you see this.",
        max_length=200,
        error_messages={
            "required": "Enter who the pack is for, so you can tell your shares apart.",
            "max_length": "Who it is for must be 200 characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    days = forms.IntegerField(
        label="How many days should the link work?",
        help_text=f"From 1 to {DAYS_MOST} days. It ends sooner if you end it or delete the pack.",
        min_value=1,
        max_value=DAYS_MOST,
        initial=DAYS_DEFAULT,
        error_messages={
            "required": f"Enter how many days the link should work, from 1 to {DAYS_MOST}.",
            "invalid": f"Enter a whole number of days, from 1 to {DAYS_MOST}.",
            "min_value": "The link must work for at least 1 day.",
            "max_value": f"A link can work for at most {DAYS_MOST} days.",
        },
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3", "autocomplete": "off"}
        ),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Access code",
        help_text="Four words, sent to you separately from this link.",
        max_length=200,
        error_messages={"required": "Enter the access code: four words."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
