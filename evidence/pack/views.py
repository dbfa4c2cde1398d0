"""Pages for making, following and downloading evidence packs (all under /packs/)."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from config.signals import account_activity
from evidence import storage
from evidence.models import Pack, PackStage, PackStatus
from evidence.pack import services
from evidence.pack.forms import PICK_LIMIT, PackForm, StartPackForm
from evidence.pack.selectors import Selection, pickable_incidents, preview
from evidence.pack.words import period_words

# The progress page asks again this often (seconds), with or without JavaScript.
REFRESH_SECONDS = 3


def _get_pack(request: HttpRequest, pack_id) -> Pack:
    """The signed-in user's own pack, or a 404 for anything else."""
    return get_object_or_404(Pack.objects.owned_by(request.user), pk=pack_id)


@login_required
def pack_list(request: HttpRequest) -> HttpResponse:
    packs = list(
        Pack.objects.owned_by(request.user)
        .exclude(status=PackStatus.DRAFT)
        .order_by("-created_at")[:50]
    )
    for pack in packs:
        selection = Selection.from_json(pack.selection)
        pack.period = period_words(selection.period_start, selection.period_end)
    return render(request, "packs/pack_list.html", {"packs": packs})


@login_required
def pack_new(request: HttpRequest) -> HttpResponse:
    return _choose(request, None)


@login_required
def pack_change(request: HttpRequest, pack_id) -> HttpResponse:
    pack = _get_pack(request, pack_id)
    if pack.status != PackStatus.DRAFT:
        raise Http404
    return _choose(request, pack)


def _choose(request: HttpRequest, pack: Pack | None) -> HttpResponse:
    """Step 1: what goes in. The choices are kept on a draft pack, never in the address."""
    previous = Selection.from_json(pack.selection) if pack else None
    if request.method == "POST":
        form = PackForm(request.POST, owner=request.user)
        if form.is_valid():
            pack = services.pack_draft_save(
                owner=request.user, selection=form.selection(previous), pack=pack
            )
            return redirect("packs:check", pack.pk)
    else:
        initial = PackForm.initial_from(previous or Selection())
        form = PackForm(initial=initial, owner=request.user)
    return render(
        request,
        "packs/pack_form.html",
        {
            "form": form,
            "pack": pack,
            "pick_fields": [form["pick"]],
            "option_fields": [form[name] for name in PackForm.OPTIONS],
        },
    )


@login_required
def pack_check(request: HttpRequest, pack_id) -> HttpResponse:
    """Step 2: the counts before building, picking notes and the location-data warning."""
    pack = _get_pack(request, pack_id)
    if pack.status != PackStatus.DRAFT:
        return redirect("packs:pack", pack.pk)
    selection = Selection.from_json(pack.selection)
    pickable = matching = None
    if selection.pick:
        pickable, matching = pickable_incidents(request.user, selection, limit=PICK_LIMIT)
    # Counts for everything that matches: the notes ticked below are a subset of them.
    counted = preview(request.user, replace(selection, pick=False))
    if request.method == "POST":
        form = StartPackForm(request.POST, pickable=pickable, has_located=bool(counted.located))
        if form.is_valid() and not counted.is_empty:
            services.pack_confirm(
                pack=pack,
                incident_ids=(
                    tuple(str(i.pk) for i in form.cleaned_data["incidents"])
                    if pickable is not None
                    else None
                ),
                leave_out_located=(
                    form.cleaned_data["located"] == "leave_out" if counted.located else None
                ),
            )
            return redirect("packs:pack", pack.pk)
    else:
        initial = {}
        if pickable is not None:
            initial["incidents"] = list(selection.incident_ids) or list(pickable)
        if counted.located:
            initial["located"] = "leave_out" if selection.leave_out_located else None
        form = StartPackForm(initial=initial, pickable=pickable, has_located=bool(counted.located))
    return render(
        request,
        "packs/pack_check.html",
        {
            "pack": pack,
            "form": form,
            "selection": selection,
            "preview": counted,
            "period": period_words(selection.period_start, selection.period_end),
            "matching": matching,
            "pick_limit": PICK_LIMIT,
        },
    )


def _refresh(pack: Pack) -> Pack:
    """A pack whose worker died shows as failed at once, not only after housekeeping runs."""
    if pack.in_progress and services.packs_sweep_stale(packs=Pack.objects.filter(pk=pack.pk)):
        pack.refresh_from_db()
    return pack


@login_required
def pack_detail(request: HttpRequest, pack_id) -> HttpResponse:
    pack = _refresh(_get_pack(request, pack_id))
    if pack.status == PackStatus.DRAFT:
        return redirect("packs:check", pack.pk)
    selection = Selection.from_json(pack.selection)
    return render(
        request,
        "packs/pack_detail.html",
        {
            "pack": pack,
            "selection": selection,
            "period": period_words(selection.period_start, selection.period_end),
            "stage": _stage_words(pack),
            "refresh_seconds": REFRESH_SECONDS,
            "download_stem": pack.download_stem,
        },
    )


def _stage_words(pack: Pack) -> str:
    if pack.status == PackStatus.QUEUED:
        return "Waiting to start"
    if pack.stage:
        return PackStage(pack.stage).label
    return pack.get_status_display()


@login_required
def pack_status(request: HttpRequest, pack_id) -> JsonResponse:
    """For the progress bar's script: how far the build has got."""
    pack = _refresh(_get_pack(request, pack_id))
    return JsonResponse(
        {
            "status": pack.status,
            "progress": pack.progress,
            "stage": _stage_words(pack),
            "finished": not pack.in_progress,
        }
    )


@require_POST
@login_required
def pack_retry(request: HttpRequest, pack_id) -> HttpResponseRedirect:
    pack = _get_pack(request, pack_id)
    if pack.status == PackStatus.FAILED:
        services.pack_request(pack=pack)
    return redirect("packs:pack", pack.pk)


@login_required
def pack_delete(request: HttpRequest, pack_id) -> HttpResponse:
    pack = _get_pack(request, pack_id)
    if request.method == "POST":
        services.pack_delete(pack=pack)
        account_activity.send(sender=Pack, request=request, kind="pack_deleted")
        messages.success(request, "The pack has been deleted from this service.")
        return redirect("packs:packs")
    return render(request, "packs/pack_delete.html", {"pack": pack})


def _pack_file(request: HttpRequest, pack_id, which: str) -> FileResponse:
    pack = _get_pack(request, pack_id)
    key = pack.pdf_key if which == "pdf" else pack.zip_key
    if pack.status != PackStatus.READY or not key:
        raise Http404
    response = FileResponse(
        storage.open_for_download(key, owner_id=pack.owner_id),
        content_type="application/pdf" if which == "pdf" else "application/zip",
        as_attachment=True,
        filename=f"{pack.download_stem}.{which}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    account_activity.send(sender=Pack, request=request, kind="pack_downloaded")
    return response


@login_required
def pack_pdf(request: HttpRequest, pack_id) -> FileResponse:
    return _pack_file(request, pack_id, "pdf")


@login_required
def pack_zip(request: HttpRequest, pack_id) -> FileResponse:
    return _pack_file(request, pack_id, "zip")
