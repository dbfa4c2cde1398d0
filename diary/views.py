import uuid
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.sealed import read_all
from config.session_filters import remember_filters, remembered_filters
from config.signals import account_activity
from diary import services, writing
from diary.forms import (
    IncidentForm,
    PersonForm,
    PoliceContactForm,
    QuickNoteForm,
    TimelineFilterForm,
    initial_from_incident,
)
from diary.history import describe_history
from diary.models import Incident, Person, PoliceContact, RevisionAction
from diary.selectors import timeline_page
from diary.services import DELETED_KEPT_FOR, StaleEdit


def _get_incident(request, incident_id, *, deleted=False) -> Incident:
    """The signed-in user's own incident, or a 404 for anything else."""
    incidents = Incident.objects.owned_by(request.user)
    incidents = incidents.deleted() if deleted else incidents.current()
    return get_object_or_404(incidents, pk=incident_id)


def _get_person(request, person_id) -> Person:
    return get_object_or_404(Person.objects.owned_by(request.user), pk=person_id)


def _get_contact(request, contact_id) -> PoliceContact:
    return get_object_or_404(PoliceContact.objects.owned_by(request.user), pk=contact_id)


TIMELINE_FILTERS = "timeline_filters"


@login_required
def timeline(request) -> HttpResponse:
    filters, chosen = remembered_filters(
        request, TIMELINE_FILTERS, TimelineFilterForm, owner=request.user
    )
    page = timeline_page(
        owner=request.user,
        cursor=request.GET.get("after"),
        date_from=chosen.get("date_from"),
        date_to=chosen.get("date_to"),
        kind=chosen.get("kind") or None,
        person=chosen.get("person"),
        reported=chosen.get("reported") or None,
    )
    return render(
        request,
        "diary/timeline.html",
        {
            "filters": filters,
            "incidents": page.incidents,
            "next_cursor": page.next_cursor,
            "is_first_page": "after" not in request.GET,
            "is_filtered": bool(chosen and any(chosen.values())),
        },
    )


@require_POST
@login_required
def timeline_filter(request) -> HttpResponseRedirect:
    """Remember the chosen filters (or clear them) and show the timeline again."""
    remember_filters(request, TIMELINE_FILTERS, TimelineFilterForm)
    return redirect("diary:timeline")


def _incident_form(request, *, data=None, initial=None, incident=None) -> IncidentForm:
    # A note keeps the time zone it was written in, even if the user's setting changes later.
    timezone_name = incident.timezone if incident is not None else request.user.zone.key
    return IncidentForm(
        data,
        initial=initial,
        owner=request.user,
        timezone_name=timezone_name,
        amending=incident is not None and not incident.is_draft,
    )


def _uuid(text: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(text or "")
    except ValueError:
        return None


def _filled_by_shortcut(request, form, incident=None) -> IncidentForm | None:
    """Today, Yesterday or Now pressed without JavaScript: the form again, that answer filled."""
    shortcut = request.POST.get("fill")
    if shortcut not in writing.SHORTCUTS:
        return None
    zone = ZoneInfo(incident.timezone) if incident is not None else request.user.zone
    return _incident_form(request, initial=writing.filled(form, shortcut, zone), incident=incident)


def _after_saving(request, incident, *, draft: bool, saved_words: str) -> HttpResponseRedirect:
    """Where a saved note goes next: on to add a person or a file, or to the note itself."""
    then = request.POST.get("then")
    if then in writing.EXITS:
        writing.remember(request, incident)
        messages.info(
            request,
            "Your note is kept as a draft. When you have added what you need, go back to it "
            "to finish and save it.",
        )
        return redirect(writing.exit_url(then, incident))
    if not draft:
        writing.forget(request, incident)
    messages.success(request, "Draft saved." if draft else saved_words)
    return redirect("diary:incident", incident_id=incident.pk)


@login_required
def incident_new(request) -> HttpResponseRedirect | HttpResponse:
    if request.method == "POST":
        form = _incident_form(request, data=request.POST)
        refilled = _filled_by_shortcut(request, form)
        if refilled is not None:
            form = refilled
        elif form.is_valid():
            is_draft = "save_draft" in request.POST or request.POST.get("then") in writing.EXITS
            incident = services.incident_create(
                owner=request.user,
                values=form.incident_values(),
                kinds=form.cleaned_data["kinds"],
                persons=form.cleaned_data["persons"],
                is_draft=is_draft,
                incident_id=form.cleaned_data["form_token"],
                new_person=form.new_person(),
            )
            return _after_saving(
                request, incident, draft=incident.is_draft, saved_words="Your note has been saved."
            )
    else:
        initial = {"form_token": uuid.uuid4(), **(request.kept_text or {})}
        form = _incident_form(request, initial=initial)
    return render(
        request, "diary/incident_form.html", {"form": form, "kept_text": request.kept_text}
    )


@login_required
def quick_note(request) -> HttpResponseRedirect | HttpResponse:
    """Write it down now: a few words, kept at once as a draft dated now (or when they say)."""
    if request.method == "POST":
        form = QuickNoteForm(request.POST, timezone_name=request.user.zone.key)
        if form.is_valid():
            services.incident_create(
                owner=request.user, values=form.incident_values(), kinds=(), is_draft=True
            )
            messages.success(
                request,
                "Saved. It is under Unfinished notes: add the rest when you can.",
            )
            return redirect("home")
    else:
        form = QuickNoteForm(timezone_name=request.user.zone.key, initial=request.kept_text)
    return render(request, "diary/quick_note.html", {"form": form})


@require_POST
@login_required
def incident_autosave(request) -> JsonResponse:
    """Keep a new or draft note on the server as it is typed (JavaScript only; no revisions)."""
    form = _incident_form(request, data=request.POST)
    if not form.is_valid() or not form.cleaned_data["form_token"]:
        return JsonResponse({"saved": False})
    token = form.cleaned_data["form_token"]
    existing = Incident.objects.owned_by(request.user).filter(pk=token).first()
    if existing is not None and (not existing.is_draft or existing.deleted_at):
        return JsonResponse({"saved": False})  # a saved note changes only when Save is pressed
    incident = services.incident_create(
        owner=request.user,
        values=form.incident_values(),
        kinds=form.cleaned_data["kinds"],
        persons=form.cleaned_data["persons"],
        is_draft=True,
        incident_id=token,
    )
    local = timezone.localtime(incident.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "message": f"Draft saved at {local:%H:%M}",
            "updated_at": incident.updated_at.isoformat(),
        }
    )


