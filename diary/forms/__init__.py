"""Validation for the diary's forms. Saving happens in services.py."""

from diary.forms.contacts import PoliceContactForm
from diary.forms.filters import TimelineFilterForm
from diary.forms.incident import IncidentForm, initial_from_incident
from diary.forms.people import PersonForm
from diary.forms.quick import QuickNoteForm

__all__ = [
    "IncidentForm",
    "PersonForm",
    "PoliceContactForm",
    "QuickNoteForm",
    "TimelineFilterForm",
    "initial_from_incident",
]
