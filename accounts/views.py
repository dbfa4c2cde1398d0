import time

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts import signin_limits
from accounts.activity import activity_of, activity_record, activity_seen
from accounts.deletion import account_deletion_request
from accounts.export import export_request, exports_of, exports_sweep_stale
from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.middleware import SEEN_AT, seconds_left
from accounts.models import ActivityKind, ExportStatus
from accounts.services import profile_update
from evidence import storage


def home(request) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "accounts/start.html")
    return render(request, "accounts/home.html")


@login_required
def your_account(request) -> HttpResponse:
    return render(request, "accounts/your_account.html")


@login_required
def profile(request) -> HttpResponseRedirect | HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, "Your details have been saved.")
            # Sent here from another page (say, before a first upload): go back there.
            next_url = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(next_url)
            return redirect("your_account")
    else:
        form = ProfileForm(instance=request.user, initial=request.kept_text)
    return render(request, "accounts/profile.html", {"form": form, "kept_text": request.kept_text})


def exit_now(request) -> HttpResponseRedirect:
    """Leave at once: sign out, wipe what the browser holds for us and go somewhere ordinary.

    A GET on purpose (one tap must be enough); the worst a forged link can do is sign someone out.
    """
    logout(request)
    response = redirect(settings.EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    # Browsers ignore Clear-Site-Data over plain HTTP, so the known-browser cookie goes explicitly
    # (the owner then waits like anyone else after a stranger's guesses, which is accepted).
    signin_limits.forget_browser(response)
    add_never_cache_headers(response)
    return response


@require_GET
def session_status(request) -> JsonResponse:
    left = seconds_left(request) if request.user.is_authenticated else 0
    return JsonResponse({"signed_in": request.user.is_authenticated, "seconds_left": left})


@require_POST
@login_required
def session_keep_alive(request) -> JsonResponse:
    """ "Stay signed in" in the timeout warning: start the idle clock again."""
    request.session[SEEN_AT] = time.time()
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request)})


def csrf_failure(request, reason="") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@login_required
def activity(request) -> HttpResponse:
    """Recent activity: what happened on the account in the last 90 days."""
    items = list(activity_of(request.user)[:200])
    activity_seen(user=request.user)
    return render(request, "accounts/activity.html", {"items": items})


@login_required
@reauthentication_required
def download_everything(request) -> HttpResponse:
    if request.method == "POST":
        export_request(owner=request.user)
        activity_record(owner=request.user, kind=ActivityKind.EXPORT_REQUESTED, request=request)
        return redirect("download_everything")
    exports_sweep_stale(exports=exports_of(request.user))
    latest = exports_of(request.user).first()
    return render(request, "accounts/download_everything.html", {"export": latest})


@login_required
@reauthentication_required
def download_everything_file(request, export_id) -> FileResponse:
    export = get_object_or_404(exports_of(request.user), pk=export_id)
    if export.status != ExportStatus.READY or not export.file_key:
        raise Http404
    response = FileResponse(
        storage.open_for_download(export.file_key, owner_id=export.owner_id),
        content_type="application/zip",
        as_attachment=True,
        filename=export.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    activity_record(owner=request.user, kind=ActivityKind.EXPORT_DOWNLOADED, request=request)
    return response


@login_required
@reauthentication_required
def delete_account(request) -> HttpResponse:
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            day = account_deletion_request(user=request.user, request=request)
            return render(request, "accounts/delete_account_done.html", {"day": day})
    else:
        form = DeleteAccountForm()
    return render(request, "accounts/delete_account.html", {"form": form})
