"""Two moderators clearing the same responses for publication are each told how many they
cleared themselves: the responses' rows are locked, so "Cleared N responses" never counts the
other moderator's clearances as well."""

import time

import pytest

from results import services
from results.models import Clearance
from tests.prospectus.conftest import add_response
from tests.together import together


def _waiting(data, count: int) -> list:
    """Approved responses whose authors agreed to be quoted, not yet cleared."""
    return [
        add_response(data, sector=data.textiles, text=f"Waiting {n}.", quote_ok=True)
        for n in range(count)
    ]


def test_a_second_moderator_clearing_the_same_responses_is_told_none_were_cleared(
    data, moderator, board_member
):
    # Both read the selection before either pressed; the second presses after the first.
    selection = _waiting(data, 2)

    first = services.responses_clear(responses=selection, user=moderator)
    second = services.responses_clear(responses=selection, user=board_member)

    assert (first, second) == (2, 0)
    cleared_by = Clearance.objects.filter(response__in=selection).values_list(
        "cleared_by", flat=True
    )
    assert set(cleared_by) == {moderator.pk}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_moderators_clearing_at_once_count_only_what_each_cleared(
    data, moderator, board_member, monkeypatch
):
    selection = _waiting(data, 3)
    insert = Clearance.objects.bulk_create

    def slow_insert(*args, **kwargs):
        # Widen the gap between reading which responses are still to clear and clearing them.
        time.sleep(0.3)
        return insert(*args, **kwargs)

    monkeypatch.setattr(Clearance.objects, "bulk_create", slow_insert)

    def press(user):
        return lambda: services.responses_clear(responses=selection, user=user)

    counts = together(press(moderator), press(board_member))
    assert sorted(counts) == [0, 3]
    assert Clearance.objects.filter(response__in=selection).count() == 3
