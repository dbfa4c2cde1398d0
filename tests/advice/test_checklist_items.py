import re

import pytest

from advice.checklist import ITEMS, items_for_page
from advice.pages import PAGES

ACTION_PAGES = [
    "keeping-a-record",
    "your-safety",
    "unwanted-calls",
    "if-you-know-them",
    "dating",
    "social-media-and-photos",
]


def test_each_step_has_its_own_lasting_key():
    keys = [item.key for item in ITEMS]

    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9-]{1,64}", key) for key in keys)


def test_the_steps_come_from_pages_two_to_seven_and_each_of_them_has_some():
    pages_with_steps = [page.slug for page in PAGES if items_for_page(page)]

    assert pages_with_steps == ACTION_PAGES
    assert [page.slug for page in PAGES[1:7]] == ACTION_PAGES


def test_each_step_points_to_a_section_its_page_lists():
    for item in ITEMS:
        assert item.anchor in [section.anchor for section in item.page.sections], item.key


@pytest.mark.parametrize("item", ITEMS, ids=[item.key for item in ITEMS])
def test_each_steps_link_lands_on_a_section_that_exists(client, db, item):
    html = client.get(item.page.get_absolute_url()).text

    assert f'id="{item.anchor}"' in html
