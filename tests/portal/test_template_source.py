"""No page shows template source as text: every public page, every survey page in every state,
the booking pages, the board pages and the admin pages of every model are rendered and searched
for Django's template delimiters (a multi-line {# #} comment is printed as text, for instance)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from tests.proof.browser.helpers import PUBLIC_PAGES
from tests.survey.answers import SECTION_POSTS

pytestmark = pytest.mark.django_db

DELIMITERS = ("{#", "#}", "{%", "{{")


def _leaks(response) -> list[str]:
    if "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode()
    return [
        f"{response.request['PATH_INFO']} ({response.status_code}): "
        f"…{html[max(0, i - 60) : i + 60]!r}…"
        for token in DELIMITERS
        if (i := html.find(token)) >= 0
    ]


class Visits:
    """Requests pages and keeps what each one leaked."""

    def __init__(self, client):
        self.client = client
        self.found: list[str] = []
        self.count = 0

    def get(self, url, **kw):
        return self._keep(self.client.get(url, **kw))

    def post(self, url, data=None, **kw):
        return self._keep(self.client.post(url, data or {}, **kw))

    def _keep(self, response):
        self.count += 1
        self.found += _leaks(response)
        return response


def test_no_template_file_has_a_comment_of_more_than_one_line():
    # {# #} is one line only in Django: the rest of a longer one is printed on the page.
    folders = [Path(settings.BASE_DIR) / "templates"]
    folders += [p for p in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in str(p)]
    broken = []
    for folder in folders:
        for path in folder.rglob("*.html"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"\{#(?!.*#\})", line):
                    broken.append(f"{path}:{number}")
    assert not broken, f"multi-line {{# #}} comments: {broken}"


def test_public_and_booking_pages_show_no_template_source(client, llep_demo):
    from events.models import RoundTable

    visits = Visits(client)
    for path in [*PUBLIC_PAGES, "/round-tables/", "/no-such-page/"]:
        visits.get(path)
    round_table = RoundTable.objects.order_by("starts_at").first()
    detail = round_table.get_absolute_url()
    visits.get(detail)
    visits.post(detail)  # sent empty: the error state
    booking = {
        "full_name": "Ada Lovelace",
        "email": "ada@example.com",
        "organisation": "Analytical Engines Ltd",
        "privacy_agreed": "on",
    }
    booked = visits.post(detail, booking, follow=True)
    assert booked.status_code == 200
    visits.post(detail, booking)  # already booked
    cancel = booked.redirect_chain[-1][0].rstrip("/").split("?")[0] + "/cancel/"
    visits.get(cancel)
    visits.post(cancel, follow=True)
    visits.get("/round-tables/booking/not-a-token/")
    assert visits.count >= 15
    assert not visits.found, "\n".join(visits.found)


def test_survey_pages_in_every_state_show_no_template_source(client, llep_demo):
    from survey.models import Survey

    visits = Visits(client)
    visits.get(reverse("survey:start"))
    visits.post(reverse("survey:begin"), follow=True)
    for number in range(1, 5):
        section = reverse("survey:section", args=[number])
        visits.get(section)
        visits.post(section, {"action": "Continue"})  # every error this section can show
        visits.post(section, {**SECTION_POSTS[number], "action": "Continue"})
    visits.get(reverse("survey:save"))
    visits.post(reverse("survey:save"), {"email": "not an email"})
    visits.post(reverse("survey:save"), {"email": "me@example.com"}, follow=True)
    visits.get(reverse("survey:check"))
    visits.post(reverse("survey:check"), {"receipt_email": "not an email"})
    visits.post(reverse("survey:check"), {"website": "spam"})  # refused
    visits.get(reverse("survey:resume", args=["not-a-signed-link"]))
    visits.post(reverse("survey:check"), {"receipt_email": ""}, follow=True)  # done
    # A second person, still answering when the survey closes.
    other = Visits(client.__class__())
    other.post(reverse("survey:begin"), follow=True)
    other.post(reverse("survey:section", args=[1]), {**SECTION_POSTS[1], "action": "Continue"})
    survey = Survey.objects.get()
    Survey.objects.update(closes_at=survey.opens_at + dt.timedelta(minutes=1))
    for visit in (visits, other):
        visit.get(reverse("survey:start"))
    other.get(reverse("survey:section", args=[2]))
    other.post(reverse("survey:late_send"), {"email": "not an email"})
    other.post(reverse("survey:late_send"), {"email": "me@example.com"})
    found = visits.found + other.found
    assert visits.count + other.count >= 25
    assert not found, "\n".join(found)


def test_board_and_admin_pages_of_every_model_show_no_template_source(
    client, admin_client, llep_demo
):
    from survey.models import Response

    visits = Visits(client)
    visits.post(reverse("survey:begin"), follow=True)
    for number in range(1, 5):
        visits.post(
            reverse("survey:section", args=[number]), {**SECTION_POSTS[number], "action": "x"}
        )
    visits.post(reverse("survey:check"), {"receipt_email": ""})
    reference = Response.objects.get().reference

    staff = Visits(admin_client)
    staff.get(reverse("prospectus:board"))
    staff.get(reverse("prospectus:responses"))
    staff.get(reverse("prospectus:response", args=[reference]))
    staff.get(reverse("prospectus:notes"))
    staff.get(reverse("admin:index"))
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        staff.get(reverse(f"{name}_changelist"))
        staff.get(reverse(f"{name}_add"))
        first = model_admin.get_queryset(None).first() if hasattr(model, "objects") else None
        if first is not None:
            staff.get(reverse(f"{name}_change", args=[first.pk]))
    assert staff.count > 3 * len(admin.site._registry) - 10
    found = visits.found + staff.found
    assert not found, "\n".join(found)
