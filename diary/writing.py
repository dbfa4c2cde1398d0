"""The note being written: the shortcuts that fill in the date or time, and the ways out of the
note form (to add a person or a file) that keep the note as a draft first, so nothing typed is
lost, and a way back to it."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from diary.models import Incident
from diary.times import clock

# The draft a user left the note form from, to add a person or a file, kept in the session.
WRITING_NOTE = "writing_note"
SHORTCUTS = ("today", "yesterday", "now")
EXITS = ("person", "file")


def filled(form, shortcut: str, zone: ZoneInfo) -> dict:
    """What the form should show after a Today, Yesterday or Now button was pressed without
    JavaScript: everything as it was typed, with that one answer filled in."""
    initial = {name: form[name].value() for name in form.fields}
    now = timezone.localtime(timezone.now(), zone)
    day = now.date() - timedelta(days=1) if shortcut == "yesterday" else now.date()
    initial["occurred_on"] = [str(day.day), str(day.month), str(day.year)]
    if shortcut == "now":
        initial["occurred_time"] = clock(now.time())
        initial["time_unknown"] = False
    return initial


def exit_url(then: str, incident: Incident) -> str:
    if then == "person":
        return f"{reverse('diary:person_new')}?note={incident.pk}"
    return f"{reverse('evidence:upload')}?incident={incident.pk}"


def remember(request, incident: Incident) -> None:
    request.session[WRITING_NOTE] = str(incident.pk)


def forget(request, incident: Incident | None = None) -> None:
    if incident is None or request.session.get(WRITING_NOTE) == str(incident.pk):
        request.session.pop(WRITING_NOTE, None)


def note_being_written(request) -> Incident | None:
    """The draft the user left to add something, if it is still theirs and still a draft."""
    note_id = request.session.get(WRITING_NOTE)
    if not note_id or not request.user.is_authenticated:
        return None
    return (
        Incident.objects.owned_by(request.user)
        .filter(pk=note_id, is_draft=True, deleted_at__isnull=True)
        .first()
    )
