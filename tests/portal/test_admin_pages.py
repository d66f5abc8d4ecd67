"""The portal's small additions to Django's admin pages: the sign-in error is announced, the
results sit in a labelled region the keyboard can reach, and the admin's own stylesheet is
served by the portal."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.urls import reverse

from portal.roles import EVENT_ORGANISERS

pytestmark = pytest.mark.django_db


def test_a_failed_sign_in_is_announced_with_role_alert(client):
    page = client.post(reverse("admin:login"), {"username": "nobody", "password": "wrong"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="alert"' in html
    alert = html[html.index('role="alert"') :]
    assert "correct username and password" in alert[:600]


def test_the_results_sit_in_a_labelled_focusable_region_and_the_admin_css_is_linked(
    client, llep_demo
):
    user = User.objects.create_user("organiser", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    client.force_login(user)
    html = client.get(reverse("admin:events_booking_changelist")).content.decode()
    assert (
        '<div class="llep-admin-results" role="region" aria-label="Bookings" tabindex="0">' in html
    )
    assert "/static/css/admin.css" in html
    assert 'id="nav-sidebar"' not in html  # the lists have the page's width


def test_the_admin_stylesheet_is_built_and_sizes_the_targets():
    path = finders.find("css/admin.css")
    assert path, "static/build/css/admin.css missing: run npm run build"
    css = Path(path).read_text(encoding="utf-8")
    assert "#changelist-filter" in css and "min-height:24px" in css.replace(" ", "")
