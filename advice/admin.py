from django.contrib import admin

from advice.models import ChecklistTick


@admin.register(ChecklistTick)
class ChecklistTickAdmin(admin.ModelAdmin):
    """Operators may see how many steps are ticked and when, never whose or which."""

    list_display = ["ticked_at"]
    date_hierarchy = "ticked_at"
    ordering = ["-ticked_at"]
    fields = ["ticked_at"]
    readonly_fields = ["ticked_at"]
    show_full_result_count = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
