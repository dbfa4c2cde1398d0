"""The advice pages, in reading order.

The words live in templates/advice/pages/<slug>.html; this index gives each page its place, its
neutral title and its contents list. Slugs and titles end up in browser history, which someone
else may read, so they never name what the site is about.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    """One part of a page: an `id` in its template and a line in its contents list."""

    anchor: str
    heading: str


@dataclass(frozen=True)
class AdvicePage:
    slug: str
    heading: str  # the page's <h1>, which may name the subject plainly
    title: str  # the <title>, kept neutral for browser history and tabs
    summary: str  # one line for the list of advice
    last_reviewed: date
    sections: tuple[Section, ...]

    @property
    def template_name(self) -> str:
        return f"advice/pages/{self.slug}.html"

    def get_absolute_url(self) -> str:
        return reverse("advice:page", args=[self.slug])


PAGES: tuple[AdvicePage, ...] = (
    AdvicePage(
        slug="what-it-is",
        heading="What stalking and harassment are",
        title="What it is",
        summary="How to tell if what is happening to you is stalking or harassment.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("harassment", "Harassment"),
            Section("stalking", "Stalking"),
            Section("four-signs", "Four signs to look for"),
            Section("you-are-not-alone", "You are not alone"),
            Section("not-your-fault", "It is not your fault"),
        ),
    ),
    AdvicePage(
        slug="keeping-a-record",
        heading="Keeping a record",
        title="Keeping a record",
        summary="What to write down and what to keep, so the police can act.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("why-it-matters", "Why a record matters"),
            Section("what-to-write", "What to write down each time"),
            Section("letters-and-parcels", "Letters and parcels"),
            Section("messages", "Texts, emails and social media"),
            Section("calls", "Phone calls"),
            Section("photos-and-video", "Photos and video"),
            Section("tell-people", "Tell people you trust"),
        ),
    ),
    AdvicePage(
        slug="your-safety",
        heading="Your personal safety",
        title="Your safety",
        summary="Small changes that make you safer when you are out and at home.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("phone", "Keep your phone ready"),
            Section("alarm", "A personal attack alarm"),
            Section("routines", "Change your routines"),
            Section("plans", "Let someone know your plans"),
            Section("phone-company", "Your phone company"),
            Section("online", "Online"),
        ),
    ),
    AdvicePage(
        slug="unwanted-calls",
        heading="Unwanted calls",
        title="Unwanted calls",
        summary="How to answer, when to hang up and how to keep track of calls.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("answering", "Answering the phone"),
            Section("voicemail", "Let voicemail answer"),
            Section("hanging-up", "You can hang up"),
            Section("write-down-calls", "Write down every call"),
        ),
    ),
    AdvicePage(
        slug="if-you-know-them",
        heading="If you know who it is",
        title="If you know who it is",
        summary="Why it is safest not to reply, meet or talk to them at all.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("do-not-meet", "Do not meet or talk to them"),
            Section("do-not-reply", "Do not reply at all"),
            Section("what-to-do-instead", "What to do instead"),
        ),
    ),
    AdvicePage(
        slug="dating",
        heading="Dating sites and apps",
        title="Dating sites and apps",
        summary="Staying safe when you talk to and meet people from dating sites.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("before-you-meet", "Before you meet"),
            Section("when-you-meet", "When you meet"),
            Section("if-it-goes-wrong", "If something feels wrong"),
        ),
    ),
    AdvicePage(
        slug="social-media-and-photos",
        heading="Social media and photos",
        title="Social media and photos",
        summary="What to keep off the internet, and the hidden location in your photos.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("personal-details", "Keep your details to yourself"),
            Section("requests", "Friend and follow requests"),
            Section("privacy-settings", "Privacy settings"),
            Section("photo-location", "Where a photo was taken"),
        ),
    ),
    AdvicePage(
        slug="getting-help",
        heading="Reporting and getting help",
        title="Getting help",
        summary="Helpline numbers, how to call 999 if you cannot talk, and how to report.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("emergency", "In an emergency"),
            Section("not-an-emergency", "When it is not an emergency"),
            Section("what-to-take", "What to take with you"),
            Section("after-you-report", "After you report"),
            Section("helplines", "Helplines"),
        ),
    ),
    AdvicePage(
        slug="using-this-site-safely",
        heading="Using this site safely",
        title="Using this site safely",
        summary="Leaving quickly, hiding your visits and keeping your account private.",
        last_reviewed=date(2026, 11, 25),
        sections=(
            Section("leave-quickly", "Leave this site quickly"),
            Section("history", "Hide your visits"),
            Section("shared-devices", "Shared or watched phones and computers"),
            Section("your-account", "Keep your account safe"),
            Section("what-we-keep", "What we keep and who can see it"),
        ),
    ),
)

_BY_SLUG = {page.slug: page for page in PAGES}


def page_by_slug(slug: str) -> AdvicePage | None:
    return _BY_SLUG.get(slug)


def neighbours(page: AdvicePage) -> tuple[AdvicePage | None, AdvicePage | None]:
    """The pages before and after this one in reading order."""
    position = PAGES.index(page)
    previous = PAGES[position - 1] if position > 0 else None
    following = PAGES[position + 1] if position + 1 < len(PAGES) else None
    return previous, following
