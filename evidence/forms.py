from django import forms
from django.utils import timezone

from config.forms import ChoicesByLabel, GovDateField
from diary.models import Incident, Person
from evidence.models import TRANSCRIPT_LENGTH, Exhibit, ExhibitKind

# The latest notes are enough to choose from on a phone; an older one is linked from its own page.
CHOICE_LIMIT = 100


def _incident_choices(owner, keep=()):
    """The owner's latest notes (drafts too), plus any named in ``keep``."""
    latest = (
        Incident.objects.owned_by(owner)
        .current()
        .order_by("-timeline_position")
        .values_list("pk", flat=True)[:CHOICE_LIMIT]
    )
    wanted = [*latest, *keep]
    return (
        Incident.objects.owned_by(owner)
        .current()
        .filter(pk__in=wanted)
        .order_by("-timeline_position")
    )


class IncidentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, incident):
        when = incident.occurred_on.strftime("%-d %B %Y")
        draft = " (draft)" if incident.is_draft else ""
        return f"{when}{draft}: {incident.summary}"


class UploadForm(forms.Form):
    """Everything but the files themselves, which the view reads as they stream in."""

    caption = forms.CharField(
        label="What is this? (optional)",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text="For example, 'Letter pushed through my door on Friday'",
    )
    incidents = IncidentChoiceField(
        label="Which notes is this about? (optional)",
        queryset=Incident.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose notes from your own diary"},
        help_text=f"Your latest {CHOICE_LIMIT} notes are listed. To link an older note, add the "
        "file from that note's own page.",
    )

    def __init__(self, *args, owner, keep=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incidents"].queryset = _incident_choices(owner, keep)
        self.fields["caption"].widget.attrs.pop("maxlength", None)


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return f"{item.reference}: {item.caption[:80]}" if item.caption else item.reference


class ExhibitEditForm(UploadForm):
    caption = forms.CharField(
        label="What is this?",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    photo_of = ItemChoiceField(
        label="Is it a photo of something you kept? (optional)",
        queryset=Exhibit.objects.none(),
        required=False,
        empty_label="No",
        help_text="For example, a photo of a letter you logged as an item, so the pack shows "
        "them together.",
        error_messages={"invalid_choice": "Choose one of your own items"},
    )
    people = ChoicesByLabel(
        label="Who does it show, or who is it from? (optional)",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose people from your own list"},
    )

    def __init__(self, *args, owner, exhibit, **kwargs):
        super().__init__(*args, owner=owner, **kwargs)
        self.fields["photo_of"].queryset = (
            Exhibit.objects.owned_by(owner)
            .current()
            .filter(kind=ExhibitKind.ITEM)
            .exclude(pk=exhibit.pk)
            .order_by("reference_number")
        )
        self.fields["people"].queryset = Person.objects.owned_by(owner)
        if not self.fields["photo_of"].queryset.exists():
            del self.fields["photo_of"]
        if not self.fields["people"].queryset.exists():
            del self.fields["people"]


class ItemForm(UploadForm):
    """A physical item: the thing itself stays with the victim; this records where and how."""

    caption = forms.CharField(
        label="What is it?",
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text="For example, 'Birthday card with no stamp' or 'Parcel with flowers'",
        error_messages={"required": "Say what the item is"},
    )
    item_received_on = GovDateField(
        what="it arrived",
        label="When did it arrive?",
        required=False,
        help_text="For example, 27 3 2026",
    )
    item_arrived_how = forms.CharField(
        label="How did it arrive?",
        required=False,
        max_length=300,
        help_text="For example, left on the doorstep, posted, handed to a neighbour",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    item_kept_where = forms.CharField(
        label="Where is it kept now?",
        required=False,
        max_length=300,
        help_text="For example, in a clean freezer bag in the kitchen drawer",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    item_handling = forms.CharField(
        label="How has it been handled?",
        required=False,
        max_length=2_000,
        help_text="For example, 'Put in a clean envelope without touching it' or "
        "'Opened, then bagged'",
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )

    field_order = [
        "caption",
        "item_received_on",
        "item_arrived_how",
        "item_kept_where",
        "item_handling",
        "incidents",
    ]

    def clean_item_received_on(self):
        value = self.cleaned_data["item_received_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("That date is in the future")
        return value

    def item_values(self) -> dict:
        data = self.cleaned_data
        return {
            "caption": data["caption"].strip(),
            "item_received_on": data["item_received_on"],
            "item_arrived_how": data["item_arrived_how"].strip(),
            "item_kept_where": data["item_kept_where"].strip(),
            "item_handling": data["item_handling"].strip(),
        }


class TranscriptForm(forms.Form):
    """What a recording or a video says or shows, typed by the person (optional)."""

    transcript = forms.CharField(
        label="What is said or shown (optional)",
        required=False,
        max_length=TRANSCRIPT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        help_text="Type out the words as closely as you can, and say what can be seen or heard. "
        "The pack prints this beside the file, so an officer can read it without playing it.",
        error_messages={
            "max_length": f"Keep it to {TRANSCRIPT_LENGTH:,} characters. "
            "Put the rest in a note, or split the recording."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The length is checked on the server, with a message that says what to do.
        self.fields["transcript"].widget.attrs.pop("maxlength", None)


class FileFilterForm(forms.Form):
    media_kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[
            ("", "Any type"),
            ("image", "Photos and screenshots"),
            ("pdf", "PDFs"),
            ("audio", "Recordings"),
            ("video", "Videos"),
            ("email", "Emails"),
            ("text", "Text"),
            ("item", "Physical items"),
        ],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    incident = forms.ModelChoiceField(
        label="Note",
        queryset=Incident.objects.none(),
        required=False,
        empty_label="Any note",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = _incident_choices(owner)
