from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


class AdviceConfig(AppConfig):
    name = "advice"

    def ready(self):
        checks.register(check_helplines_file)


def check_helplines_file(app_configs=None, **kwargs):
    """A broken helplines file must show up at deploy time, not on the help page."""
    from advice.helplines import all_helplines

    try:
        all_helplines()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="advice.E001")]
    return []
