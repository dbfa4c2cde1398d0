"""The account's one activity record: sign-ins, failed attempts, changes, downloads, deletions.

Recorded as they happen, kept for 90 days, shown on Recent activity and as news on the home page
(what happened since the user last looked, from other browsers). Never emailed: an email could be
read by the wrong person.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.browsers import describe_browser
from accounts.models import Activity, ActivityKind, User

KEPT_FOR = timedelta(days=90)
# "Last used" on the sessions page is this precise; finer would cost a write on every request.
USED_RESOLUTION = timedelta(minutes=5)
USED_AT = "_activity_used_at"
# What a stranger's attempts look like on the home page; the rest is the user's own doing.
NEWS_KINDS = {
    ActivityKind.SIGNED_IN,
    ActivityKind.SIGN_IN_FAILED,
    ActivityKind.CODE_FAILED,
    ActivityKind.PASSWORD_CHANGED,
    ActivityKind.PASSWORD_RESET,
    ActivityKind.EMAIL_CHANGED,
    ActivityKind.TWO_STEP_ON,
    ActivityKind.TWO_STEP_OFF,
    ActivityKind.CODES_RENEWED,
    ActivityKind.EXPORT_REQUESTED,
    ActivityKind.EXPORT_DOWNLOADED,
    ActivityKind.PACK_DOWNLOADED,
    ActivityKind.NOTE_DELETED,
    ActivityKind.FILE_DELETED,
    ActivityKind.PACK_DELETED,
    ActivityKind.DELETION_REQUESTED,
    ActivityKind.SHARE_OPENED,
    ActivityKind.SHARE_DOWNLOADED,
    ActivityKind.SHARE_LOCKED,
}


def _session_sha256(request) -> str:
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    return session_sha256(key) if key else ""


def activity_record(*, owner: User, kind: str, request=None, about=None) -> Activity:
    """Note one thing that happened on the account, with the browser in plain words."""
    browser = ""
    if request is not None:
        browser = describe_browser(request.META.get("HTTP_USER_AGENT"))
    return Activity.objects.create(
        owner=owner,
        kind=kind,
        browser=browser,
        session_sha256=_session_sha256(request),
        about=about,
    )


def session_sha256(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def activity_session_used(request) -> None:
    """Move this session's "last used" on, at most once every USED_RESOLUTION."""
    now = timezone.now()
    noted = request.session.get(USED_AT)
    if noted is not None and now.timestamp() - noted < USED_RESOLUTION.total_seconds():
        return
    request.session[USED_AT] = now.timestamp()
    own = _session_sha256(request)
    if own:
        Activity.objects.owned_by(request.user).filter(
            kind=ActivityKind.SIGNED_IN, session_sha256=own
        ).update(used_at=now)


def sessions_last_used(*, user: User, session_keys: list[str]) -> dict[str, datetime]:
    """When each session was last used, by session key: its sign-in, or its latest use since."""
    by_hash = {session_sha256(key): key for key in session_keys}
    sign_ins = Activity.objects.owned_by(user).filter(
        kind=ActivityKind.SIGNED_IN, session_sha256__in=by_hash
    )
    return {
        by_hash[hash_]: max(at, used_at or at)
        for hash_, at, used_at in sign_ins.values_list("session_sha256", "at", "used_at")
    }


def activity_about(*, owner: User, about) -> list[Activity]:
    """The owner's record of one thing (a shared pack), newest first."""
    return list(activity_of(owner).filter(about=about))


def activity_of(user: User):
    return Activity.objects.owned_by(user).filter(at__gte=timezone.now() - KEPT_FOR).order_by("-at")


def activity_news(request) -> list[Activity]:
    """What happened since the user last looked, done by any other browser, newest first."""
    user = request.user
    news = activity_of(user).filter(at__gt=user.activity_seen_at, kind__in=NEWS_KINDS)
    own = _session_sha256(request)
    if own:
        news = news.exclude(session_sha256=own)
    return list(news[:20])


def activity_seen(*, user: User) -> None:
    user.activity_seen_at = timezone.now()
    user.save(update_fields=["activity_seen_at"])


def activities_delete_expired() -> int:
    deleted, _ = Activity.objects.filter(at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted
