from django.contrib import admin

from diary.models import Incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Counts and dates only: the admin never shows what anyone wrote."""

    list_display = ["id", "owner_id", "occurred_on", "recorded_at", "is_draft", "deleted_at"]
    list_filter = ["is_draft"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting here would skip the revision chain and leave files behind in storage.
        return False
