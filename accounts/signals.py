from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out)
def mark_response_private(sender, request, **kwargs):
    # The response that signs someone out still shows their page state: never store it.
    if request is not None:
        request.signed_out_now = True


@receiver(user_logged_in)
def note_the_browser(sender, request, user, **kwargs):
    # The response is not built yet; the known_browser middleware sets the cookie on it.
    if request is not None:
        request.signed_in_user = user
