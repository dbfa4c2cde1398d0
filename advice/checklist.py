"""The safety steps: the things to do from the advice pages, as a checklist.

Each step's key is stored with a user's tick, so a key never changes once released. A step that
is retired simply leaves this list; ticks for it stay in the database but are no longer counted.
"""

from dataclasses import dataclass

from advice.pages import AdvicePage, page_by_slug


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    page_slug: str
    anchor: str  # the section of the page that explains the step

    @property
    def page(self) -> AdvicePage:
        page = page_by_slug(self.page_slug)
        if page is None:
            raise LookupError(f"Safety step {self.key!r} points at a missing page.")
        return page

    def get_absolute_url(self) -> str:
        return f"{self.page.get_absolute_url()}#{self.anchor}"


ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "record-each-time",
        "Write down what happened, where and when, each time",
        "keeping-a-record",
        "what-to-write",
    ),
    ChecklistItem(
        "keep-letters-and-parcels",
        "Keep letters and parcels in a clean bag or envelope",
        "keeping-a-record",
        "letters-and-parcels",
    ),
    ChecklistItem(
        "save-messages",
        "Save texts, emails and posts with the date and sender showing",
        "keeping-a-record",
        "messages",
    ),
    ChecklistItem(
        "tell-people",
        "Tell friends, neighbours and people at work what is happening",
        "keeping-a-record",
        "tell-people",
    ),
    ChecklistItem(
        "charged-phone",
        "Keep your phone charged and with you",
        "your-safety",
        "phone",
    ),
    ChecklistItem(
        "attack-alarm",
        "Get a personal attack alarm",
        "your-safety",
        "alarm",
    ),
    ChecklistItem(
        "vary-routine",
        "Change your routes and the times you go out",
        "your-safety",
        "routines",
    ),
    ChecklistItem(
        "share-plans",
        "Tell someone you trust where you are going",
        "your-safety",
        "plans",
    ),
    ChecklistItem(
        "phone-company",
        "Ask your phone company for help with unwanted calls",
        "your-safety",
        "phone-company",
    ),
    ChecklistItem(
        "telephone-preference-service",
        "Register with the Telephone Preference Service",
        "your-safety",
        "phone-company",
    ),
    ChecklistItem(
        "voicemail",
        "Set up voicemail so you can check calls before you answer",
        "unwanted-calls",
        "voicemail",
    ),
    ChecklistItem(
        "write-down-calls",
        "Write down the time and number of every call, even missed ones",
        "unwanted-calls",
        "write-down-calls",
    ),
    ChecklistItem(
        "no-contact",
        "Stop all contact: do not reply, talk or meet",
        "if-you-know-them",
        "do-not-reply",
    ),
    ChecklistItem(
        "talk-through-the-site",
        "Keep talking through the dating site or app, not by phone",
        "dating",
        "before-you-meet",
    ),
    ChecklistItem(
        "check-in-on-dates",
        "Tell a friend where your date is and check in with them",
        "dating",
        "when-you-meet",
    ),
    ChecklistItem(
        "personal-details",
        "Take your address, phone number and workplace off public profiles",
        "social-media-and-photos",
        "personal-details",
    ),
    ChecklistItem(
        "privacy-settings",
        "Check the privacy settings on each social media account",
        "social-media-and-photos",
        "privacy-settings",
    ),
    ChecklistItem(
        "photo-location",
        "Turn off location for photos on your phone and camera",
        "social-media-and-photos",
        "photo-location",
    ),
)

_BY_KEY = {item.key: item for item in ITEMS}
KEYS: frozenset[str] = frozenset(_BY_KEY)


def item_by_key(key: str) -> ChecklistItem | None:
    return _BY_KEY.get(key)


def items_for_page(page: AdvicePage) -> tuple[ChecklistItem, ...]:
    return tuple(item for item in ITEMS if item.page_slug == page.slug)
