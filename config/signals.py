"""Signals that let a lower room tell the account's activity record what happened, without
importing accounts (whose door points the other way)."""

from django.dispatch import Signal

# Sent by a view after the signed-in user did something the activity record keeps.
# Arguments: request (the HttpRequest), kind (an accounts.models.ActivityKind value); optional
# owner (whose record, when the request is not theirs) and about (the id of what it concerns).
account_activity = Signal()
