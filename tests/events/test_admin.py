"""Organisers' admin: counts in one query, capacity changes promote, booking actions, the CSV
export and the sign-in sheet, and notes; every one checks permissions."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.admin import csv_safe
from events.models import Booking, RoundTable, RoundTableNote
from portal.models import Theme
from portal.roles import EVENT_ORGANISERS, MODERATORS

pytestmark = pytest.mark.django_db


def _staff(name: str, group: str | None) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def organiser(llep_demo):
    return _staff("organiser", EVENT_ORGANISERS)


@pytest.fixture
def moderator(llep_demo):
    return _staff("moderator", MODERATORS)


@pytest.fixture
def org_client(client, organiser):
    client.force_login(organiser)
    return client


def _book(round_table, n, **extra):
    from events.services import booking_create

    return booking_create(
        round_table_id=round_table.pk,
        full_name=extra.pop("full_name", f"Person {n}"),
        email=f"p{n}@example.com",
        organisation=extra.pop("organisation", "Org"),
        privacy_agreed=True,
        **extra,
    ).booking


def test_round_table_list_shows_counts_in_one_query_whatever_the_bookings(
    org_client, demo_round_table
):
    demo_round_table.capacity = 3
    demo_round_table.save()
    for n in range(5):
        _book(demo_round_table, n)
    url = reverse("admin:events_roundtable_changelist")
    response = org_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="field-confirmed">3<' in html
    assert 'class="field-waiting">2<' in html
    assert 'class="field-places_left">0<' in html
    # The same number of queries with many more bookings: the counts are one annotated query.
    with CaptureQueriesContext(connection) as few:
        org_client.get(url)
    for n in range(5, 25):
        _book(demo_round_table, n)
    with CaptureQueriesContext(connection) as many:
        org_client.get(url)
    assert len(many) == len(few)


def test_raising_capacity_in_admin_promotes_the_waiting_list(
    org_client, demo_round_table, django_capture_on_commit_callbacks, mailoutbox
):
    demo_round_table.capacity = 1
    demo_round_table.save()
    for n in range(3):
        _book(demo_round_table, n)
    url = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    form = org_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "consultation": demo_round_table.consultation_id,
            "sector": demo_round_table.sector_id,
            "starts_at_0": demo_round_table.starts_at.astimezone().strftime("%d/%m/%Y"),
            "starts_at_1": demo_round_table.starts_at.astimezone().strftime("%H:%M:%S"),
            "ends_at_0": demo_round_table.ends_at.astimezone().strftime("%d/%m/%Y"),
            "ends_at_1": demo_round_table.ends_at.astimezone().strftime("%H:%M:%S"),
            "booking_closes_at_0": "",
            "booking_closes_at_1": "",
            "capacity": 2,
            "notes-TOTAL_FORMS": 0,
            "notes-INITIAL_FORMS": 0,
            "notes-MIN_NUM_FORMS": 0,
            "notes-MAX_NUM_FORMS": 1000,
        }
    )
    for key in ("starts_at", "ends_at", "booking_closes_at"):
        data.pop(key, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = org_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statuses = list(
        Booking.objects.filter(round_table=demo_round_table)
        .order_by("created_at", "pk")
        .values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    assert any("place has come up" in m.subject for m in mailoutbox)


def test_cancel_action_promotes_the_waiting_list(org_client, demo_round_table):
    demo_round_table.capacity = 1
    demo_round_table.save()
    first, second = _book(demo_round_table, 1), _book(demo_round_table, 2)
    response = org_client.post(
        reverse("admin:events_booking_changelist"),
        {"action": "cancel_bookings", "_selected_action": [first.pk]},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "confirmed")


def test_attendance_actions_mark_who_came(org_client, demo_round_table):
    booking = _book(demo_round_table, 1)
    url = reverse("admin:events_booking_changelist")
    org_client.post(url, {"action": "mark_attended", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.attended is True
    org_client.post(url, {"action": "mark_not_attended", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.attended is False


def test_bookings_can_be_searched_and_filtered(org_client, demo_round_table):
    _book(demo_round_table, 1, full_name="Grace Hopper")
    _book(demo_round_table, 2, full_name="Alan Turing")
    url = reverse("admin:events_booking_changelist")
    html = org_client.get(url, {"q": "hopper"}).content.decode()
    assert "Grace Hopper" in html and "Alan Turing" not in html
    filtered = org_client.get(url, {"status__exact": "waitlisted"}).content.decode()
    assert "Grace Hopper" not in filtered


def test_csv_export_streams_and_defuses_formulas(org_client, demo_round_table):
    _book(demo_round_table, 1, full_name='=HYPERLINK("http://evil")', organisation="+SUM(A1)")
    response = org_client.get(
        reverse("admin:events_roundtable_attendees_csv", args=[demo_round_table.pk])
    )
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Reference,Round table,Status")
    assert "'=HYPERLINK" in body and "'+SUM(A1)" in body


def test_csv_export_action_on_selected_bookings(org_client, demo_round_table):
    booking = _book(demo_round_table, 1)
    response = org_client.post(
        reverse("admin:events_booking_changelist"),
        {"action": "export_csv", "_selected_action": [booking.pk]},
    )
    assert response.streaming
    assert booking.reference in b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(1)", "\tx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed(value):
    assert csv_safe(value) == "'" + value


def test_sign_in_sheet_is_a_pdf_of_the_attendees(org_client, demo_round_table):
    _book(demo_round_table, 1, full_name="Grace Hopper")
    response = org_client.get(
        reverse("admin:events_roundtable_sign_in_sheet", args=[demo_round_table.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_moderators_cannot_export_attendees_or_touch_bookings(client, moderator, demo_round_table):
    booking = _book(demo_round_table, 1)
    client.force_login(moderator)
    for name in ("attendees_csv", "sign_in_sheet"):
        url = reverse(f"admin:events_roundtable_{name}", args=[demo_round_table.pk])
        assert client.get(url).status_code == 403
    assert client.get(reverse("admin:events_booking_changelist")).status_code == 403
    client.post(
        reverse("admin:events_booking_changelist"),
        {"action": "cancel_bookings", "_selected_action": [booking.pk]},
    )
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_staff_without_a_role_cannot_see_round_tables(client, llep_demo, demo_round_table):
    client.force_login(_staff("nobody", None))
    url = reverse("admin:events_roundtable_attendees_csv", args=[demo_round_table.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:events_roundtable_changelist")).status_code == 403


def test_organiser_without_export_permission_sees_no_download_links(
    org_client, organiser, demo_round_table
):
    from django.contrib.auth.models import Permission

    assert (
        "Sign-in sheet"
        in org_client.get(reverse("admin:events_roundtable_changelist")).content.decode()
    )
    organiser.groups.clear()
    organiser.user_permissions.add(
        Permission.objects.get(codename="view_roundtable", content_type__app_label="events")
    )
    org_client.force_login(organiser)
    html = org_client.get(reverse("admin:events_roundtable_changelist")).content.decode()
    assert "Sign-in sheet" not in html


def test_organiser_can_book_on_someones_behalf_through_the_service(org_client, demo_round_table):
    demo_round_table.capacity = 0
    demo_round_table.save()
    response = org_client.post(
        reverse("admin:events_booking_add"),
        {
            "round_table": demo_round_table.pk,
            "full_name": "Phone Booker",
            "email": "phone@example.com",
            "organisation": "Org",
            "job_title": "",
            "access_needs": "",
            "dietary_needs": "",
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == "waitlisted" and booking.reference.startswith("LLEP-")


def test_moderator_records_a_note_tagged_with_themes(client, moderator, demo_round_table):
    client.force_login(moderator)
    themes = list(Theme.objects.filter(slug__in=["people", "ai-data-economy"]))
    response = client.post(
        reverse("admin:events_roundtablenote_add"),
        {
            "round_table": demo_round_table.pk,
            "kind": "challenge",
            "text": "Skills shortages in digital roles",
            "themes": [t.pk for t in themes],
        },
    )
    assert response.status_code == 302
    note = RoundTableNote.objects.get()
    assert note.created_by == moderator
    assert {t.slug for t in note.themes.all()} == {"people", "ai-data-economy"}
    listing = client.get(reverse("admin:events_roundtablenote_changelist")).content.decode()
    assert "Skills shortages" in listing


def test_organisers_can_read_notes_but_not_write_them(org_client, demo_round_table):
    assert org_client.get(reverse("admin:events_roundtablenote_changelist")).status_code == 200
    assert org_client.get(reverse("admin:events_roundtablenote_add")).status_code == 403


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _cancel(client, *bookings):
    return client.post(
        reverse("admin:events_booking_changelist"),
        {"action": "cancel_bookings", "_selected_action": [b.pk for b in bookings]},
        follow=True,
    )


def test_cancelling_one_booking_says_booking_and_names_who_was_offered_the_place(
    org_client, demo_round_table
):
    demo_round_table.capacity = 1
    demo_round_table.save()
    first, second = _book(demo_round_table, 1), _book(demo_round_table, 2, full_name="Ann Lee")
    assert _messages(_cancel(org_client, first)) == [
        f"1 booking cancelled. The place was offered to Ann Lee ({second.reference}), "
        "who has been emailed."
    ]


def test_cancelling_several_bookings_names_everyone_offered_a_place(org_client, demo_round_table):
    demo_round_table.capacity = 2
    demo_round_table.save()
    made = [_book(demo_round_table, n, full_name=f"Person {n}") for n in range(1, 5)]
    assert _messages(_cancel(org_client, made[0], made[1])) == [
        f"2 bookings cancelled. Places were offered to Person 3 ({made[2].reference}) and "
        f"Person 4 ({made[3].reference}), who have been emailed."
    ]


def test_cancelling_without_a_waiting_list_or_twice_says_so(org_client, demo_round_table):
    booking = _book(demo_round_table, 1)
    assert _messages(_cancel(org_client, booking)) == [
        "1 booking cancelled. Nobody was moved up from the waiting list."
    ]
    assert _messages(_cancel(org_client, booking)) == [
        "No bookings cancelled: the selected ones were already cancelled."
    ]


def test_raising_capacity_names_the_one_person_moved_up_in_the_singular(
    org_client, demo_round_table
):
    demo_round_table.capacity = 1
    demo_round_table.save()
    _book(demo_round_table, 1)
    waiting = _book(demo_round_table, 2, full_name="Raj Patel")
    url = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    page = org_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for name in ("starts_at", "ends_at", "booking_closes_at"):
        value = form.initial.get(name)
        if value is not None:  # the admin's split date and time widgets
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
            data.pop(name, None)
    data["capacity"] = 2
    response = org_client.post(url, data, follow=True)
    assert (
        f"Raj Patel ({waiting.reference}) moved from the waiting list to a confirmed place "
        "and has been emailed." in _messages(response)
    ), response.content.decode()[:3000]


def _round_table_form(client, url) -> dict:
    """The round table's change form as the admin fills it in, ready to post."""
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for name in ("starts_at", "ends_at", "booking_closes_at"):
        value = form.initial.get(name)
        if value is not None:  # the admin's split date and time widgets
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
            data.pop(name, None)
    return data


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        ("99999999999999999999", "Capacity must be 1,000 places or fewer"),
        ("2147483648", "Capacity must be 1,000 places or fewer"),
        ("1001", "Capacity must be 1,000 places or fewer"),
        ("-1", "Capacity must be 0 or more"),
        ("thirty", "Enter the capacity as a whole number of places, like 30"),
    ],
)
def test_a_capacity_out_of_range_is_refused_in_the_portals_words(
    org_client, demo_round_table, capacity, message
):
    page, _, _ = _refused(org_client, demo_round_table, "capacity", capacity)
    assert page.context["adminform"].form.errors == {"capacity": [message]}
    assert "2147483647" not in page.content.decode()


