"""Every page built so far. A new page joins the accessibility sweep, the no-JavaScript tour and
the 320px sweep by adding one line here.

A page that shows one record names it in braces, as in "/notes/{note}/edit/": the e2e fixture
`tour` makes one of each for the signed-in user (see `make_tour_records` in conftest.py).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from playwright.sync_api import Page

from tests.e2e.helpers import confirm_password


def send_the_form_empty(page: Page) -> None:
    """Clear every box of the page's main form and send it, to show the error summary."""
    form = page.locator("main form").filter(has=page.locator("button[type=submit]")).first
    text_boxes = (
        "input:visible:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([disabled])"
    )
    for box in form.locator(text_boxes).all():
        box.fill("")
    # The main button, not a shortcut (Today, Now) or a way out, which are secondary.
    buttons = form.locator("button[type=submit]:not(.govuk-button--secondary):not([aria-hidden])")
    buttons.first.click()
    page.locator(".govuk-error-summary").wait_for()


def confirm_if_asked(page: Page) -> None:
    """Answer "Confirm it is you" if this session has not confirmed in the last 5 minutes."""
    if page.locator("h1", has_text="Confirm it is you").count():
        confirm_password(page)


def confirm_then_send_empty(page: Page) -> None:
    confirm_if_asked(page)
    send_the_form_empty(page)


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str
    heading: str  # the h1 that proves the page itself was shown, not a redirect
    # Run after opening the page to reach a state worth checking: errors shown, access confirmed.
    then: Callable[[Page], None] | None = None

    def url(self, records: Mapping[str, str]) -> str:
        """The path with the tour's records put in; a path naming none is returned as it is."""
        return self.path.format_map(records)


SIGNED_OUT_PAGES = [
    SitePage("start", "/", "A private place to keep notes"),
    SitePage("sign in", "/accounts/login/", "Sign in"),
    SitePage("sign in with errors", "/accounts/login/", "Sign in", send_the_form_empty),
    SitePage("sign up", "/accounts/signup/", "Create an account"),
    SitePage("sign up with errors", "/accounts/signup/", "Create an account", send_the_form_empty),
    SitePage("password reset", "/accounts/password/reset/", "Reset your password"),
    SitePage("advice", "/advice/", "Advice"),
    SitePage("advice: what it is", "/advice/what-it-is/", "What stalking and harassment are"),
    SitePage("advice: keeping a record", "/advice/keeping-a-record/", "Keeping a record"),
    SitePage("advice: your safety", "/advice/your-safety/", "Your personal safety"),
    SitePage("advice: unwanted calls", "/advice/unwanted-calls/", "Unwanted calls"),
    SitePage("advice: if you know them", "/advice/if-you-know-them/", "If you know who it is"),
    SitePage("advice: dating", "/advice/dating/", "Dating sites and apps"),
    SitePage("advice: social media", "/advice/social-media-and-photos/", "Social media and photos"),
    SitePage("advice: getting help", "/advice/getting-help/", "Reporting and getting help"),
    SitePage(
        "advice: using this site", "/advice/using-this-site-safely/", "Using this site safely"
    ),
    SitePage("safety checklist", "/advice/checklist/", "Safety steps"),
    SitePage("page not found, signed out", "/no-such-page/", "Page not found"),
    SitePage("password reset sent", "/accounts/password/reset/done/", "Check your email"),
    SitePage(
        "password reset link used",
        "/accounts/password/reset/key/1-used/",
        "This link does not work",
    ),
    SitePage(
        "new password saved", "/accounts/password/reset/key/done/", "Your new password is saved"
    ),
    SitePage("check a pack", "/check/", "Check a pack"),
    SitePage("signing keys", "/check/key/", "Signing keys"),
    SitePage("shared link that does not work", "/s/no-such-link/", "This link does not work"),
]

