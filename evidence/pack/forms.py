"""The two steps of making a pack: choose what goes in, then check it and start."""

from django import forms

from config.forms import ChoicesByLabel, GovDateField
from diary.models import Kind, Person
from evidence.pack.redaction import MIN_REDACTION_LENGTH
from evidence.pack.selectors import Selection

MAX_REDACTIONS = 30
MAX_REDACTION_LENGTH = 200
# Picking notes one by one on a phone: the latest this many that match are listed.
PICK_LIMIT = 200


class PersonChoiceField(ChoicesByLabel):
    def label_from_instance(self, person):
        return person.name


class PackForm(forms.Form):
    OPTIONS = ("include_bundle", "include_history", "include_impact")

    date_from = GovDateField(
        what="to start from",
        label="From (optional)",
        required=False,
        help_text="The first day to include, for example 1 3 2026. Leave empty to start "
        "from your first note.",
    )
    date_to = GovDateField(
        what="to end on",
        label="To (optional)",
        required=False,
        help_text="The last day to include. Leave empty to go up to today.",
    )
    people = PersonChoiceField(
        label="Only notes about these people (optional)",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to include notes about anyone.",
        error_messages={"invalid_choice": "Choose people from your own list"},
    )
    kinds = forms.MultipleChoiceField(
        label="Only these kinds of incident (optional)",
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to include every kind.",
    )
    pick = forms.BooleanField(
        label="I want to choose notes one by one on the next page",
        required=False,
    )
    include_history = forms.BooleanField(
        label="The history of changes to each note",
        required=False,
        help_text="Shows police that nothing was changed without a record. Recommended.",
    )
    include_bundle = forms.BooleanField(
        label="A ZIP file of your original files",
        required=False,
        help_text="The files exactly as you uploaded them, with a list of their fingerprints "
        "(SHA-256) so police can check none was changed. Recommended.",
    )
    include_impact = forms.BooleanField(
        label="A summary of how it has affected you",
        required=False,
        help_text="The feelings and changes you recorded, to help with a victim personal "
        "statement.",
    )
    redactions = forms.CharField(
        label="Words to hide in the PDF (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        help_text="One on each line, for example your own address or phone number. Each is "
        "replaced by “[removed by the author]” in the PDF. Your original files are not changed.",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        people = self.fields["people"]
        people.queryset = Person.objects.owned_by(owner)
        if not people.queryset.exists():
            del self.fields["people"]

    @classmethod
    def initial_from(cls, selection: Selection) -> dict:
        return {
            "date_from": selection.period_start,
            "date_to": selection.period_end,
            "people": list(selection.person_ids),
            "kinds": list(selection.kinds),
            "pick": selection.pick,
            "include_history": selection.include_history,
            "include_bundle": selection.include_bundle,
            "include_impact": selection.include_impact,
            "redactions": "\n".join(selection.redactions),
        }

    def clean_redactions(self):
        lines = [line.strip() for line in self.cleaned_data["redactions"].splitlines()]
        words = list(dict.fromkeys(line for line in lines if line))
        if len(words) > MAX_REDACTIONS:
            raise forms.ValidationError(f"Enter up to {MAX_REDACTIONS} words or phrases to hide")
        for word in words:
            if len(word) < MIN_REDACTION_LENGTH:
                raise forms.ValidationError(
                    f"“{word}” is too short to hide: enter at least {MIN_REDACTION_LENGTH} "
                    "characters on each line"
                )
            if len(word) > MAX_REDACTION_LENGTH:
                raise forms.ValidationError(
                    f"Enter no more than {MAX_REDACTION_LENGTH} characters on each line"
                )
        return words

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned

    def selection(self, previous: Selection | None = None) -> Selection:
        data = self.cleaned_data
        return Selection(
            period_start=data.get("date_from"),
            period_end=data.get("date_to"),
            person_ids=tuple(str(p.pk) for p in data.get("people") or ()),
            kinds=tuple(data.get("kinds") or ()),
            pick=data["pick"],
            incident_ids=previous.incident_ids if previous and data["pick"] else (),
            include_history=data["include_history"],
            include_bundle=data["include_bundle"],
            include_impact=data["include_impact"],
            redactions=tuple(data["redactions"]),
            leave_out_located=previous.leave_out_located if previous else False,
        )


class IncidentPickField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, incident):
        when = incident.occurred_on.strftime("%-d %B %Y")
        return f"{when}: {incident.summary}"


class StartPackForm(forms.Form):
    """The check page: pick notes (if asked to), decide about located originals, then start."""

    incidents = IncidentPickField(
        label="Notes to include",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose notes from your own diary"},
    )
    located = forms.ChoiceField(
        label="What should happen to those originals?",
        choices=[
            ("leave_out", "Leave those originals out of the ZIP file"),
            ("include", "Put them in the ZIP file anyway"),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": "Choose whether to put those originals in the ZIP file"},
    )

    def __init__(self, *args, pickable=None, has_located=False, **kwargs):
        super().__init__(*args, **kwargs)
        if pickable is None:
            del self.fields["incidents"]
        else:
            self.fields["incidents"].queryset = pickable
        if has_located:
            self.fields["located"].required = True
        else:
            del self.fields["located"]

    def clean_incidents(self):
        chosen = self.cleaned_data["incidents"]
        if not chosen:
            raise forms.ValidationError("Tick at least one note to put in the pack")
        return chosen
