from django import forms
from django.urls import reverse

from advice.checklist import ITEMS
from advice.pages import PAGES, page_by_slug

CHECKLIST = "checklist"


class ChecklistMarkForm(forms.Form):
    """One press of "Mark as done" or "Mark as not done", from the checklist or an advice page."""

    item = forms.ChoiceField(choices=[(item.key, item.text) for item in ITEMS])
    done = forms.TypedChoiceField(
        choices=[("yes", "Done"), ("no", "Not done")], coerce=lambda value: value == "yes"
    )
    # Where to go back to: a choice, not a URL, so the form cannot be used to send people away.
    return_to = forms.ChoiceField(
        choices=[(CHECKLIST, "Safety steps")] + [(page.slug, page.heading) for page in PAGES],
        required=False,
    )

    def return_url(self) -> str:
        """The page the button was pressed on (the checklist unless it says otherwise)."""
        return_to = self.cleaned_data.get("return_to") or CHECKLIST
        if return_to == CHECKLIST:
            return reverse("advice:checklist")
        return page_by_slug(return_to).get_absolute_url()