@login_required
def incident_detail(request, incident_id) -> HttpResponse:
    incident = _get_incident(request, incident_id)
    revisions = list(incident.revisions.only("action", "created_at", "sequence"))
    edits = sum(1 for revision in revisions if revision.action == RevisionAction.EDIT)
    return render(
        request,
        "diary/incident_detail.html",
        {
            "incident": incident,
            "edits": edits,
            "revision_count": len(revisions),
            "unreadable": bool(read_all(incident)),
        },
    )


@login_required
def incident_edit(request, incident_id) -> HttpResponseRedirect | HttpResponse:
    incident = _get_incident(request, incident_id)
    if read_all(incident):
        messages.error(request, "This note could not be read, so it cannot be changed.")
        return redirect("diary:incident", incident_id=incident.pk)
    conflict = None
    if request.method == "POST":
        form = _incident_form(request, data=request.POST, incident=incident)
        refilled = _filled_by_shortcut(request, form, incident)
        if refilled is not None:
            form = refilled
        elif form.is_valid():
            leaving = request.POST.get("then") in writing.EXITS
            try:
                incident = services.incident_update(
                    incident=incident,
                    values=form.incident_values(),
                    kinds=form.cleaned_data["kinds"],
                    persons=form.cleaned_data["persons"],
                    seen_updated_at=form.cleaned_data["seen_updated_at"],
                    is_draft="save_draft" in request.POST or leaving,
                    reason=form.change_reason_words(),
                    new_person=form.new_person(),
                )
            except StaleEdit:
                incident.refresh_from_db()
                conflict = incident
                # Keep every word typed; a second Save now knowingly replaces the newer version.
                data = request.POST.copy()
                data["seen_updated_at"] = incident.updated_at.isoformat()
                form = _incident_form(request, data=data, incident=incident)
                form.is_valid()
            else:
                return _after_saving(
                    request,
                    incident,
                    draft=incident.is_draft,
                    saved_words="Your changes have been saved.",
                )
    else:
        initial = initial_from_incident(incident)
        if incident.is_draft:
            initial["form_token"] = incident.pk  # lets the page keep autosaving the draft
        added = Person.objects.owned_by(request.user).filter(pk=_uuid(request.GET.get("person")))
        initial["persons"] = [*initial["persons"], *added]  # just added from this note
        initial.update(request.kept_text or {})
        form = _incident_form(request, initial=initial, incident=incident)
    return render(
        request,
        "diary/incident_form.html",
        {"form": form, "incident": incident, "conflict": conflict, "kept_text": request.kept_text},
    )


@login_required
def incident_history(request, incident_id) -> HttpResponse:
    incident = get_object_or_404(Incident.objects.owned_by(request.user), pk=incident_id)
    names = {str(person.pk): person.name for person in Person.objects.owned_by(request.user)}
    versions = describe_history(list(incident.revisions.all()), names)
    return render(
        request, "diary/incident_history.html", {"incident": incident, "versions": versions}
    )


