import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up account holder whose email address has been confirmed."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = "Jane Smith"
    initials = "JS"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "diary.Person"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    relationship = "ex_partner"


def make_incident(owner, *, kinds=("letter",), persons=(), is_draft=False, **values):
    """An incident saved the way the app saves one: through the service, so it is chained."""
    from datetime import date, time

    from diary.services import incident_create

    fields = {
        "occurred_on": date(2026, 3, 14),
        "occurred_time": time(21, 30),
        "timezone": "Europe/London",
        "narrative": "A letter was pushed through the door.",
        **values,
    }
    return incident_create(
        owner=owner, values=fields, kinds=kinds, persons=persons, is_draft=is_draft
    )
