from accounts.models import KeptText, User


def profile_update(*, user: User, full_name: str, initials: str, timezone: str) -> User:
    """Save the name printed on the pack, the initials for exhibit references and the time zone."""
    user.full_name = full_name
    user.initials = initials
    user.timezone = timezone
    user.save(update_fields=["full_name", "initials", "timezone"])
    return user


def kept_text_delete_expired() -> int:
    """Delete text kept from timed-out sessions once it is older than the stated hour."""
    deleted, _ = KeptText.objects.expired().delete()
    return deleted
