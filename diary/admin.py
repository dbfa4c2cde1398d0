from django.contrib import admin

from config.admin_views import CountsAndDatesAdmin
from diary.models import Incident


@admin.register(Incident)
class IncidentAdmin(CountsAndDatesAdmin):
    """Counts and dates only: the admin never shows what anyone wrote."""

    list_display = ["id", "owner_id", "occurred_on", "recorded_at", "is_draft", "deleted_at"]
    list_filter = ["is_draft"]
