"""The Moderators, Event organisers and Board groups exist after migrating and have exactly the
permissions portal/roles.py lists, and nothing else."""

import pytest
from django.contrib.auth.models import Group, Permission

from portal import roles


def _names(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", list(roles.ROLE_PERMISSIONS))
def test_role_has_exactly_the_listed_permissions(group_name):
    group = Group.objects.get(name=group_name)
    granted = _names(group.permissions.select_related("content_type"))
    assert granted == set(roles.ROLE_PERMISSIONS[group_name])


@pytest.mark.django_db
def test_every_listed_permission_exists():
    """A misspelt permission would be skipped silently by roles_sync; this catches it."""
    existing = _names(Permission.objects.select_related("content_type"))
    listed = {name for names in roles.ROLE_PERMISSIONS.values() for name in names}
    assert listed - existing == set()


@pytest.mark.django_db
def test_resyncing_roles_removes_a_permission_added_by_hand():
    group = Group.objects.get(name=roles.BOARD)
    group.permissions.add(Permission.objects.get(codename="delete_consultation"))
    roles.roles_sync()
    assert "portal.delete_consultation" not in _names(group.permissions.all())
    assert _names(group.permissions.all()) == set(roles.ROLE_PERMISSIONS[roles.BOARD])


@pytest.mark.django_db
def test_the_three_roles_are_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.MODERATORS,
        roles.EVENT_ORGANISERS,
        roles.BOARD,
    }


def _moderator(client):
    from django.contrib.auth.models import User

    user = User.objects.create_user("mod", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_moderators_tune_theme_keywords_but_not_the_published_wording(client, llep):
    from django.urls import reverse

    from portal.models import Theme

    _moderator(client)
    theme = Theme.objects.get(slug="clean-growth")
    url = reverse("admin:portal_theme_change", args=[theme.pk])
    page = client.get(url)
    assert page.status_code == 200
    languages = {"keywords_gu", "keywords_pa", "keywords_ur", "keywords_pl"}
    assert set(page.context["adminform"].form.fields) == {"keywords", *languages}
    reply = client.post(
        url,
        {"keywords": "decarbonise\nheat pumps", "keywords_pl": "klimat*", "name": "Renamed"},
    )
    assert reply.status_code == 302
    theme.refresh_from_db()
    assert theme.keyword_list == ["decarbonise", "heat pumps", "klimat*"]
    assert theme.keywords_translated == {"pl": "klimat*"}  # the boxes left empty are dropped
    assert theme.name == "Clean Growth"


@pytest.mark.django_db
def test_moderators_upload_a_download_and_its_size_is_taken_from_the_file(
    client, llep, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from portal.models import Document

    settings.MEDIA_ROOT = tmp_path
    _moderator(client)
    document = Document.objects.filter(consultation=llep).first()
    url = reverse("admin:portal_document_change", args=[document.pk])
    data = {
        "consultation": llep.pk,
        "title": document.title,
        "url": "",
        "size_bytes": "",
        "file_format": "PDF",
        "order": document.order,
    }
    pdf = SimpleUploadedFile("llep.pdf", b"%PDF-1.4\n" + b"x" * 2000, "application/pdf")
    assert client.post(url, {**data, "file": pdf}).status_code == 302
    document.refresh_from_db()
    assert document.file.name.endswith(".pdf") and document.size_bytes == 2009
    page = client.post(
        url, {**data, "file": SimpleUploadedFile("x.html", b"<script>", "text/html")}
    )
    assert page.status_code == 200
    assert "File extension “html” is not allowed" in page.content.decode()
    assert (
        client.get(reverse("admin:portal_document_delete", args=[document.pk])).status_code == 403
    )
