from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from operations.health import HealthView

urlpatterns = [
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("diary.urls")),
    path("files/", include("evidence.urls")),
    path("packs/", include("evidence.pack.urls")),
    path("advice/", include("advice.urls")),
    path("check/", include("check.urls")),
    path("", include("evidence.handover.urls")),
    # For monitors: database, file store and task workers, in JSON, with no personal data.
    path("healthz", HealthView.as_view(), name="healthz"),
]
# A database that has gone away gets a plain "try again" page showing what was posted.
handler500 = "operations.views.server_error"
if settings.ADMIN_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))
