"""Form pieces every app shares: the GOV.UK date input and the rule against browser suggestions."""

import re
from datetime import date, time

from crispy_forms.layout import TemplateNameMixin
from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.fields import DateInputField
from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


class GovDateField(DateInputField):
    """A GOV.UK date input with messages that say what to do."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter the date {what}"
        self.error_messages["incomplete"] = f"Enter the date {what} as day, month and year"

    def compress(self, data_list):
        day, month, year = data_list
        if day in (None, "") and month in (None, "") and year in (None, ""):
            return None
        try:
            value = date(int(year), int(month), int(day))
        # OverflowError: a number too big for date() to take at all, such as 1000000000000.
        except (TypeError, ValueError, OverflowError):
            raise forms.ValidationError(
                f"The date {self.what} must be a real date, for example 27 3 2026",
                code="invalid",
            ) from None
        if value.year < 1900:
            raise forms.ValidationError("Enter the year in full, for example 2026", code="invalid")
        return value


TIME_PATTERN = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<meridiem>am|pm|a\.m\.|p\.m\.)?$",
    re.IGNORECASE,
)


def parse_time(text: str) -> time | None:
    """Read a time as people type it: 21:30, 9.30pm, 9pm; 0930 is not accepted."""
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


class ClockField(forms.CharField):
    """A time of day typed as people write it ("9:30pm", "21.30"), cleaned to a `time`.

    A short text box rather than a time picker: pickers differ by phone and hide the am/pm
    choice. `invalid` is the whole message shown when the text is not a time.
    """

    def __init__(self, *, invalid: str = "Enter the time like 9:30pm or 21:30", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = invalid

    def to_python(self, value) -> time | None:
        text = super().to_python(value)
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def run_validators(self, value) -> None:
        # A time that parsed is never too long; the limit only sets the box's maxlength.
        if not isinstance(value, time):
            super().run_validators(value)


def no_autocomplete(form: forms.Form) -> None:
    """Names, plates and numbers must never turn up later as a browser suggestion.

    Long text boxes also lose their maxlength: a browser silently cuts pasted text at that
    length, where the server refuses it with a message and keeps every word in the form.
    """
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            for sub in widget.widgets:
                sub.attrs["autocomplete"] = "off"
        elif isinstance(widget, (forms.TextInput, forms.Textarea)):
            widget.attrs["autocomplete"] = "off"
        if isinstance(widget, forms.Textarea):
            widget.attrs.pop("maxlength", None)


class ByLabelIterator(forms.models.ModelChoiceIterator):
    """Choices sorted by their label after they are read: names are sealed in the database, so
    it cannot sort them."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.all()
        for found in sorted(queryset, key=lambda o: self.field.label_from_instance(o).casefold()):
            yield self.choice(found)


class ChoiceByLabel(forms.ModelChoiceField):
    iterator = ByLabelIterator


class ChoicesByLabel(forms.ModelMultipleChoiceField):
    iterator = ByLabelIterator


class ChoicesWithReveal(TemplateNameMixin):
    """GOV.UK checkboxes or radios where choosing an answer reveals the questions that follow
    from it ("Something else" reveals a box to say what). Without JavaScript everything shows.

    `reveals` maps a choice's value to the names of the fields it reveals; a BooleanField is
    drawn as one checkbox whose value is "on".
    """

    template = "includes/forms/choices_with_reveal.html"

    def __init__(self, field: str, reveals: dict, *, legend_size: str = "", inline=False):
        self.field = field
        self.reveals = reveals
        self.legend_size = legend_size
        self.inline = inline

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        bound = form[self.field]
        single = isinstance(bound.field, forms.BooleanField)
        multiple = isinstance(bound.field, forms.MultipleChoiceField) or single
        value = bound.value()
        if single:
            choices, chosen = [("on", bound.label)], {"on"} if value else set()
        else:
            choices = [(str(code), label) for code, label in bound.field.choices if code != ""]
            chosen = {str(v) for v in value or ()} if multiple else {str(value)}
        items = []
        for number, (code, label) in enumerate(choices, start=1):
            revealed = "".join(
                render_field(name, form, context, template_pack=template_pack)
                for name in self.reveals.get(code, ())
            )
            items.append(
                {
                    "id": f"{bound.auto_id}_{number}",
                    "value": code,
                    "label": label,
                    "checked": code in chosen,
                    "revealed": mark_safe(revealed),  # noqa: S308 - crispy's own rendering
                }
            )
        return render_to_string(
            self.template,
            {
                "field": bound,
                "items": items,
                "kind": "checkboxes" if multiple else "radios",
                "single": single,
                "legend_size": self.legend_size,
                "inline": self.inline,
            },
        )
