"""The admin's app config: our own site class, without the models that must never be listed."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# Models that hold a secret, a code, an address or a task's arguments: never in the admin.
NEVER_LISTED = [
    "mfa.Authenticator",  # TOTP secrets and recovery-code seeds
    "usersessions.UserSession",  # IP addresses and browsers
    "account.EmailAddress",  # addresses; the user list is enough to find an account
    "account.EmailConfirmation",
    "django_tasks_database.DBTaskResult",  # task arguments and results
]


class OperatorsAdminConfig(AdminConfig):
    default_site = "config.admin_site.OperatorsAdminSite"

    def ready(self) -> None:
        super().ready()  # registers every app's admin.py
        from django.apps import apps

        for label in NEVER_LISTED:
            try:
                model = apps.get_model(label)
            except LookupError:  # that app is not installed here
                continue
            if admin.site.is_registered(model):
                admin.site.unregister(model)
