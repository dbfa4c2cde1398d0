from django.conf import settings


def service(request):
    """What every page needs to draw the shell: the neutral name and the session limits."""
    return {
        "service_name": settings.SERVICE_NAME,
        "session_idle_seconds": int(settings.SESSION_IDLE_TIMEOUT.total_seconds()),
        "session_warning_seconds": int(settings.SESSION_TIMEOUT_WARNING.total_seconds()),
    }
