from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers

from advice import selectors, services
from advice.forms import ChecklistMarkForm
from advice.helplines import all_helplines
from advice.pages import PAGES, neighbours, page_by_slug

# Long enough to spare a slow connection a second download, short enough that a corrected
# helpline number reaches people soon.
VISITOR_CACHE_SECONDS = 300


def cacheable_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let browsers and proxies keep the page for visitors who are not signed in.

    Signed-in pages get no-store from config.middleware; Vary: Cookie keeps the two apart.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if not request.user.is_authenticated and response.status_code == 200:
            # private: each response carries its own CSP nonce, which a shared cache would reuse.
            patch_cache_control(response, private=True, max_age=VISITOR_CACHE_SECONDS)
        return response

    return wrapped


@cacheable_for_visitors
def landing(request) -> HttpResponse:
    return render(request, "advice/landing.html", {"pages": PAGES})


@cacheable_for_visitors
def page(request, slug) -> HttpResponse:
    advice_page = page_by_slug(slug)
    if advice_page is None:
        raise Http404("No advice page with that address.")
    previous, following = neighbours(advice_page)
    context = {
        "page": advice_page,
        "previous_page": previous,
        "next_page": following,
        "steps": selectors.checklist_rows_for_page(request.user, advice_page),
        "helplines": all_helplines(),
    }
    return render(request, advice_page.template_name, context)


@cacheable_for_visitors
def checklist(request) -> HttpResponse:
    groups = selectors.checklist_by_page(request.user)
    rows = [row for _, page_rows in groups for row in page_rows]
    context = {
        "groups": groups,
        "done": sum(row.done for row in rows),
        "total": len(rows),
    }
    return render(request, "advice/checklist.html", context)


@login_required
def checklist_mark(request) -> HttpResponseRedirect:
    if request.method != "POST":
        # Someone who pressed a button after their session ran out signs in again and is sent
        # here; show them the list rather than an error.
        return redirect("advice:checklist")
    form = ChecklistMarkForm(request.POST)
    if not form.is_valid():
        raise BadRequest("The checklist form was not one of ours.")
    item_key = form.cleaned_data["item"]
    if form.cleaned_data["done"]:
        services.checklist_tick(owner=request.user, item_key=item_key)
    else:
        services.checklist_untick(owner=request.user, item_key=item_key)
    # Land on the step just changed, so its new state is the first thing read.
    return redirect(f"{form.return_url()}#step-{item_key}")
