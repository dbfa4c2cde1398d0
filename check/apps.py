from django.apps import AppConfig


class CheckConfig(AppConfig):
    name = "check"
    verbose_name = "Register of issued packs"
