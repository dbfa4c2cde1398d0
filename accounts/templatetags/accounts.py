from django import template

from accounts.browsers import describe_browser

register = template.Library()


@register.filter
def without_placeholder(bound_field):
    """GOV.UK inputs carry no placeholder: it reads like an answer and vanishes when typing."""
    bound_field.field.widget.attrs.pop("placeholder", None)
    return bound_field


register.filter("browser_name", describe_browser)


@register.filter
def error_anchor(bound_field) -> str:
    """Where an error summary link should land: the first box of a date, or the field itself."""
    if hasattr(bound_field.field.widget, "widgets"):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.inclusion_tag("accounts/includes/activity_news.html", takes_context=True)
def activity_news_notice(context):
    """News on the home page: what happened on the account from other browsers since the user
    last looked at Recent activity."""
    from accounts.activity import activity_news

    return {"news": activity_news(context["request"])}


@register.filter
def in_fours(key: str) -> str:
    """A setup key in groups of four ("ABCD EFGH …"), easier to read and type on a phone.
    Authenticator apps ignore the spaces."""
    key = "".join(str(key).split())
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
