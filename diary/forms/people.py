"""The people responsible, as the victim describes them."""

from django import forms

from config.forms import no_autocomplete
from diary.models import Person, Relationship


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "relationship",
            "description",
            "vehicles",
            "phone_numbers",
            "accounts",
            "addresses",
        ]
        labels = {
            "name": "Their name, or what you call them",
            "relationship": "How do you know them?",
            "description": "What do they look like?",
            "vehicles": "Vehicles they use",
            "phone_numbers": "Phone numbers they use",
            "accounts": "Email addresses, social media accounts or usernames",
            "addresses": "Addresses you know for them",
        }
        help_texts = {
            "name": "A nickname or description is fine if you do not know their name",
            "description": "Height, build, hair, marks, anything you would recognise",
            "vehicles": "Make, model, colour and number plate, one on each line",
            "phone_numbers": "One on each line",
            "accounts": "One on each line",
        }
        widgets = {
            "relationship": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "vehicles": forms.Textarea(attrs={"rows": 3}),
            "phone_numbers": forms.Textarea(attrs={"rows": 3}),
            "accounts": forms.Textarea(attrs={"rows": 3}),
            "addresses": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"name": {"required": "Enter their name, or a word you use for them"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = Relationship.choices
        no_autocomplete(self)
