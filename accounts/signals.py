from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out)
def mark_response_private(sender, request, **kwargs):
    # The response that signs someone out still shows their page state: never store it.
    if request is not None:
        request.signed_out_now = True
