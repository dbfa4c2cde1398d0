"""What the Django admin may do with people's records: look at counts and dates, nothing more."""

from django.contrib import admin


class CountsAndDatesAdmin(admin.ModelAdmin):
    """Read-only, and never a delete: deleting here would skip the revision chain and leave
    files behind in storage. Subclasses list only fields that hold no one's words or files."""

    def get_readonly_fields(self, request, obj=None):
        return self.list_display

    def get_fields(self, request, obj=None):
        return self.list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
