"""The stakeholder pages: the list, booking, confirmation, calendar download and cancelling."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.urls import reverse

from events.models import Booking
from events.selectors import booking_token

from .conftest import LONDON

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "Ada Lovelace",
    "email": "ada@example.com",
    "organisation": "Analytical Engines Ltd",
    "job_title": "Director",
    "access_needs": "",
    "dietary_needs": "Vegetarian",
    "privacy_agreed": "on",
}


def _post(client, round_table, **changes):
    data = {**VALID, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(round_table.get_absolute_url(), data)


def _booking_page(client, email: str = VALID["email"]):
    """The booking's own page, reached from the link in its email (the booking form's answer is
    the same for everyone: "we have emailed the address you gave")."""
    booking = Booking.objects.get(email__iexact=email, status__in=["confirmed", "waitlisted"])
    return client.get(reverse("events:booking", args=[booking_token(booking, purpose="page")]))


def test_list_shows_each_round_table_as_published_with_places_left(client, llep_demo):
    response = client.get(reverse("events:list"))
    html = response.content.decode()
    assert response.status_code == 200
    for title, venue in [
        ("Textiles Round Table", "De Montfort University"),
        ("Space Data &amp; Digital Round Table", "National Space Centre"),
        ("Life Sciences Round Table", "Charnwood Campus"),
        ("Advanced Logistics Round Table", "Magna Park"),
        ("Manf &amp; Eng Round Table", "Loughborough University"),
    ]:
        assert title in html and venue in html
    assert "30 places left" in html
    assert re.search(r"10am to 12pm, Monday \d+ \w+ \d{4}", html)
    assert "2pm to 4pm, Friday" in html


def test_list_of_the_published_2018_round_tables_shows_them_as_taken_place(client, llep):
    html = client.get(reverse("events:list")).content.decode()
    assert "10am to 12pm, Monday 14 May 2018" in html
    assert "1pm to 3pm, Wednesday 16 May 2018" in html
    # Once in the phones' summary cards and once in the wider screens' table.
    assert html.count("Taken place") == 10


def test_a_round_table_under_way_shows_booking_closed_not_taken_place(client, llep_demo):
    from django.utils import timezone

    from events.models import RoundTable

    now = timezone.now()
    RoundTable.objects.filter(slug="textiles").update(
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    html = client.get(reverse("events:list")).content.decode()
    assert "Booking closed" in html
    assert "Taken place" not in html


def test_list_shows_full_and_closed_round_tables(client, demo_round_table, llep_demo):
    from events.models import RoundTable

    demo_round_table.capacity = 0
    demo_round_table.save()
    logistics = RoundTable.objects.get(slug="advanced-logistics")
    logistics.booking_closes_at = dt.datetime(2018, 1, 1, tzinfo=LONDON)
    logistics.save()
    html = client.get(reverse("events:list")).content.decode()
    assert "Full: join the waiting list" in html
    assert "Booking closed" in html


def test_list_is_one_query_whatever_the_number_of_bookings(
    client, demo_round_table, django_assert_max_num_queries
):
    from .factories import BookingFactory

    BookingFactory.create_batch(12, round_table=demo_round_table)
    with django_assert_max_num_queries(4):  # consultation, round tables, session-free page
        client.get(reverse("events:list"))


def test_get_involved_page_still_renders_with_the_enriched_selector(client, llep_demo):
    assert client.get(reverse("portal:get_involved")).status_code == 200


def test_detail_page_has_the_booking_form_and_privacy_link(client, demo_round_table):
    response = client.get(demo_round_table.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for name in VALID:
        assert f'name="{name}"' in html
    hint = re.search(r'id="id_privacy_agreed_hint"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert reverse("portal:privacy") in hint


def test_booking_page_is_shared_but_each_visitor_gets_their_own_token_and_can_book(
    demo_round_table,
):
    from django.test import Client

    url = demo_round_table.get_absolute_url()
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(url) for visitor in visitors]
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p.content.decode()).group(1)
        for p in pages
    ]
    assert tokens[0] != tokens[1]
    assert all("csrftoken" in p.cookies for p in pages)
    # The same markup apart from the token: rendered once, shared.
    assert pages[0].content.decode().replace(tokens[0], "") == pages[1].content.decode().replace(
        tokens[1], ""
    )
    for n, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        data = {**VALID, "email": f"visitor{n}@example.com", "csrfmiddlewaretoken": token}
        assert visitor.post(url, data).status_code == 302
    assert Booking.objects.count() == 2


@pytest.fixture
def clock(monkeypatch):
    """The clock of the process-local cache, where each process keeps a round table's
    availability (events/availability.py): clock.tick(seconds) moves it on."""
    import types

    from django.core.cache.backends import base, locmem

    now = [1000.0]
    fake = types.SimpleNamespace(time=lambda: now[0])
    monkeypatch.setattr(base, "time", fake)
    monkeypatch.setattr(locmem, "time", fake)

    def tick(seconds):
        now[0] += seconds

    return types.SimpleNamespace(tick=tick)


def test_booking_page_shows_each_change_within_a_second(client, demo_round_table, clock):
    from events.services import booking_create, round_table_capacity_change

    url = demo_round_table.get_absolute_url()
    assert "30 places left" in client.get(url).content.decode()
    booking_create(round_table_id=demo_round_table.pk, full_name="A", email="a@example.com",
                   organisation="A Ltd", privacy_agreed=True)  # fmt: skip
    # This process read the round table less than a second ago: it shows what it read.
    assert "30 places left" in client.get(url).content.decode()
    clock.tick(1)
    assert "29 places left" in client.get(url).content.decode()
    round_table_capacity_change(round_table_id=demo_round_table.pk, capacity=2)
    clock.tick(1)
    assert "1 place left" in client.get(url).content.decode()
    round_table_capacity_change(round_table_id=demo_round_table.pk, capacity=1)
    clock.tick(1)
    html = client.get(url).content.decode()
    assert "Full: join the waiting list" in html and "29 places left" not in html
    demo_round_table.venue = "A new venue"
    demo_round_table.save(update_fields=["venue"])
    clock.tick(1)
    assert "A new venue" in client.get(url).content.decode()


def test_a_page_a_second_old_never_books_past_capacity(client, demo_round_table, clock):
    """The page may be a second old; the booking is decided on what the database holds."""
    from events.services import booking_create

    demo_round_table.capacity = 1
    demo_round_table.save(update_fields=["capacity"])
    assert "1 place left" in client.get(demo_round_table.get_absolute_url()).content.decode()
    booking_create(round_table_id=demo_round_table.pk, full_name="A", email="a@example.com",
                   organisation="A Ltd", privacy_agreed=True)  # fmt: skip
    assert "1 place left" in client.get(demo_round_table.get_absolute_url()).content.decode()
    response = _post(client, demo_round_table)
    assert response.status_code == 302
    assert Booking.objects.get(email=VALID["email"]).status == Booking.Status.WAITLISTED
    assert "You are number 1 on the waiting list" in _booking_page(client).content.decode()


def test_a_page_is_drawn_once_until_a_booking_changes_the_places_left(
    client, demo_round_table, clock
):
    """The page is the same for everyone until the round table, its state or its places left
    change: each process keeps it (portal/pagecache.py, keyed on availability.version), and each
    visitor gets their own CSRF token in it."""
    from events.services import booking_create

    url = demo_round_table.get_absolute_url()
    first = client.get(url)
    assert "events/detail.html" in [t.name for t in first.templates]
    assert "events/detail.html" not in [t.name for t in client.get(url).templates]
    booking_create(round_table_id=demo_round_table.pk, full_name="B", email="b@example.com",
                   organisation="B Ltd", privacy_agreed=True)  # fmt: skip
    clock.tick(1)
    second = client.get(url)
    assert "events/detail.html" in [t.name for t in second.templates]
    html = second.content.decode()
    assert "29 places left" in html and "30 places left" not in html
    # Everything else is the markup of the first page, token apart.
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", html).replace("29 places", "30 places") == token.sub(
        "", first.content.decode()
    )


def test_a_booking_page_read_within_the_second_asks_the_database_nothing(
    client, demo_round_table, django_assert_num_queries, clock
):
    url = demo_round_table.get_absolute_url()
    client.get(url)
    clock.tick(0.9)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    clock.tick(0.1)
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
    assert client.get("/round-tables/no-such-round-table/").status_code == 404
    with django_assert_num_queries(1):  # an unknown address is never kept
        assert client.get("/round-tables/no-such-round-table/").status_code == 404


def test_booking_confirms_and_shows_the_reference_in_a_panel(
    client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, demo_round_table)
    assert response.status_code == 302
    assert (
        "We have emailed the address you gave" in client.get(response["Location"]).content.decode()
    )
    page = _booking_page(client)
    booking = Booking.objects.get()
    html = page.content.decode()
    assert "govuk-panel--confirmation" in html
    assert "Booking confirmed" in html
    assert booking.reference in html
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.dietary_needs == "Vegetarian"
    assert len(mailoutbox) == 1
    assert page["Cache-Control"].startswith("max-age=0")


def test_full_round_table_tells_the_booker_their_waiting_list_position(client, demo_round_table):
    demo_round_table.capacity = 0
    demo_round_table.save()
    get = client.get(demo_round_table.get_absolute_url()).content.decode()
    assert "Join the waiting list" in get
    _post(client, demo_round_table)
    html = _booking_page(client).content.decode()
    assert "You are on the waiting list" in html
    assert "You are number 1 on the waiting list" in html


def test_booking_the_same_email_twice_answers_as_any_booking_and_the_email_says_so(
    client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, demo_round_table)
    with django_capture_on_commit_callbacks(execute=True):
        again = _post(client, demo_round_table, email="ADA@example.com")
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Booking.objects.count() == 1
    assert len(mailoutbox) == 2  # the confirmation, then the same confirmation again
    assert "book again" in mailoutbox[1].body
    assert "already has a place, so we have not made a second booking" in mailoutbox[1].body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter your full name"),
        ({"full_name": "   "}, "Enter your full name"),
        ({"full_name": "x" * 201}, "Full name must be 200 characters or fewer"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"organisation": "o" * 201}, "Organisation must be 200 characters or fewer"),
        ({"access_needs": "a" * 1001}, "Access needs must be 1,000 characters or fewer"),
        ({"dietary_needs": "d" * 1001}, "Dietary needs must be 1,000 characters or fewer"),
        ({"privacy_agreed": None}, "Agree to the privacy notice to book a place"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_in_the_summary_and_nothing_is_written(
    client, demo_round_table, changes, message
):
    response = _post(client, demo_round_table, **changes)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert html.count(message) >= 2  # in the summary and beside the field
    assert "<title>Error:" in html
    assert not Booking.objects.exists()
    # What was typed is kept.
    assert "Analytical Engines Ltd" in html or changes.get("organisation")


@pytest.mark.parametrize("state", ["closed", "past"])
def test_crafted_post_to_a_closed_or_past_round_table_is_refused_clearly(
    client, demo_round_table, state
):
    if state == "closed":
        demo_round_table.booking_closes_at = dt.datetime(2018, 1, 1, tzinfo=LONDON)
        message = "Booking for this round table has closed."
    else:
        demo_round_table.starts_at = dt.datetime(2018, 1, 1, 10, tzinfo=LONDON)
        demo_round_table.ends_at = dt.datetime(2018, 1, 1, 12, tzinfo=LONDON)
        message = "This round table has taken place"
    demo_round_table.save()
    response = _post(client, demo_round_table)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_crafted_post_to_an_unknown_round_table_is_a_clear_not_found(client, llep_demo):
    response = client.post("/round-tables/no-such-table/", VALID)
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_text_typed_by_the_public_is_escaped(client, demo_round_table):
    _post(client, demo_round_table, full_name="<script>alert(1)</script>")
    html = _booking_page(client).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _booked(client, round_table, **changes):
    _post(client, round_table, **changes)
    return Booking.objects.latest("pk")


def test_booking_page_needs_the_signed_token(client, demo_round_table):
    booking = _booked(client, demo_round_table)
    assert client.get(f"/round-tables/booking/{booking.pk}/").status_code == 400
    other_salt = booking_token(booking, purpose="cancel")
    assert client.get(reverse("events:booking", args=[other_salt])).status_code == 400


def test_calendar_download_from_the_confirmation_page(client, demo_round_table):
    booking = _booked(client, demo_round_table)
    token = booking_token(booking, purpose="page")
    page = client.get(reverse("events:booking", args=[token])).content.decode()
    url = reverse("events:calendar", args=[token])
    assert url in page
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "METHOD:PUBLISH" in body
    assert f"UID:booking-{booking.reference.lower()}@llep-consultation" in body


def test_cancel_link_shows_the_booking_then_cancels_and_promotes(
    client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    demo_round_table.capacity = 1
    demo_round_table.save()
    booking = _booked(client, demo_round_table)
    waiting = _booked(client, demo_round_table, email="next@example.com")
    url = reverse("events:cancel", args=[booking_token(booking, purpose="cancel")])
    page = client.get(url)
    assert "Cancel your place?" in page.content.decode()
    assert booking.reference in page.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url)
    assert "Booking cancelled" in done.content.decode()
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.CONFIRMED
    assert any(m.to == ["next@example.com"] for m in mailoutbox)
    again = client.post(url)
    assert "already cancelled" in again.content.decode()


def test_someone_waiting_can_leave_the_list_from_the_link(client, demo_round_table):
    demo_round_table.capacity = 0
    demo_round_table.save()
    booking = _booked(client, demo_round_table)
    url = reverse("events:cancel", args=[booking_token(booking, purpose="cancel")])
    assert "Leave the waiting list?" in client.get(url).content.decode()
    done = client.post(url)
    assert "You have left the waiting list" in done.content.decode()


def test_tampered_cancel_link_is_refused_and_changes_nothing(client, demo_round_table):
    booking = _booked(client, demo_round_table)
    token = booking_token(booking, purpose="cancel")
    forged = signing.dumps({"b": booking.pk, "r": booking.reference}, salt="something-else")
    for bad in (token[:-2] + "xx", forged, "garbage"):
        response = client.post(reverse("events:cancel", args=[bad]))
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancel_link_expires_when_the_round_table_ends(client, demo_round_table):
    booking = _booked(client, demo_round_table)
    url = reverse("events:cancel", args=[booking_token(booking, purpose="cancel")])
    demo_round_table.starts_at = dt.datetime(2018, 1, 1, 10, tzinfo=LONDON)
    demo_round_table.ends_at = dt.datetime(2018, 1, 1, 12, tzinfo=LONDON)
    demo_round_table.save()
    response = client.post(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_an_empty_post_shows_the_errors_and_writes_nothing(client, demo_round_table):
    response = client.post(demo_round_table.get_absolute_url(), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter your full name" in html
    hint = re.search(r'id="id_privacy_agreed_hint"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert reverse("portal:privacy") in hint
    assert not Booking.objects.exists()


def test_every_booking_page_has_one_h1_and_its_own_title(client, demo_round_table):
    booking = _booked(client, demo_round_table)
    page_token = booking_token(booking, purpose="page")
    cancel_url = reverse("events:cancel", args=[booking_token(booking, purpose="cancel")])
    pages = {
        "list": client.get(reverse("events:list")),
        "detail": client.get(demo_round_table.get_absolute_url()),
        "booking": client.get(reverse("events:booking", args=[page_token])),
        "cancel": client.get(cancel_url),
        "sent": client.get(_post(client, demo_round_table)["Location"]),
        "bad link": client.get(reverse("events:cancel", args=["nonsense"])),
        "cancelled": client.post(cancel_url),
    }
    titles = set()
    for name, response in pages.items():
        html = response.content.decode()
        assert html.count("<h1") == 1, name
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        titles.add(title)
    assert len(titles) == len(pages)
