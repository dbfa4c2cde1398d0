from django.contrib import admin

from evidence.models import Exhibit


@admin.register(Exhibit)
class ExhibitAdmin(admin.ModelAdmin):
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
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting here would skip the revision chain and leave files behind in storage.
        return False
