import re
import tomllib

import pytest
from django.core.exceptions import ImproperlyConfigured

from advice.apps import check_helplines_file
from advice.helplines import DEFAULT_FILE, parse_helplines
from advice.pages import page_by_slug

HELP_PAGE = page_by_slug("getting-help").get_absolute_url()


def _numbers_in(path) -> list[str]:
    # Read the file with tomllib directly, so the test does not trust the app's own reader.
    return [entry["number"] for entry in tomllib.loads(path.read_text())["helpline"]]


def test_every_helpline_number_in_the_data_file_is_on_the_help_page(client, db):
    html = client.get(HELP_PAGE).text

    numbers = _numbers_in(DEFAULT_FILE)
    assert len(numbers) >= 4
    for number in numbers:
        assert f">{number}</a>" in html, number
        assert f'href="tel:{number.replace(" ", "")}"' in html, number


def test_the_helplines_the_service_starts_with_are_the_national_ones(client, db):
    html = client.get(HELP_PAGE).text

    for name, number in [
        ("National Stalking Helpline", "0808 802 0300"),
        ("National Domestic Abuse Helpline", "0808 2000 247"),
        ("Victim Support", "08 08 16 89 111"),
        ("Crimestoppers", "0800 555 111"),
    ]:
        assert re.search(rf"{name}</h3>.*?>{number}</a>", html, re.S), name


def test_a_deployer_can_put_in_their_own_helplines_with_opening_hours(
    client, db, settings, tmp_path
):
    own_file = tmp_path / "helplines.toml"
    own_file.write_text(
        '[[helpline]]\nname = "Local Support Line"\nnumber = "0300 123 4567"\n'
        'about = "Help for people in our county."\n'
        'opening_hours = "Monday to Friday, 9am to 5pm"\n'
    )
    settings.ADVICE_HELPLINES_FILE = own_file

    html = client.get(HELP_PAGE).text

    assert "Local Support Line" in html
    assert ">0300 123 4567</a>" in html
    assert "Open: Monday to Friday, 9am to 5pm" in html
    assert "0808 802 0300" not in html


def test_a_helpline_without_opening_hours_says_to_check_them(client, db, settings, tmp_path):
    own_file = tmp_path / "helplines.toml"
    own_file.write_text('[[helpline]]\nname = "A"\nnumber = "0300 123 4567"\nabout = "B"\n')
    settings.ADVICE_HELPLINES_FILE = own_file

    assert "Check their opening hours on their website." in client.get(HELP_PAGE).text


def test_a_helpline_with_no_number_is_refused_saying_which_one():
    text = (
        '[[helpline]]\nname = "A"\nnumber = "0800 111"\nabout = "B"\n\n'
        '[[helpline]]\nname = "C"\nabout = "D"\n'
    )

    with pytest.raises(ImproperlyConfigured, match="Helpline 2 .* needs: number"):
        parse_helplines(text)


def test_a_number_with_letters_in_it_is_refused():
    text = '[[helpline]]\nname = "A"\nnumber = "0800 CALL NOW"\nabout = "B"\n'

    with pytest.raises(ImproperlyConfigured, match="digits and spaces only"):
        parse_helplines(text)


def test_a_file_that_is_not_toml_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not valid TOML"):
        parse_helplines("[[helpline]\nname=")


def test_the_system_check_reports_a_missing_helplines_file(settings, tmp_path):
    settings.ADVICE_HELPLINES_FILE = tmp_path / "nowhere.toml"

    errors = check_helplines_file()

    assert [error.id for error in errors] == ["advice.E001"]
    assert "nowhere.toml" in errors[0].msg


def test_the_system_check_passes_the_file_that_ships_with_the_service():
    assert check_helplines_file() == []
