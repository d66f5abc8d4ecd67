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
