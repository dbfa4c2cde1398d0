from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: health checks, JSON logs, the workers' heartbeat, backups."""

    name = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from operations import logs  # noqa: F401 - connects the task log receivers
