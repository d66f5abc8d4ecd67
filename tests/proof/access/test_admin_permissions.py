"""Every admin URL (changelist, add, change, delete, history, custom views) and every admin action,
walked as each role: allowed exactly where portal/roles.py gives the permission, refused elsewhere.

Expected answers come from roles.ROLE_PERMISSIONS, not from the ModelAdmins' own checks; the
superuser's answer is the ceiling (an admin that shows nobody an add page, say).
"""

import pytest
from django.contrib import admin
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

from portal import roles

from .conftest import PASSWORD, ROLE_GROUPS

# The permission each custom admin view needs. A new custom view must be added here, so that its
# permission check is tested rather than assumed.
CUSTOM_VIEW_PERMISSIONS = {
    "events_roundtable_attendees_csv": {"events.export_bookings"},
    "events_roundtable_sign_in_sheet": {"events.export_bookings"},
    "events_roundtable_tell_people": {"events.change_roundtable"},
    "events_roundtable_cancel": {"events.change_roundtable"},
    "events_roundtable_reinstate": {"events.change_roundtable"},
    "events_roundtable_message": {"events.add_attendeemessage"},
    "events_roundtable_door": {"events.change_booking"},
    "events_roundtable_walk_in": {"events.change_booking"},
    "auth_user_password_change": {"auth.change_user"},
    "survey_response_enter": {"survey.add_response"},
    "survey_response_export": {"survey.view_response", "survey.export_responses"},
}
# The permission behind each custom allowed_permissions name of an admin action.
ACTION_PERMISSION_NAMES = {
    ("events.booking", "export"): "events.export_bookings",
    ("events.roundtable", "reinstate"): "events.change_roundtable",
    ("survey.response", "moderate"): "survey.moderate_response",
    ("survey.response", "export"): "survey.export_responses",
    ("results.publishableresponse", "clear"): "results.add_clearance",
}
STANDARD = {"changelist", "add", "history", "delete", "change"}


def _perms(role: str) -> set[str] | None:
    """The role's permissions per roles.py; None for the superuser (everything)."""
    if role == "superuser":
        return None
    group = ROLE_GROUPS[role]
    return set(roles.ROLE_PERMISSIONS.get(group, [])) if group else set()


def _has(role: str, *perms: str, any_of: bool = False) -> bool:
    granted = _perms(role)
    if granted is None:
        return True
    return any(p in granted for p in perms) if any_of else all(p in granted for p in perms)


