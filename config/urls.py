from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("diary.urls")),
    path("files/", include("evidence.urls")),
    path("packs/", include("evidence.pack.urls")),
    path("advice/", include("advice.urls")),
    path("check/", include("check.urls")),
    path("", include("evidence.handover.urls")),
]
if settings.ADMIN_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))
