from django.contrib import admin

from config.admin_views import CountsAndDatesAdmin
from evidence.models import Exhibit


@admin.register(Exhibit)
class ExhibitAdmin(CountsAndDatesAdmin):
    """Operators see that exhibits exist and their state, never names, captions or files."""

    list_display = [
        "id",
        "owner_id",
        "kind",
        "media_kind",
        "size",
        "preview_status",
        "received_at",
        "deleted_at",
    ]
    list_filter = ["kind", "media_kind", "preview_status"]
