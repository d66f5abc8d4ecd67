"""Factories for survey tests: staff users in a role, and responses made through the service."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from survey import services


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))


def response_make(*, survey, data, key=None, **kwargs):
    """A response stored through response_submit, dated inside the survey's opening."""
    now = survey.opens_at + dt.timedelta(hours=1)
    response, _ = services.response_submit(
        survey=survey, data=data, submission_key=key, now=now, **kwargs
    )
    return response
