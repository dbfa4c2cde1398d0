"""The activity record of one thing, for pages in other rooms (a shared pack's log on the pack
page): accounts may read every room, so the record is read here and the page only loads the tag."""

from django import template

from accounts.activity import activity_about

register = template.Library()


@register.simple_tag
def activity_log(owner, about):
    """`{% activity_log share.owner share.pk as log %}`: the owner's record about it, newest
    first."""
    return activity_about(owner=owner, about=about)
