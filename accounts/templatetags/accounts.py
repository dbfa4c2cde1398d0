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
