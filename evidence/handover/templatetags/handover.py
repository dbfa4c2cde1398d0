from django import template

from evidence.handover.selectors import shares_of

register = template.Library()


@register.inclusion_tag("handover/includes/pack_shares.html", takes_context=True)
def pack_shares(context, pack):
    """The pack page's "Share with an officer" section: the button and every share's state."""
    return {"pack": pack, "shares": shares_of(pack), "request": context.get("request")}
