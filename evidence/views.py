import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from config.sealed import read_all
from config.session_filters import remember_filters, remembered_filters
from config.signals import account_activity
from diary.models import Incident
from evidence import services, storage
from evidence.forms import (
    ExhibitEditForm,
    FileFilterForm,
    ItemForm,
    TranscriptForm,
    UploadForm,
)
from evidence.models import Exhibit
from evidence.selectors import deleted_exhibits, exhibit_page, files_page
from evidence.sniffing import ACCEPTED_DESCRIPTION


def _get_exhibit(request, exhibit_id) -> Exhibit:
    """The signed-in user's own exhibit, or a 404 for anything else."""
    return get_object_or_404(Exhibit.objects.owned_by(request.user).current(), pk=exhibit_id)


def _needs_initials(request) -> HttpResponseRedirect | None:
    if request.user.initials:
        return None
    messages.info(
        request,
        "Add your initials first. They number your files the way police do, for example JS/1.",
    )
    return redirect(f"{reverse('profile')}?{urlencode({'next': request.get_full_path()})}")


FILE_FILTERS = "file_filters"


@login_required
def file_list(request) -> HttpResponse:
    filters, chosen = remembered_filters(request, FILE_FILTERS, FileFilterForm, owner=request.user)
    page = files_page(
        owner=request.user,
        cursor=request.GET.get("after"),
        media_kind=chosen.get("media_kind") or None,
        incident=chosen.get("incident"),
    )
    return render(
        request,
        "evidence/file_list.html",
        {
            "filters": filters,
            "exhibits": page.exhibits,
            "next_cursor": page.next_cursor,
            "is_filtered": bool(chosen and any(chosen.values())),
            "used": services.used_bytes(request.user),
            "quota": settings.EVIDENCE_QUOTA_BYTES,
        },
    )


@require_POST
@login_required
def file_filter(request) -> HttpResponseRedirect:
    remember_filters(request, FILE_FILTERS, FileFilterForm)
    return redirect("evidence:files")


def _upload_target(request) -> tuple[Incident | None, Exhibit | None]:
    """An incident or a physical item named in the address, if it is the user's own."""
    incident = item = None
    for name in ("incident", "item"):
        if request.GET.get(name):
            try:
                uuid.UUID(request.GET[name])
            except ValueError:
                raise Http404 from None
    if request.GET.get("incident"):
        incident = get_object_or_404(
            Incident.objects.owned_by(request.user).current(), pk=request.GET["incident"]
        )
    if request.GET.get("item"):
        item = get_object_or_404(
            Exhibit.objects.owned_by(request.user).current().filter(kind="item"),
            pk=request.GET["item"],
        )
    return incident, item


def _kept_ids(incident) -> list:
    return [incident.pk] if incident is not None else []


# Each file commits on its own: one bad file never undoes the ones already kept.
@transaction.non_atomic_requests
@login_required
def upload(request) -> HttpResponse:
    redirect_response = _needs_initials(request)
    if redirect_response:
        return redirect_response
    incident, item = _upload_target(request)
    errors: list[str] = []
    if request.method == "POST":
        form = UploadForm(request.POST, owner=request.user, keep=_kept_ids(incident))
        intake = services.exhibits_intake(
            owner=request.user,
            uploaded=request.FILES.getlist("files"),
            too_big=getattr(request, "refused_uploads", []),
            details=_upload_details(form, item),
        )
        if intake.kept:
            return _after_upload(request, intake, incident, item)
        errors = intake.refusals
    else:
        initial = {"incidents": [incident]} if incident else None
        form = UploadForm(owner=request.user, initial=initial, keep=_kept_ids(incident))
    return render(
        request,
        "evidence/upload.html",
        {
            "form": form,
            "errors": errors,
            "limits": services.upload_limits(owner=request.user),
            "incident": incident,
            "item": item,
            "accepted": ACCEPTED_DESCRIPTION,
        },
    )


