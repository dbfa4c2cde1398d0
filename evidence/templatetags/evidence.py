from datetime import datetime

from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from evidence.models import Exhibit, Pack, PackStatus
from evidence.services import used_bytes

register = template.Library()


@register.inclusion_tag("evidence/includes/incident_exhibits.html")
def incident_exhibits(incident):
    """The files and items linked to a note, for the note's own page (diary never imports us)."""
    exhibits = (
        Exhibit.objects.owned_by(incident.owner)
        .current()
        .filter(incidents=incident)
        .order_by("reference_number")
    )
    return {"incident": incident, "exhibits": exhibits}


@register.inclusion_tag("evidence/includes/incident_exhibit_list.html")
def incident_exhibit_list(incident):
    """Just the list of a note's files, for its own form (leaving the form is a button there)."""
    return incident_exhibits(incident)


@register.inclusion_tag("evidence/includes/person_exhibits.html")
def person_exhibits(person):
    """The files that show or came from a person, for the person's own page."""
    exhibits = (
        Exhibit.objects.owned_by(person.owner)
        .current()
        .filter(people=person)
        .order_by("reference_number")
    )
    return {"exhibits": exhibits}


@register.inclusion_tag("evidence/includes/home_summary.html")
def files_summary(user):
    exhibits = Exhibit.objects.owned_by(user).current()
    return {
        "count": exhibits.count(),
        "latest": exhibits.order_by("-received_at")[:4],
        "used": used_bytes(user),
        "quota": settings.EVIDENCE_QUOTA_BYTES,
    }


@register.filter
def size_in_words(value) -> str:
    return filesizeformat(value or 0).replace("\xa0", " ")


@register.filter
def fact_time(value) -> str:
    """A date and time the file states (ISO text in its facts), in plain words as written."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    words = f"{moment.day} {moment:%B %Y} at {moment:%-I:%M%p}".replace("AM", "am").replace(
        "PM", "pm"
    )
    if moment.tzinfo is not None:
        offset = moment.strftime("%z")
        words += f" (UTC{offset[:3]}:{offset[3:]})"
    return words


@register.inclusion_tag("packs/includes/home_summary.html")
def packs_summary(user):
    """The home page's way to the evidence pack, with the latest one if any."""
    latest = (
        Pack.objects.owned_by(user).exclude(status=PackStatus.DRAFT).order_by("-created_at").first()
    )
    return {"latest": latest}
