"""The viewer's time zone comes from one place: the account's own setting, or the site's."""

from zoneinfo import ZoneInfo

from accounts.models import User


def test_the_zone_is_the_one_the_account_holder_chose():
    assert User(timezone="America/New_York").zone == ZoneInfo("America/New_York")


def test_an_account_with_no_zone_set_sees_the_sites_zone(settings):
    settings.TIME_ZONE = "Europe/Dublin"

    assert User(timezone="").zone == ZoneInfo("Europe/Dublin")


def test_a_new_account_sees_uk_time():
    assert User().zone == ZoneInfo("Europe/London")