def _upload_details(form, item) -> services.ExhibitDetails | None:
    """What the form says about every file chosen, or None when the form has errors."""
    if not form.is_valid():
        return None
    return services.ExhibitDetails(
        caption=form.cleaned_data["caption"].strip(),
        incidents=form.cleaned_data["incidents"],
        photo_of=item,
    )


def _after_upload(request, intake, incident, item) -> HttpResponseRedirect | JsonResponse:
    created = intake.kept
    references = ", ".join(exhibit.reference for exhibit in created)
    plural = "s" if len(created) > 1 else ""
    messages.success(request, f"Kept {len(created)} file{plural}: {references}.")
    for refusal in intake.refusals:
        messages.error(request, refusal)
    if item is not None:
        target = reverse("evidence:exhibit", kwargs={"exhibit_id": item.pk})
    elif incident is not None:
        # A draft goes back to its form, to be finished; a saved note shows its files.
        page = "diary:incident_edit" if incident.is_draft else "diary:incident"
        target = reverse(page, kwargs={"incident_id": incident.pk})
    elif len(created) == 1:
        target = reverse("evidence:exhibit", kwargs={"exhibit_id": created[0].pk})
    else:
        target = reverse("evidence:files")
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        # The progress script goes there itself, so the messages wait for that page.
        return JsonResponse({"next": target})
    return redirect(target)


@login_required
def exhibit_detail(request, exhibit_id) -> HttpResponse:
    exhibit = _get_exhibit(request, exhibit_id)
    transcript_form = None
    if exhibit.takes_transcript:
        transcript_form = TranscriptForm(initial={"transcript": exhibit.transcript})
    return _detail_page(request, exhibit, transcript_form)


def _detail_page(request, exhibit: Exhibit, transcript_form) -> HttpResponse:
    page = exhibit_page(exhibit=exhibit)
    return render(
        request,
        "evidence/exhibit_detail.html",
        {
            "unreadable": bool(read_all(page.exhibit)),
            "exhibit": page.exhibit,
            "incidents": page.incidents,
            "identical": page.identical,
            "photos": page.photos,
            "preparing": page.preparing,
            "transcript_form": transcript_form,
        },
    )


@require_POST
@login_required
def exhibit_transcript(request, exhibit_id) -> HttpResponse:
    """Keep what a recording or video says or shows; on a mistake, the file's page again with
    the typed words kept."""
    exhibit = _get_exhibit(request, exhibit_id)
    if not exhibit.takes_transcript:
        raise Http404
    form = TranscriptForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, exhibit, form)
    services.exhibit_transcript_save(exhibit=exhibit, transcript=form.cleaned_data["transcript"])
    messages.success(request, "Saved what is said or shown.")
    return redirect("evidence:exhibit", exhibit_id=exhibit.pk)


@login_required
def exhibit_edit(request, exhibit_id) -> HttpResponse:
    exhibit = _get_exhibit(request, exhibit_id)
    form_class = ItemForm if exhibit.is_item else ExhibitEditForm
    extra = {} if exhibit.is_item else {"exhibit": exhibit}
    linked = list(exhibit.incidents.values_list("pk", flat=True))
    if request.method == "POST":
        form = form_class(request.POST, owner=request.user, keep=linked, **extra)
        if form.is_valid():
            if exhibit.is_item:
                services.item_save(
                    owner=request.user,
                    values=form.item_values(),
                    incidents=form.cleaned_data["incidents"],
                    item=exhibit,
                )
            else:
                services.exhibit_update(
                    exhibit=exhibit,
                    caption=form.cleaned_data["caption"].strip(),
                    incidents=form.cleaned_data["incidents"],
                    photo_of=form.cleaned_data.get("photo_of"),
                    people=form.cleaned_data.get("people", ()),
                )
            messages.success(request, "Saved.")
            return redirect("evidence:exhibit", exhibit_id=exhibit.pk)
    else:
        initial = {
            "caption": exhibit.caption,
            "incidents": list(exhibit.incidents.all()),
            "item_received_on": exhibit.item_received_on,
            "item_arrived_how": exhibit.item_arrived_how,
            "item_kept_where": exhibit.item_kept_where,
            "item_handling": exhibit.item_handling,
            "photo_of": exhibit.photo_of,
            "people": list(exhibit.people.all()),
        }
        form = form_class(owner=request.user, initial=initial, keep=linked, **extra)
    return render(request, "evidence/exhibit_form.html", {"form": form, "exhibit": exhibit})


