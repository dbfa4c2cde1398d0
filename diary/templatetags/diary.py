from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date

from diary.models import Change, Feeling
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
def feeling_labels(incident) -> list[str]:
    labels = dict(Feeling.choices)
    return [labels[code] for code in incident.feelings if code in labels]


@register.filter
def change_labels(incident) -> list[str]:
    labels = dict(Change.choices)
    return [labels[code] for code in incident.changes if code in labels]