@login_required
def incident_delete(request, incident_id) -> HttpResponseRedirect | HttpResponse:
    incident = _get_incident(request, incident_id)
    if request.method == "POST":
        services.incident_delete(incident=incident)
        if not incident.is_draft:
            account_activity.send(sender=Incident, request=request, kind="note_deleted")
        if incident.is_draft:
            messages.success(request, "The draft has been deleted.")
        else:
            messages.success(
                request,
                "The note has been moved to 'Deleted notes'. You can put it back for 30 days.",
            )
        return redirect("diary:timeline")
    return render(request, "diary/incident_delete.html", {"incident": incident})


@login_required
def deleted_list(request) -> HttpResponse:
    since = timezone.now() - DELETED_KEPT_FOR
    incidents = (
        Incident.objects.owned_by(request.user)
        .deleted()
        .filter(deleted_at__gte=since)
        .order_by("-deleted_at")
    )
    return render(
        request,
        "diary/deleted_list.html",
        {"incidents": incidents, "kept_days": DELETED_KEPT_FOR.days},
    )


@require_POST
@login_required
def incident_restore(request, incident_id) -> HttpResponseRedirect:
    incident = _get_incident(request, incident_id, deleted=True)
    if incident.deleted_at < timezone.now() - DELETED_KEPT_FOR:
        raise Http404
    services.incident_restore(incident=incident)
    messages.success(request, "The note is back in your diary.")
    return redirect("diary:incident", incident_id=incident.pk)


@login_required
def person_list(request) -> HttpResponse:
    people = Person.objects.owned_by(request.user).annotate(
        incident_count=Count("incidents", filter=Q(incidents__deleted_at__isnull=True))
    )
    # Names are sealed in the database: sorted once they are read.
    people = sorted(people, key=lambda person: person.name.casefold())
    return render(request, "diary/person_list.html", {"people": people})


@login_required
def person_form(request, person_id=None) -> HttpResponseRedirect | HttpResponse:
    person = _get_person(request, person_id) if person_id else None
    if request.method == "POST":
        form = PersonForm(request.POST, instance=person)
        if form.is_valid():
            person = services.person_save(
                owner=request.user, values=form.cleaned_data, person=person
            )
            messages.success(request, "Saved.")
            note = writing.note_being_written(request)
            if person_id is None and note is not None:
                # Back to the note they were writing, with this person ticked in it.
                edit = reverse("diary:incident_edit", kwargs={"incident_id": note.pk})
                return redirect(f"{edit}?person={person.pk}")
            return redirect("diary:person", person_id=person.pk)
    else:
        form = PersonForm(instance=person, initial=request.kept_text)
    return render(request, "diary/person_form.html", {"form": form, "person": person})


@login_required
def person_detail(request, person_id) -> HttpResponse:
    person = _get_person(request, person_id)
    incidents = person.incidents.filter(deleted_at__isnull=True).order_by("-timeline_position")
    return render(
        request,
        "diary/person_detail.html",
        {"person": person, "incidents": incidents, "unreadable": bool(read_all(person))},
    )


@login_required
def person_delete(request, person_id) -> HttpResponseRedirect | HttpResponse:
    person = _get_person(request, person_id)
    linked = person.incidents.count()
    if request.method == "POST" and not linked:
        services.person_delete(person=person)
        messages.success(request, "The person has been removed from your list.")
        return redirect("diary:people")
    return render(request, "diary/person_delete.html", {"person": person, "linked": linked})


@login_required
def contact_list(request) -> HttpResponse:
    contacts = PoliceContact.objects.owned_by(request.user)
    return render(request, "diary/contact_list.html", {"contacts": contacts})


@login_required
def contact_form(request, contact_id=None) -> HttpResponseRedirect | HttpResponse:
    contact = _get_contact(request, contact_id) if contact_id else None
    if request.method == "POST":
        form = PoliceContactForm(request.POST, instance=contact, owner=request.user)
        if form.is_valid():
            services.police_contact_save(
                owner=request.user,
                values=form.contact_values(),
                contact=contact,
                incidents=form.cleaned_data["incidents"],
            )
            messages.success(request, "Saved.")
            return redirect("diary:contacts")
    else:
        form = PoliceContactForm(instance=contact, initial=request.kept_text, owner=request.user)
    return render(request, "diary/contact_form.html", {"form": form, "contact": contact})


@login_required
def contact_delete(request, contact_id) -> HttpResponseRedirect | HttpResponse:
    contact = _get_contact(request, contact_id)
    if request.method == "POST":
        services.police_contact_delete(contact=contact)
        messages.success(request, "The contact has been deleted.")
        return redirect("diary:contacts")
    return render(request, "diary/contact_delete.html", {"contact": contact})
