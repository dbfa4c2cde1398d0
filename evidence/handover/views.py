"""Sharing a ready pack with an officer (the user's pages, under /packs/), and the officer's own
pages (under /s/, no account): type the code, see the pack's reference and counts, download.

The officer's pages never name the user, are never stored by a browser or a proxy, are not
indexed, and answer every bad link with a plain page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_POST

from config.public_limits import over_limit
from config.signals import account_activity
from evidence import storage
from evidence.handover import selectors, services
from evidence.handover.forms import CodeForm, ShareForm
from evidence.handover.models import Share, ShareState
from evidence.models import Pack, PackStatus
from evidence.pack.selectors import Selection
from evidence.pack.words import period_words

# The session remembers which shares this browser has given the right code for.
UNLOCKED = "handover-unlocked"


def _get_ready_pack(request: HttpRequest, pack_id) -> Pack:
    pack = get_object_or_404(Pack.objects.owned_by(request.user), pk=pack_id)
    if pack.status != PackStatus.READY:
        raise Http404
    return pack


# The user's pages ----------------------------------------------------------------------------


@login_required
def share_new(request: HttpRequest, pack_id) -> HttpResponse:
    pack = _get_ready_pack(request, pack_id)
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            made = services.share_create(
                owner=request.user,
                pack=pack,
                recipient=form.cleaned_data["recipient"],
                days=form.cleaned_data["days"],
            )
            # Not "about" the share: its log on the pack page is what the officer's side did.
            account_activity.send(sender=Share, request=request, kind="share_made")
            # Shown once, in the answer to the POST: nothing keeps the link or the code.
            link = request.build_absolute_uri(reverse("handover:link", args=[made.token]))
            return render(
                request,
                "handover/share_made.html",
                {"pack": pack, "share": made.share, "link": link, "code": made.code},
            )
    else:
        form = ShareForm()
    return render(request, "handover/share_form.html", {"pack": pack, "form": form})


@require_POST
@login_required
def share_end(request: HttpRequest, pack_id, share_id) -> HttpResponseRedirect:
    pack = get_object_or_404(Pack.objects.owned_by(request.user), pk=pack_id)
    share = get_object_or_404(Share.objects.owned_by(request.user), pk=share_id, pack=pack)
    if services.share_end(share=share):
        account_activity.send(sender=Share, request=request, kind="share_ended")
        messages.success(
            request, f"The share for {share.recipient} has ended. Its link no longer works."
        )
    return redirect("packs:pack", pack.pk)


# The officer's pages ---------------------------------------------------------------------------


def _plain(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, share: Share | None) -> HttpResponse:
    """The plain page for a link that does not work, has ended or is locked."""
    if share is None:
        page, status = "handover/link_unknown.html", 404
    elif share.state == ShareState.LOCKED:
        page, status = "handover/link_locked.html", 403
    else:
        page, status = "handover/link_ended.html", 410
    return _plain(render(request, page, status=status))


def _unlocked(request: HttpRequest, share: Share) -> bool:
    return str(share.pk) in request.session.get(UNLOCKED, [])


def shared_link(request: HttpRequest, token: str) -> HttpResponse:
    limited = over_limit(request, "shared_link")
    if limited:
        return _plain(limited)
    share = selectors.share_by_token(token)
    if share is None or not share.is_open:
        return _refused(request, share)
    if _unlocked(request, share):
        return _shared_pack(request, share)
    if request.method == "POST":
        limited = over_limit(request, "shared_code")
        if limited:
            return _plain(limited)
        form = CodeForm(request.POST)
        if form.is_valid():
            tried = services.share_try_code(share=share, typed=form.cleaned_data["code"])
            if tried.right:
                request.session[UNLOCKED] = [*request.session.get(UNLOCKED, []), str(share.pk)]
                request.session.cycle_key()
                _record(request, share, "share_opened")
                return _plain(redirect("handover:link", token))
            if tried.locked_now:
                _record(request, share, "share_locked")
            if share.state == ShareState.LOCKED:
                return _refused(request, share)
            form.add_error(
                "code",
                "That code is not right. Check it against the message you were sent. "
                f"{tried.tries_left} tr{'y' if tried.tries_left == 1 else 'ies'} left before "
                "this link locks.",
            )
    else:
        form = CodeForm()
    return _plain(render(request, "handover/code.html", {"form": form}))


def _record(request: HttpRequest, share: Share, kind: str) -> None:
    account_activity.send(
        sender=Share, request=request, kind=kind, owner=share.owner, about=share.pk
    )


def _shared_pack(request: HttpRequest, share: Share) -> HttpResponse:
    pack = share.pack
    selection = Selection.from_json(pack.selection)
    return _plain(
        render(
            request,
            "handover/shared_pack.html",
            {
                "share": share,
                "pack": pack,
                "period": period_words(selection.period_start, selection.period_end),
                "token": request.resolver_match.kwargs["token"],
            },
        )
    )


def _shared_file(request: HttpRequest, token: str, which: str) -> HttpResponse:
    limited = over_limit(request, "shared_link")
    if limited:
        return _plain(limited)
    share = selectors.share_by_token(token)
    if share is None or not share.is_open:
        return _refused(request, share)
    if not _unlocked(request, share):
        return _plain(redirect("handover:link", token))
    pack = share.pack
    key = pack.pdf_key if which == "pdf" else pack.zip_key
    if not key:
        return _refused(request, None)
    # The same path as the user's own download: decrypted as it streams, never whole.
    response = FileResponse(
        storage.open_for_download(key, owner_id=pack.owner_id),
        content_type="application/pdf" if which == "pdf" else "application/zip",
        as_attachment=True,
        filename=f"{pack.download_stem}.{which}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    _record(request, share, "share_downloaded")
    return _plain(response)


def shared_pdf(request: HttpRequest, token: str) -> HttpResponse:
    return _shared_file(request, token, "pdf")


def shared_zip(request: HttpRequest, token: str) -> HttpResponse:
    return _shared_file(request, token, "zip")
