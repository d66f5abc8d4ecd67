"""The audit's bad inputs (issue 12, points 15 to 18) each get a 4xx page in the portal's layout
or the admin's own redirect, and every error page says what the person can do next."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory
from django.urls import reverse

from portal import errors
from portal.roles import EVENT_ORGANISERS, MODERATORS, roles_sync

pytestmark = pytest.mark.django_db

LAYOUT = 'class="govuk-template__body'
NUL_URLS = [
    "/board/evidence/responses/?status=%00",
    "/board/evidence/responses/?sector=%00",
    "/board/evidence/responses/?theme=%00",
    "/board/evidence/notes/?kind=%00",
    "/board/evidence/responses/%00/",
    "/admin/survey/response/?status=%00",
    "/admin/survey/response/?channel=%00",
    "/admin/events/booking/?status=%00",
]


@pytest.fixture
def root(llep_demo):
    roles_sync()
    return User.objects.create_superuser("root", "root@example.com", "a-long-test-password")


def _staff(username: str, group: str) -> User:
    roles_sync()
    user = User.objects.create_user(username, f"{username}@example.com", "a-long-test-password")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def moderator(llep_demo):
    return _staff("mod", MODERATORS)


@pytest.fixture
def organiser(llep_demo):
    """Staff whose role has no part in the prospectus (Moderators write it, so they may read
    the board page; issue 14)."""
    return _staff("org", EVENT_ORGANISERS)


def _page(reply) -> str:
    html = reply.content.decode()
    assert LAYOUT in html, "not in the portal's layout"
    return html


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_the_address_gets_the_400_page(client, root, url):
    client.force_login(root)
    reply = client.get(url)
    assert reply.status_code == 400
    assert "could not read that request" in _page(reply)


@pytest.mark.postgres
@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_never_reaches_postgresql(client, root, url):
    """PostgreSQL refuses text with a NUL byte: this is where it was a 500."""
    client.force_login(root)
    assert client.get(url).status_code == 400


def test_a_score_in_another_scripts_digits_is_ignored_not_a_500(client, root):
    client.force_login(root)
    reply = client.get("/board/evidence/responses/?rated=people&score=%C2%B2")
    assert reply.status_code == 200
    assert "Rated" in reply.content.decode()


def test_a_bad_filter_on_the_responses_export_goes_back_to_the_list_saying_why(client, root):
    client.force_login(root)
    reply = client.get("/admin/survey/response/export/?sector__id__exact=abc", follow=True)
    assert reply.redirect_chain[0] == ("/admin/survey/response/?e=1", 302)
    assert "filter in the web address was not understood" in reply.content.decode()


@pytest.mark.parametrize(
    "query", ["created_at__year=99999999999", "created_at__year=9999", "created_at__year=%C2%B2"]
)
def test_a_year_no_date_can_hold_goes_back_to_the_bookings_list_saying_why(client, root, query):
    client.force_login(root)
    reply = client.get(f"/admin/events/booking/?{query}", follow=True)
    assert reply.redirect_chain[0] == ("/admin/events/booking/?e=1", 302)
    assert "filter in the web address was not understood" in reply.content.decode()


def test_a_year_in_range_still_filters_the_bookings_list(client, root):
    client.force_login(root)
    assert client.get("/admin/events/booking/?created_at__year=2026").status_code == 200


def test_a_form_in_another_charset_gets_the_400_page_not_a_500(root):
    """Django refuses a urlencoded form that is not UTF-8; its own 400 page read it again (to
    check the CSRF token) and failed."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    reply = client.generic(
        "POST",
        reverse("survey:begin"),
        b"a=b",
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert reply.status_code == 400
    _page(reply)


def test_an_organiser_opening_the_board_page_is_told_what_they_can_do(client, organiser):
    client.force_login(organiser)
    reply = client.get(reverse("prospectus:board"))
    assert reply.status_code == 403
    html = _page(reply)
    assert "You do not have access to this page" in html
    assert "signed in as <strong>org</strong>" in html
    assert f'href="{reverse("admin:index")}"' in html
    assert f'action="{reverse("admin:logout")}"' in html and "Sign out" in html


def test_the_admins_own_permission_refusal_uses_the_portal_page(client, moderator):
    client.force_login(moderator)
    reply = client.get(reverse("admin:prospectus_export_add"))
    assert reply.status_code == 403
    assert "You do not have access to this page" in _page(reply)


def test_a_403_for_someone_not_signed_in_offers_the_sign_in():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/board/")
    request.user = AnonymousUser()
    reply = errors.permission_denied(request)
    assert reply.status_code == 403
    html = _page(reply)
    assert "Sign in to see this page" in html
    assert f'href="{reverse("admin:login")}?next=/board/"' in html


def test_a_form_sent_without_its_csrf_token_gets_a_page_saying_how_to_send_it_again(llep_demo):
    client = Client(enforce_csrf_checks=True)
    reply = client.post(reverse("survey:begin"), {})
    assert reply.status_code == 403
    html = _page(reply)
    assert "Your form could not be sent" in html
    assert "reload the page" in html


def test_the_404_page_offers_the_admin_home_to_staff_pages_and_the_start_to_all(client, db):
    public = client.get("/no-such-page/")
    assert public.status_code == 404
    assert "admin" not in _page(public).split("<main", 1)[1]
    staff = client.get("/board/no-such-page/")
    assert staff.status_code == 404
    assert f'href="{reverse("admin:index")}"' in _page(staff)


def test_the_500_page_is_in_the_layout_and_says_nothing_was_lost():
    reply = errors.server_error(RequestFactory().get("/"))
    assert reply.status_code == 500
    assert "Nothing you had already saved or booked has been lost" in _page(reply)


def test_a_request_with_the_wrong_method_gets_the_405_page_in_the_layout(client, llep_demo):
    response = client.get("/survey/begin/")
    html = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert 'class="govuk-template"' in html
    assert "This page cannot be used that way" in html
    assert 'href="/"' in html
    # A browser reads only Content-Length bytes: the page arrived blank when it said 0.
    assert response["Content-Length"] == str(len(response.content))
