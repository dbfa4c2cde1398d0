"""List filters kept in the session, never in the address: browser history can be seen by
others, and "/notes/?kind=violence" would say too much."""

from django import forms


def remembered_filters(request, key: str, form_class: type[forms.Form], **form_kwargs):
    """The filter form bound to what was last chosen, and its cleaned values ({} if none)."""
    form = form_class(request.session.get(key), **form_kwargs)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, chosen


def remember_filters(request, key: str, form_class: type[forms.Form]) -> None:
    """Keep the posted filters (or forget them all when "clear" was pressed)."""
    if "clear" in request.POST:
        request.session.pop(key, None)
        return
    request.session[key] = {
        name: request.POST[name] for name in form_class.base_fields if request.POST.get(name)
    }
