from playwright.sync_api import expect

from tests.e2e.helpers import PHONE_VIEWPORT, email_code, sign_in_to_notes
from tests.e2e.site_map import SIGNED_IN_PAGES, SIGNED_OUT_PAGES

SIGNED_IN_PATHS = sorted({site_page.path for site_page in SIGNED_IN_PAGES})


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_home_page_fits_a_phone_screen_and_shows_exit_this_page(page, user):
    sign_in_to_notes(page, user.email)

    assert page.viewport_size == PHONE_VIEWPORT
    assert scroll_width(page) <= page.evaluate("window.innerWidth")
    exit_button = page.get_by_role("button", name="Exit this page")
    expect(exit_button).to_be_visible()
    expect(exit_button).to_be_in_viewport()


def test_signed_in_pages_tell_the_browser_not_to_store_them(page, user, tour):
    sign_in_to_notes(page, user.email)
    for path in SIGNED_IN_PATHS:
        response = page.goto(path.format_map(tour))
        cache_control = response.headers.get("cache-control", "")
        assert "no-store" in cache_control, f"{path} sent Cache-Control: {cache_control!r}"


def test_page_titles_do_not_say_what_the_service_is(page, user, tour):
    titles = []
    for site_page in SIGNED_OUT_PAGES:
        page.goto(site_page.path)
        titles.append(page.title())
    sign_in_to_notes(page, user.email)
    for site_page in SIGNED_IN_PAGES:
        page.goto(site_page.url(tour))
        titles.append(page.title())

    for title in titles:
        assert title == "Notes" or title.endswith(" – Notes"), title
        for word in ("stalk", "harass", "abuse", "evidence"):
            assert word not in title.lower(), title


def test_no_page_asks_anything_of_another_site(browsing, page, user, tour):
    for site_page in SIGNED_OUT_PAGES:
        page.goto(site_page.path)
    sign_in_to_notes(page, user.email)
    for site_page in SIGNED_IN_PAGES:
        page.goto(site_page.url(tour))

    assert browsing.foreign_requests == []


def test_the_page_not_found_page_is_in_the_same_shell_and_tells_nothing(page):
    response = page.goto("/notes/not-a-real-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_text("urlpatterns")).to_have_count(0)


def test_after_signing_up_with_a_long_email_one_done_banner_shows_and_the_page_fits(
    page, mailoutbox
):
    long_email = "jonathan.fotheringham-whitcombe.1987@example-mail-provider.co.uk"
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill(long_email)
    page.get_by_label("Password", exact=True).fill("kettle orchard lantern")
    page.get_by_label("Type the password again").fill("kettle orchard lantern")
    page.get_by_role("button", name="Create account").click()
    page.get_by_label("Code").fill(email_code(mailoutbox[0]))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your notes", level=1)).to_be_visible()
    done = page.locator(".govuk-notification-banner--success")
    expect(done).to_have_count(1)
    # The banner no longer repeats the address, which is what once pushed the page to 419px.
    expect(done).to_contain_text("Your email address is confirmed.")
    expect(done).to_contain_text("You are signed in.")
    assert scroll_width(page) <= PHONE_VIEWPORT["width"]


def test_emergency_numbers_can_be_tapped_to_call(page):
    page.goto("/")
    expect(page.locator("main").get_by_role("link", name="999")).to_have_attribute(
        "href", "tel:999"
    )
    expect(page.locator("footer").get_by_role("link", name="999")).to_have_attribute(
        "href", "tel:999"
    )

    page.goto("/advice/getting-help/")
    main = page.locator("main")
    for number in ("999", "101", "18000"):
        links = main.get_by_role("link", name=number, exact=True)
        expect(links.first).to_be_visible()
        for href in [link.get_attribute("href") for link in links.all()]:
            assert href == f"tel:{number}"
