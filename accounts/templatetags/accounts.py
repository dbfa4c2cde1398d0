from django import template

from accounts.browsers import describe_browser

register = template.Library()


@register.filter
def without_placeholder(bound_field):
    """GOV.UK inputs carry no placeholder: it reads like an answer and vanishes when typing."""
    bound_field.field.widget.attrs.pop("placeholder", None)
    return bound_field


register.filter("browser_name", describe_browser)