@login_required
def item_new(request) -> HttpResponse:
    redirect_response = _needs_initials(request)
    if redirect_response:
        return redirect_response
    incident, _ = _upload_target(request)
    if request.method == "POST":
        form = ItemForm(request.POST, owner=request.user, keep=_kept_ids(incident))
        if form.is_valid():
            item = services.item_save(
                owner=request.user,
                values=form.item_values(),
                incidents=form.cleaned_data["incidents"],
            )
            messages.success(request, f"Item {item.reference} recorded. You can add photos of it.")
            return redirect("evidence:exhibit", exhibit_id=item.pk)
    else:
        form = ItemForm(
            owner=request.user,
            initial={"incidents": [incident]} if incident else None,
            keep=_kept_ids(incident),
        )
    return render(request, "evidence/exhibit_form.html", {"form": form, "exhibit": None})


def _stored_response(
    exhibit: Exhibit, key: str, *, content_type: str, download_name: str | None = None
) -> FileResponse:
    if not key:
        raise Http404
    response = FileResponse(
        storage.open_for_download(key, owner_id=exhibit.owner_id),
        content_type=content_type,
        as_attachment=download_name is not None,
        filename=download_name or "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def exhibit_original(request, exhibit_id) -> FileResponse:
    """The original exactly as it arrived, only ever as a download, under a neutral name."""
    exhibit = _get_exhibit(request, exhibit_id)
    return _stored_response(
        exhibit,
        exhibit.original_key,
        content_type="application/octet-stream",
        download_name=exhibit.download_name,
    )


@login_required
def exhibit_preview(request, exhibit_id, size) -> FileResponse:
    exhibit = get_object_or_404(
        Exhibit.objects.owned_by(request.user).filter(purged_at__isnull=True), pk=exhibit_id
    )
    key = {"display": exhibit.display_key, "thumbnail": exhibit.thumbnail_key}.get(size)
    if key is None:
        raise Http404
    return _stored_response(exhibit, key, content_type="image/jpeg")


@require_POST
@login_required
def exhibit_retry_preview(request, exhibit_id) -> HttpResponseRedirect:
    exhibit = _get_exhibit(request, exhibit_id)
    services.exhibit_preview_retry(exhibit=exhibit)
    return redirect("evidence:exhibit", exhibit_id=exhibit.pk)


@login_required
def exhibit_delete(request, exhibit_id) -> HttpResponse:
    exhibit = _get_exhibit(request, exhibit_id)
    if request.method == "POST":
        services.exhibit_delete(exhibit=exhibit)
        account_activity.send(sender=Exhibit, request=request, kind="file_deleted")
        messages.success(
            request,
            f"{exhibit.reference} has been moved to 'Deleted files'. You can put it back for "
            "30 days.",
        )
        return redirect("evidence:files")
    return render(request, "evidence/exhibit_delete.html", {"exhibit": exhibit})


@login_required
def deleted_list(request) -> HttpResponse:
    return render(
        request, "evidence/deleted_list.html", {"exhibits": deleted_exhibits(owner=request.user)}
    )


@require_POST
@login_required
def exhibit_restore(request, exhibit_id) -> HttpResponseRedirect:
    # Only a file still in 'Deleted files' comes back; one past its 30 days is not found.
    exhibit = get_object_or_404(deleted_exhibits(owner=request.user), pk=exhibit_id)
    services.exhibit_restore(exhibit=exhibit)
    messages.success(request, f"{exhibit.reference} is back in your files.")
    return redirect("evidence:exhibit", exhibit_id=exhibit.pk)
