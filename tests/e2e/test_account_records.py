"""A new user's account pages at phone size: recent activity, download everything, deleting
the account and changing one's mind."""

import io
import json
import re
import zipfile

from playwright.sync_api import expect

from tests.e2e.helpers import confirm_password, error_summary, sign_in, sign_in_to_notes
from tests.factories import make_incident


def test_someone_elses_wrong_password_shows_on_her_home_page_and_in_recent_activity(
    page, browsing, user
):
    sign_in_to_notes(page, user.email)
    stranger = browsing.new_context().new_page()
    sign_in(stranger, user.email, "a wrong guess")

    page.goto("/")
    expect(page.get_by_text("Since you last looked")).to_be_visible()
    page.get_by_role("link", name="See recent activity").click()

    expect(page.get_by_role("heading", name="Recent activity", level=1)).to_be_visible()
    expect(page.get_by_text("Someone tried to sign in with a wrong password")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Since you last looked")).to_have_count(0)


def test_she_downloads_everything_after_confirming_her_password(page, user):
    make_incident(user, narrative="He was waiting by the school gate.")
    sign_in_to_notes(page, user.email)
    page.goto("/account/")
    page.get_by_role("link", name="Download everything").click()
    confirm_password(page)

    page.get_by_role("button", name="Prepare my download").click()
    link = page.get_by_role("link", name=re.compile(r"^Download everything \("))
    expect(link).to_be_visible(timeout=20_000)
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value

    assert re.fullmatch(r"notes-all-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as opened:  # noqa: SIM115
        records = json.loads(opened.read("records.json"))
    assert [note["narrative"] for note in records["notes"]] == [
        "He was waiting by the school gate."
    ]


def test_she_asks_to_delete_her_account_then_signs_in_and_it_stops(page, user):
    sign_in_to_notes(page, user.email)
    page.goto("/account/")
    page.get_by_role("link", name="Delete your account").click()
    confirm_password(page)

    page.get_by_label(re.compile("To confirm, type the words")).fill("delete")
    page.get_by_role("button", name="Delete my account").click()
    expect(error_summary(page)).to_contain_text("Type the words delete my account exactly")
    page.get_by_label(re.compile("To confirm, type the words")).fill("delete my account")
    page.get_by_role("button", name="Delete my account").click()

    expect(page.get_by_role("heading", name="Your account will be deleted")).to_be_visible()
    expect(page.get_by_text("signing in within 7 days stops it")).to_have_count(0)
    sign_in(page, user.email)
    expect(page.get_by_text("Your account will not be deleted")).to_be_visible()
    user.refresh_from_db()
    assert user.deletion_requested_at is None
