import sys

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Form fields that are never shown back: secrets, and Django's own token.
NOT_SHOWN_BACK = ("password", "csrfmiddlewaretoken", "code", "token")


def _posted_text(request) -> list[str]:
    """What the user typed into the form they sent, so they can copy it before trying again."""
    if request.method != "POST":
        return []
    texts = []
    try:
        posted = request.POST
    except Exception:  # noqa: BLE001 - a body we cannot parse has nothing to show back
        return []
    for name, values in posted.lists():
        if any(word in name.lower() for word in NOT_SHOWN_BACK):
            continue
        texts.extend(value for value in values if isinstance(value, str) and len(value) > 1)
    return texts


@requires_csrf_token
def server_error(request, template_name="500.html") -> HttpResponse:
    """Django's 500 handler, plus a plain "try again" page when the database or the file store
    is away.

    That page is drawn without the database (no session, no user, no context processors) and
    shows back the text the user posted, since the save did not happen.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError | BotoCoreError | ClientError):
        body = loader.get_template("operations/database_away.html").render(
            {"posted": _posted_text(request), "service_name": settings.SERVICE_NAME}
        )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