def _admin_urls(objects_by_model) -> list[tuple[str, str, object, str]]:
    """(url, kind, model, url name) for every named URL of every registered ModelAdmin."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        obj = objects_by_model.get(model)
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if not name:
                continue
            kind = name[len(info) + 1 :] if name.startswith(info + "_") else name
            params = list(pattern.pattern.converters)
            if params:
                if obj is None:
                    pytest.fail(f"No {model._meta.label} row to open {name}; add one in conftest")
                url = reverse(f"admin:{name}", kwargs=dict.fromkeys(params, obj.pk))
            else:
                url = reverse(f"admin:{name}")
            urls.append((url, kind if kind in STANDARD else "custom", model, name))
    return urls


def _expected(role: str, kind: str, model, name: str) -> bool:
    label = f"{model._meta.app_label}.%s_{model._meta.model_name}"
    if kind in ("changelist", "history", "change"):
        return _has(role, label % "view", label % "change", any_of=True)
    if kind == "add":
        return _has(role, label % "add")
    if kind == "delete":
        return _has(role, label % "delete")
    if name not in CUSTOM_VIEW_PERMISSIONS:
        pytest.fail(f"Custom admin view {name} is not in CUSTOM_VIEW_PERMISSIONS")
    return _has(role, *CUSTOM_VIEW_PERMISSIONS[name])


def _allowed(client: Client, url: str) -> bool | None:
    """True for a page (after any redirects), False for a refusal (403, or ending at the sign-in
    page), None for anything else (a server error, a missing page)."""
    reply = client.get(url, follow=True)
    if reply.redirect_chain and reply.redirect_chain[-1][0].startswith(reverse("admin:login")):
        return False
    if reply.status_code == 200:
        return True
    if reply.status_code == 403:
        return False
    return None


def _signed_in(user) -> Client:
    client = Client()
    # django-axes checks every sign-in against its lockout, which needs a request.
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    return client


def test_every_admin_url_allows_exactly_the_roles_roles_py_gives_it_to(accounts, one_of_everything):
    objects = {model: model._default_manager.first() for model in admin.site._registry}
    urls = _admin_urls(objects)
    superuser = _signed_in(accounts["superuser"])
    ceiling = {url: _allowed(superuser, url) for url, *_ in urls}
    odd = [url for url, allowed in ceiling.items() if allowed is None]
    assert odd == [], odd
    assert sum(ceiling.values()) > len(urls) // 2

    wrong = []
    for role in ROLE_GROUPS:
        client = _signed_in(accounts[role])
        for url, kind, model, name in urls:
            expected = ceiling[url] and _expected(role, kind, model, name)
            allowed = _allowed(client, url)
            if allowed is not expected:
                wrong.append(f"{role:12} {url:60} allowed={allowed}, expected={expected}")
    assert wrong == [], "\n" + "\n".join(wrong)


def test_the_admin_index_and_app_pages_follow_the_roles(accounts, one_of_everything):
    app_labels = {model._meta.app_label for model in admin.site._registry}
    wrong = []
    for role in ROLE_GROUPS:
        client = _signed_in(accounts[role])
        if client.get(reverse("admin:index")).status_code != 200:
            wrong.append(f"{role} cannot open the admin index")
        for app_label in app_labels:
            perms = _perms(role)
            expected = perms is None or any(p.startswith(f"{app_label}.") for p in perms)
            status = client.get(reverse("admin:app_list", args=[app_label])).status_code
            if (status == 200) != expected:
                wrong.append(
                    f"{role} /admin/{app_label}/ got {status}, expected allowed={expected}"
                )
    assert wrong == [], "\n".join(wrong)


def test_people_who_are_not_staff_are_sent_to_sign_in_from_every_admin_url(
    accounts, one_of_everything
):
    objects = {model: model._default_manager.first() for model in admin.site._registry}
    for who in (Client(), _signed_in(accounts["public"])):
        for url, *_ in _admin_urls(objects):
            reply = who.get(url)
            assert reply.status_code == 302, url
            assert reply["Location"].startswith(reverse("admin:login")), url


def _action_permission(model, model_admin, name: str) -> str:
    if name in ("view", "add", "change", "delete"):
        return f"{model._meta.app_label}.{name}_{model._meta.model_name}"
    key = (model._meta.label_lower, name)
    if key not in ACTION_PERMISSION_NAMES:
        pytest.fail(f"Admin action permission {name!r} of {model._meta.label} is not mapped")
    return ACTION_PERMISSION_NAMES[key]


def test_every_admin_action_is_offered_to_exactly_the_roles_with_its_permission(
    accounts, one_of_everything
):
    factory = RequestFactory()
    wrong = []
    for model, model_admin in admin.site._registry.items():
        request = factory.get("/admin/")
        request.user = accounts["superuser"]
        ceiling = set(model_admin.get_actions(request))
        for role in ROLE_GROUPS:
            request = factory.get("/admin/")
            request.user = accounts[role]
            offered = set(model_admin.get_actions(request))
            base = {name for _, name, _ in model_admin._get_base_actions()}
            # Actions an admin adds at run time (tagging with each theme, say) change rows: only
            # roles with the model's change permission may be offered them.
            may_change = _has(role, f"{model._meta.app_label}.change_{model._meta.model_name}")
            for name in offered - base:
                if not may_change:
                    wrong.append(f"{role:12} {model._meta.label}.{name} offered without change")
            for func, name, _ in model_admin._get_base_actions():
                allowed = getattr(func, "allowed_permissions", None)
                if allowed is None:
                    wrong.append(f"{model._meta.label}.{name} declares no allowed_permissions")
                    continue
                expected = _has(
                    role,
                    *(_action_permission(model, model_admin, p) for p in allowed),
                    any_of=True,
                ) and _has(
                    role,
                    f"{model._meta.app_label}.view_{model._meta.model_name}",
                    f"{model._meta.app_label}.change_{model._meta.model_name}",
                    any_of=True,
                )
                # The superuser's offer is the ceiling: an action the admin offers nobody.
                expected = expected and name in ceiling
                if (name in offered) != expected:
                    wrong.append(
                        f"{role:12} {model._meta.label}.{name}: offered={name in offered}, "
                        f"expected={expected}"
                    )
    assert wrong == [], "\n" + "\n".join(sorted(set(wrong)))


def test_a_refused_admin_action_posted_anyway_changes_nothing(accounts, one_of_everything):
    from events.models import Booking
    from survey.models import Response

    booking = one_of_everything["booking"]
    response = one_of_everything["response"]
    Response.objects.filter(pk=response.pk).update(status=Response.Status.PENDING)
    before = list(Booking.objects.values())
    for role in ("organiser", "board", "plain_staff"):
        client = _signed_in(accounts[role])
        for action in ("approve", "mark_spam", "export_selected"):
            reply = client.post(
                reverse("admin:survey_response_changelist"),
                {"action": action, "_selected_action": [response.pk], "index": 0},
            )
            assert reply.status_code in (302, 403), (role, action, reply.status_code)
            assert "csv" not in reply.get("Content-Type", "")
    assert Response.objects.get(pk=response.pk).status == Response.Status.PENDING
    for role in ("moderator", "board", "plain_staff"):
        client = _signed_in(accounts[role])
        for action in ("cancel_bookings", "mark_attended", "export_csv"):
            reply = client.post(
                reverse("admin:events_booking_changelist"),
                {"action": action, "_selected_action": [booking.pk], "index": 0},
            )
            assert reply.status_code in (302, 403), (role, action, reply.status_code)
            assert "csv" not in reply.get("Content-Type", "")
    assert list(Booking.objects.values()) == before


BOARD_PAGES = ["prospectus:board", "prospectus:responses", "prospectus:notes"]


@pytest.mark.parametrize("role", list(ROLE_GROUPS))
def test_board_pages_follow_the_roles(role, accounts, one_of_everything):
    client = _signed_in(accounts[role])
    may_read = _has(role, "prospectus.view_evidence")
    for name in BOARD_PAGES:
        assert client.get(reverse(name)).status_code == (200 if may_read else 403), name
    response = one_of_everything["response"]
    reply = client.get(reverse("prospectus:response", args=[response.reference]))
    assert reply.status_code == (200 if may_read else 403)
    export = one_of_everything["export"]
    download = client.get(reverse("prospectus:export_download", args=[export.pk]))
    assert download.status_code == (200 if _has(role, "prospectus.view_export") else 403)
    record = _has(role, "prospectus.view_evidence", "prospectus.add_export")
    may_generate = record or _has(role, "prospectus.view_evidence", "prospectus.build_draft")
    generate = client.post(reverse("prospectus:export_create"))
    assert (generate.status_code == 302) == may_generate, generate.status_code
    if not may_generate:
        assert generate.status_code == 403
    else:  # only the board's export is not a draft
        from prospectus.models import Export

        made = Export.objects.exclude(pk=export.pk).get(requested_by=accounts[role])
        assert made.draft == (not record)


def test_board_pages_send_people_who_are_not_signed_in_to_sign_in(one_of_everything):
    client = Client()
    export = one_of_everything["export"]
    for url in [
        *(reverse(name) for name in BOARD_PAGES),
        reverse("prospectus:export_download", args=[export.pk]),
    ]:
        reply = client.get(url)
        assert reply.status_code == 302 and "/admin/login/" in reply["Location"], url
