"""The outbox: emails recorded in a transaction, drained by a worker after the commit, one queued
drain for however many emails are recorded meanwhile, failures left to the periodic retry."""

from unittest import mock

import pytest
from django.db import transaction

from portal import services
from portal.models import OutboundEmail

pytestmark = pytest.mark.django_db


def record(capture, to: str, **kwargs) -> OutboundEmail:
    with capture(execute=True), transaction.atomic():
        return services.email_queue(to=to, subject=f"For {to}", body="Hello", **kwargs)


def test_emails_recorded_while_a_drain_is_queued_queue_no_more_and_that_drain_sends_them_all(
    django_capture_on_commit_callbacks, mailoutbox
):
    with mock.patch("portal.tasks.email_drain_task.delay") as delay:
        for n in range(5):
            record(django_capture_on_commit_callbacks, f"person{n}@example.com")
        assert delay.call_count == 1  # one task for the five, not five
        assert mailoutbox == []
        assert services.email_drain() == 5
        # The drain cleared its mark before it read the outbox: the next email queues a new one.
        record(django_capture_on_commit_callbacks, "later@example.com")
        assert delay.call_count == 2
    assert [m.to for m in mailoutbox] == [[f"person{n}@example.com"] for n in range(5)]
    assert OutboundEmail.objects.filter(sent_at__isnull=True).count() == 1


def test_with_tasks_run_inline_each_email_goes_at_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    record(django_capture_on_commit_callbacks, "ada@example.com")
    record(django_capture_on_commit_callbacks, "grace@example.com")
    assert [m.to for m in mailoutbox] == [["ada@example.com"], ["grace@example.com"]]
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()


def test_nothing_is_queued_before_the_commit_or_after_a_rollback(
    django_capture_on_commit_callbacks, mailoutbox
):
    with (
        mock.patch("portal.tasks.email_drain_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.email_queue(to="ada@example.com", subject="Hi", body="Hello")
        raise RuntimeError("the booking failed")
    assert delay.call_count == 0
    assert not OutboundEmail.objects.exists()


def test_a_broker_outage_leaves_the_mail_for_the_retry_and_the_next_email_asks_again(
    django_capture_on_commit_callbacks, mailoutbox
):
    with mock.patch(
        "portal.tasks.email_drain_task.delay", side_effect=OSError("broker down")
    ) as delay:
        record(django_capture_on_commit_callbacks, "ada@example.com")
        record(django_capture_on_commit_callbacks, "grace@example.com")
        assert delay.call_count == 2  # no drain was queued, so the mark was not left behind
    assert mailoutbox == []
    assert services.email_retry_unsent(older_than_seconds=0) == 2
    assert len(mailoutbox) == 2


def test_a_full_batch_queues_another_drain_for_the_rest(
    django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    monkeypatch.setattr(services, "DRAIN_BATCH", 2)
    with mock.patch("portal.tasks.email_drain_task.delay") as delay:
        for n in range(3):
            record(django_capture_on_commit_callbacks, f"person{n}@example.com")
        assert services.email_drain() == 2
        assert delay.call_count == 2  # the first email's, and the full batch's
        assert services.email_drain() == 1
        assert delay.call_count == 2  # a short batch: nothing left
    assert len(mailoutbox) == 3


def test_an_email_that_failed_is_left_to_the_retry_and_does_not_hold_up_new_mail(
    django_capture_on_commit_callbacks, mailoutbox
):
    with mock.patch("portal.tasks.email_drain_task.delay"):
        failing = record(django_capture_on_commit_callbacks, "ada@example.com")
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP refused")):
            assert services.email_drain() == 0
        record(django_capture_on_commit_callbacks, "grace@example.com")
        assert services.email_drain() == 1  # only the new one: the failed one waits
    failing.refresh_from_db()
    assert failing.attempts == 1 and failing.sent_at is None
    assert failing.last_error == "OSError: SMTP refused"
    assert [m.to for m in mailoutbox] == [["grace@example.com"]]
    assert services.email_retry_unsent(older_than_seconds=0) == 1
    assert [m.to for m in mailoutbox] == [["grace@example.com"], ["ada@example.com"]]


def test_an_email_whose_writer_fails_is_recorded_as_a_failed_attempt_and_the_others_go(
    django_capture_on_commit_callbacks, mailoutbox
):
    with mock.patch("portal.tasks.email_drain_task.delay"):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            broken = services.email_queue(
                to="ada@example.com", write_with="json.loads", write_args={"s": "not json"}
            )
        record(django_capture_on_commit_callbacks, "grace@example.com")
        assert services.email_drain() == 1
    broken.refresh_from_db()
    assert broken.attempts == 1 and broken.sent_at is None
    assert broken.last_error.startswith("JSONDecodeError")
    assert [m.to for m in mailoutbox] == [["grace@example.com"]]
