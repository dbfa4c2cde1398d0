import factory

from advice.models import ChecklistTick
from tests.factories import UserFactory


class ChecklistTickFactory(factory.django.DjangoModelFactory):
    """A safety step someone has marked as done."""

    class Meta:
        model = ChecklistTick

    owner = factory.SubFactory(UserFactory)
    item_key = "charged-phone"
