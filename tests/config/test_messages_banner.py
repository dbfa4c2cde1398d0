"""However many messages a step leaves, the page shows one banner (two stacked banners pushed
the notes down a phone screen), and good news is not dressed up when something needs attention."""

from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory


def banner_html(*sent: tuple[int, str]) -> str:
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    for level, text in sent:
        messages.add_message(request, level, text)
    return render_to_string("includes/messages.html", {"messages": request._messages})


def test_two_good_news_messages_share_one_done_banner():
    html = banner_html(
        (messages.SUCCESS, "You have confirmed your email address."),
        (messages.SUCCESS, "You are signed in."),
    )

    assert html.count('data-module="govuk-notification-banner"') == 1
    assert ">Done<" in html
    assert html.index("You have confirmed") < html.index("You are signed in.")


def test_a_message_that_is_not_good_news_makes_the_one_banner_important_and_comes_first():
    html = banner_html(
        (messages.SUCCESS, "You are signed in."),
        (messages.WARNING, "Your file could not be read."),
    )

    assert html.count('data-module="govuk-notification-banner"') == 1
    assert ">Important<" in html and ">Done<" not in html
    assert html.index("Your file could not be read.") < html.index("You are signed in.")


def test_no_messages_no_banner():
    assert "govuk-notification-banner" not in banner_html()
