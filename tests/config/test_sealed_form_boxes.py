"""Sealing text at rest keeps the boxes people type into the size they were: a name, a number
or a reference is one line, a description is a box of lines."""

import pytest
from django.urls import reverse

from diary.models import Incident, Person, PoliceContact
from evidence.models import Exhibit
from tests.diary.pages import form_values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Person, "name"),
        (PoliceContact, "organisation"),
        (PoliceContact, "officer_name"),
        (PoliceContact, "officer_number"),
        (PoliceContact, "reference"),
        (Exhibit, "item_kept_where"),
    ],
)
def test_a_short_sealed_field_is_one_line(model, name):
    widget = model._meta.get_field(name).formfield().widget

    assert widget.input_type == "text"


@pytest.mark.parametrize(("model", "name"), [(Incident, "narrative"), (Person, "description")])
def test_a_long_sealed_field_is_a_box_of_lines(model, name):
    assert model._meta.get_field(name).formfield().widget.__class__.__name__ == "Textarea"


def test_the_contact_form_asks_for_the_force_and_reference_on_one_line(signed_in_client):
    page = signed_in_client.get(reverse("diary:contact_new")).text

    assert '<input type="text" name="organisation"' in page
    assert '<input type="text" name="reference"' in page
    assert form_values(signed_in_client.get(reverse("diary:contact_new")), containing="reference")
