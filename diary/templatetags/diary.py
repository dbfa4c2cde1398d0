from datetime import timedelta
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date

from diary.models import Change, Feeling, money_words
from diary.selectors import diary_counts, latest_incidents
from diary.times import clock, describe_delay

register = template.Library()

DAY = "l j F Y"


@register.filter
def incident_when(incident) -> str:
    """When it happened, in the timezone it was recorded in, with "time not known" said plainly."""
    day = format_date(incident.occurred_on, DAY)
    if incident.occurred_time is None:
        return f"{day} (time not known)"
    text = f"{day} at {clock(incident.occurred_time)}"
    if incident.ended_at:
        ended = timezone.localtime(incident.ended_at, ZoneInfo(incident.timezone))
        text += f" until {clock(ended.time())}"
        if ended.date() > incident.occurred_on:
            text += " the next day"
    return text


@register.filter
def written_after(incident) -> str | None:
    """ "3 days" if the note was first written more than a day after the event."""
    return describe_delay(incident.recorded_delay)


@register.filter
def server_time(value) -> str:
    """A server-recorded moment, in the viewer's time zone, to the minute."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_date(local, 'j F Y')} at {clock(local.time())}"


@register.inclusion_tag("diary/includes/home_summary.html")
def diary_summary(user):
    return {"counts": diary_counts(owner=user), "latest": latest_incidents(owner=user)}


@register.filter
def cost_words(incident) -> str:
    """£14.00 – a taxi home."""
    return " – ".join(part for part in (money_words(incident.cost), incident.cost_for) if part)


@register.filter
def noted_elsewhere_words(incident) -> str:
    """In notes on my phone, 12 October 2026 at 9:40pm; or No."""
    label = incident.get_noted_elsewhere_display()
    if incident.noted_elsewhere_on is None:
        return label
    day = incident.noted_elsewhere_on
    when = f"{day.day} {day:%B %Y}"
    if incident.noted_elsewhere_time is not None:
        when += f" at {clock(incident.noted_elsewhere_time)}"
    return f"{label}, {when}"


@register.filter
def feeling_labels(incident) -> list[str]:
    labels = dict(Feeling.choices)
    return [labels[code] for code in incident.feelings if code in labels]


@register.filter
def change_labels(incident) -> list[str]:
    labels = dict(Change.choices)
    return [labels[code] for code in incident.changes if code in labels]


@register.inclusion_tag("diary/includes/date_shortcuts.html")
def date_shortcuts():
    """Today and Yesterday, for the note form: they fill in the date (or, without JavaScript,
    send the form back to be filled in, keeping everything typed)."""
    today = timezone.localdate()
    return {"today": today, "yesterday": today - timedelta(days=1)}


@register.inclusion_tag("diary/includes/time_shortcut.html")
def time_shortcut():
    return {"now": clock(timezone.localtime().time()), "today": timezone.localdate()}


@register.inclusion_tag("diary/includes/back_to_note.html", takes_context=True)
def back_to_note(context):
    """'Back to the note you were writing', on a page the user reached from the note form."""
    from diary.writing import note_being_written

    request = context.get("request")
    return {"note": note_being_written(request) if request is not None else None}


@register.inclusion_tag("diary/includes/unfinished_notes.html")
def unfinished_notes(user):
    """Drafts still to be finished, newest first, for the home page."""
    from diary.selectors import drafts_of

    return {"drafts": drafts_of(owner=user)}
