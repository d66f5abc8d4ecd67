"""Factories for the prospectus tests: survey rows written directly (Response, Answer, Question,
Choice) so the evidence can be counted on a data set built by hand."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from events.models import Booking, RoundTableNote
from survey.models import Answer, Choice, Question, Response, Section

LONDON = ZoneInfo("Europe/London")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    order = factory.Sequence(lambda n: 90 + n)
    title = factory.Sequence(lambda n: f"Test section {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    order = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"test_question_{n}")
    text = factory.Sequence(lambda n: f"Test question {n}?")
    kind = Question.Kind.LONG_TEXT


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    order = factory.Sequence(lambda n: n + 1)
    value = factory.Sequence(lambda n: f"choice-{n}")
    label = factory.Sequence(lambda n: f"Choice {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"LIS-TEST-{n:05d}")
    channel = Response.Channel.ONLINE
    status = Response.Status.APPROVED
    submitted_at = factory.Sequence(
        lambda n: dt.datetime(2018, 5, 20, 9, 0, tzinfo=LONDON) + dt.timedelta(minutes=n)
    )
    respondent_type = Response.RespondentType.BUSINESS
    place = Response.Place.LEICESTER

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundTableNote
        skip_postgeneration_save = True

    kind = RoundTableNote.Kind.CHALLENGE
    text = factory.Sequence(lambda n: f"Round-table note {n} about skills.")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    reference = factory.Sequence(lambda n: f"LLEP-PROS-{n:04d}")
    full_name = factory.Sequence(lambda n: f"Attendee {n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.com")
    organisation = "Example Ltd"
    privacy_agreed_at = factory.LazyFunction(lambda: dt.datetime(2018, 5, 1, 9, 0, tzinfo=LONDON))
    status = Booking.Status.CONFIRMED