def _refused(org_client, round_table, field: str, value: str):
    """The round table's admin form sent with field set to value: the form again (200), and
    the round table as it was. Returns the page, the form's address and what was sent."""
    url = reverse("admin:events_roundtable_change", args=[round_table.pk])
    data = _round_table_form(org_client, url) | {field: value}
    page = org_client.post(url, data)
    assert page.status_code == 200
    assert getattr(RoundTable.objects.get(pk=round_table.pk), field) == getattr(round_table, field)
    return page, url, data


def test_a_capacity_of_1000_is_taken_and_the_page_says_the_limit(org_client, demo_round_table):
    url = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    assert "up to 1,000" in org_client.get(url).content.decode()
    saved = org_client.post(url, _round_table_form(org_client, url) | {"capacity": "1000"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert RoundTable.objects.get(pk=demo_round_table.pk).capacity == 1000


def test_the_model_and_the_booking_service_hold_the_same_limit(demo_round_table):
    from django.core.exceptions import ValidationError

    from events.services import round_table_capacity_change

    demo_round_table.capacity = 5000
    with pytest.raises(ValidationError) as refused:
        demo_round_table.full_clean()
    assert refused.value.message_dict["capacity"] == ["Capacity must be 1,000 places or fewer"]
    with pytest.raises(ValueError):
        round_table_capacity_change(round_table_id=demo_round_table.pk, capacity=5000)


def test_moderator_records_notes_inline_on_the_round_table_but_cannot_change_it(
    client, moderator, demo_round_table
):
    client.force_login(moderator)
    url = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "capacity" not in page.context["adminform"].form.fields
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    people = Theme.objects.get(slug="people")
    response = client.post(
        url,
        {
            "capacity": 999,
            "venue": "Somewhere else",
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-0-kind": "priority",
            f"{prefix}-0-text": "Invest in digital skills",
            f"{prefix}-0-themes": [people.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    note = RoundTableNote.objects.get()
    assert (note.round_table, note.created_by, note.text) == (
        demo_round_table,
        moderator,
        "Invest in digital skills",
    )
    before = (demo_round_table.capacity, demo_round_table.venue)
    demo_round_table.refresh_from_db()
    assert (demo_round_table.capacity, demo_round_table.venue) == before


def test_organiser_still_changes_the_round_table_and_others_only_read_it(
    client, organiser, demo_round_table
):
    client.force_login(organiser)
    url = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    assert "capacity" in client.get(url).context["adminform"].form.fields
    board = _staff("board", "Board")
    client.force_login(board)
    assert client.get(url).status_code == 403


def test_a_round_tables_admin_trail_names_the_section_once(org_client, demo_round_table):
    import html
    import re

    change = reverse("admin:events_roundtable_change", args=[demo_round_table.pk])
    cancel = reverse("admin:events_roundtable_cancel", args=[demo_round_table.pk])
    for url in (change, cancel):
        content = org_client.get(url).content.decode()
        trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', content, re.S).group(1)
        words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", trail)).split())
        assert words.startswith("Home › Round tables and bookings › Round tables › "), words
        assert "Round tables › Round tables" not in words


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("99999", "Send the reminder at most 60 days before, or leave it empty for none"),
        ("61", "Send the reminder at most 60 days before, or leave it empty for none"),
        ("-1", "Enter 0 for the day itself, 1 for the day before, or more"),
        ("soon", "Enter the number of days before as a whole number, like 1"),
    ],
)
def test_reminder_days_out_of_range_are_refused_in_the_portals_words(
    org_client, demo_round_table, days, message
):
    page, url, data = _refused(org_client, demo_round_table, "reminder_days_before", days)
    assert page.context["adminform"].form.errors == {"reminder_days_before": [message]}
    assert "32767" not in page.content.decode()
    saved = org_client.post(url, data | {"reminder_days_before": "60"})
    assert saved.status_code == 302
