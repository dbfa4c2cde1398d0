"""The public check page: did this service issue a pack with this manifest? No account needed,
works without JavaScript, and says nothing about who made the pack or what is in it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from check import register
from check.forms import CheckForm, ManifestUploadHandler
from config.public_limits import over_limit
from config.signing import grouped


def _plain(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@csrf_exempt
def check_page(request: HttpRequest) -> HttpResponse:
    # The upload limit must be in place before anything reads the body (CSRF's check does).
    request.upload_handlers = [ManifestUploadHandler(request)]
    return _check_page(request)


@csrf_protect
def _check_page(request: HttpRequest) -> HttpResponse:
    limited = over_limit(request, "check")
    if limited:
        return limited
    finding = None
    checked = False
    if request.method == "POST":
        form = CheckForm(
            request.POST,
            request.FILES,
            too_big=getattr(request, "manifest_too_big", False),
        )
        if form.is_valid():
            checked = True
            finding = register.look_up(
                manifest_sha256=form.manifest_sha256(),
                manifest=form.cleaned_data.get("manifest"),
            )
    else:
        form = CheckForm()
    return _plain(
        render(
            request,
            "check/check.html",
            {
                "form": form,
                "checked": checked,
                "finding": finding,
                "checked_sha256": form.manifest_sha256() if checked else "",
            },
        )
    )


def key_page(request: HttpRequest) -> HttpResponse:
    limited = over_limit(request, "check")
    if limited:
        return limited
    keys = register.published_keys()
    for key in keys:
        key.grouped_fingerprint = grouped(key.fingerprint)
    return _plain(render(request, "check/keys.html", {"keys": keys}))
