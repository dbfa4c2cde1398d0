from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "evidence.handover"
    label = "handover"
    verbose_name = "Packs shared with an officer"