SIGNED_IN_PAGES = [
    SitePage("home", "/", "Your notes"),
    SitePage("your account", "/account/", "Your account"),
    SitePage("your details", "/account/details/", "Your details"),
    SitePage("your details with errors", "/account/details/", "Your details", send_the_form_empty),
    SitePage("two-step sign-in", "/accounts/2fa/", "Two-step sign-in"),
    SitePage("confirm access", "/accounts/2fa/totp/activate/", "Confirm it is you"),
    SitePage(
        "two-step setup",
        "/accounts/2fa/totp/activate/",
        "Turn on two-step sign-in",
        confirm_password,
    ),
    SitePage("where you are signed in", "/accounts/sessions/", "Where you are signed in"),
    SitePage("recent activity", "/account/activity/", "Recent activity"),
    SitePage("download everything", "/account/download/", "Download everything", confirm_if_asked),
    SitePage("delete your account", "/account/delete/", "Delete your account", confirm_if_asked),
    SitePage(
        "delete your account with errors",
        "/account/delete/",
        "Delete your account",
        confirm_then_send_empty,
    ),
    SitePage("change password", "/accounts/password/change/", "Change your password"),
    SitePage("email address", "/accounts/email/", "Your email address"),
    SitePage("notes", "/notes/", "Diary"),
    SitePage("add a note", "/notes/new/", "Add a note"),
    SitePage("add a note with errors", "/notes/new/", "Add a note", send_the_form_empty),
    SitePage("write it down now", "/notes/quick/", "Write it down now"),
    SitePage("a note", "/notes/{note}/", "Saturday 14 March 2026 at 9:30pm"),
    SitePage("change a note", "/notes/{note}/edit/", "Change a note"),
    SitePage("a note's history", "/notes/{note}/history/", "History of this note"),
    SitePage("delete a note", "/notes/{note}/delete/", "Delete this note?"),
    SitePage("deleted notes", "/notes/deleted/", "Deleted notes"),
    SitePage("people", "/people/", "People"),
    SitePage("add a person", "/people/new/", "Add a person"),
    SitePage("a person", "/people/{person}/", "Fotheringham-Whitcombe"),
    SitePage("change a person", "/people/{person}/edit/", "Change Fotheringham-Whitcombe"),
    SitePage(
        "remove a person", "/people/{person}/delete/", "Fotheringham-Whitcombe is named in 1 note"
    ),
    SitePage("police contacts", "/contacts/", "Police and other contacts"),
    SitePage("add a contact", "/contacts/new/", "Add a contact"),
    SitePage("change a contact", "/contacts/{contact}/edit/", "Change a contact"),
    SitePage("delete a contact", "/contacts/{contact}/delete/", "Delete this contact?"),
    SitePage("files", "/files/", "Files"),
    SitePage("add files", "/files/upload/", "Add files"),
    SitePage("log an item", "/files/items/new/", "Log an item you kept"),
    SitePage("deleted files", "/files/deleted/", "Deleted files"),
    SitePage("a file", "/files/{file}/", "JS/1"),
    SitePage("change a file", "/files/{file}/edit/", "Change JS/1"),
    SitePage("delete a file", "/files/{file}/delete/", "Delete JS/1?"),
    SitePage("an item you kept", "/files/{item}/", "JS/2"),
    SitePage("an email you kept", "/files/{email}/", "JS/3"),
    SitePage("packs", "/packs/", "Evidence packs"),
    SitePage("make a pack", "/packs/new/", "Make an evidence pack"),
    SitePage("change what goes in a pack", "/packs/{draft_pack}/change/", "Make an evidence pack"),
    SitePage("check what goes in a pack", "/packs/{draft_pack}/check/", "Check what goes in"),
    SitePage("a pack", "/packs/{pack}/", "Your pack is ready"),
    SitePage("delete a pack", "/packs/{pack}/delete/", "Delete this pack?"),
    SitePage("share a pack", "/packs/{pack}/share/", "Share with an officer"),
    SitePage(
        "share a pack with errors",
        "/packs/{pack}/share/",
        "Share with an officer",
        send_the_form_empty,
    ),
    SitePage("safety checklist, signed in", "/advice/checklist/", "Safety steps"),
    SitePage("advice, signed in", "/advice/", "Advice"),
    SitePage("page not found", "/no-such-page/", "Page not found"),
    SitePage("sign out", "/accounts/logout/", "Sign out"),
]
