from django import template

from advice.selectors import checklist_progress

register = template.Library()


@register.inclusion_tag("advice/includes/safety_steps_summary.html")
def safety_steps_summary(user):
    """ "Safety steps: 6 of 18 done", linking to the checklist, for the signed-in home page."""
    done, total = checklist_progress(user)
    return {"done": done, "total": total, "signed_in": user.is_authenticated}
