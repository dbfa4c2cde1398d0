from accounts.models import KeptText, User


def profile_update(*, user: User, full_name: str, initials: str) -> User:
    """Save the name printed on the pack and the initials used for exhibit references."""
    user.full_name = full_name
    user.initials = initials
    user.save(update_fields=["full_name", "initials"])
    return user


def kept_text_delete_expired() -> int:
    """Delete text kept from timed-out sessions once it is older than the stated hour."""
    deleted, _ = KeptText.objects.expired().delete()
    return deleted
