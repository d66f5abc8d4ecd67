"""Who responded (approved responses by type, place and sector) and how every response arrived."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from portal.models import Consultation
from prospectus.evidence.common import APPROVED, query_string, responses_of
from prospectus.evidence.types import Profile, Tally
from survey.models import Response


def _choice_tallies(choices, counts: dict[str, int], filter_name: str) -> list[Tally]:
    """A tally for each choice, and one for "Not given" when some responses left it blank."""
    tallies = [
        Tally(label=label, count=counts.get(value, 0), query=query_string(**{filter_name: value}))
        for value, label in choices
    ]
    if counts.get(""):
        tallies.append(
            Tally(
                label=_("Not given"), count=counts[""], query=query_string(**{filter_name: "none"})
            )
        )
    return tallies


def _channels(by_channel_status: dict[tuple[str, str], int]) -> list[dict]:
    """Every response by channel and status, each count linking to its list."""
    channels = []
    for channel, label in Response.Channel.choices:
        counts = [
            Tally(
                label=status_label,
                count=by_channel_status.get((channel, status), 0),
                # Only approved responses are listed to the board; the others are counted.
                query=query_string(channel=channel) if status == APPROVED else "",
            )
            for status, status_label in Response.Status.choices
        ]
        channels.append(
            {
                "channel": channel,
                "label": label,
                "counts": counts,
                "total": sum(c.count for c in counts),
                "query": "",  # every status: counted, not listed
            }
        )
    return channels


def profile_for(*, consultation: Consultation) -> Profile:
    """Three queries: the approved responses grouped by who sent them, how many carry a staff
    theme, and every response grouped by channel and status."""
    responses = responses_of(consultation)
    evidence = responses.filter(status=APPROVED)
    by_type: dict[str, int] = defaultdict(int)
    by_place: dict[str, int] = defaultdict(int)
    by_sector: dict[int | None, int] = defaultdict(int)
    quotable = 0
    for row in (
        evidence.values("respondent_type", "place", "sector_id")
        .annotate(n=Count("id"), quotable=Count("id", filter=Q(quote_ok=True)))
        .order_by()
    ):
        by_type[row["respondent_type"]] += row["n"]
        by_place[row["place"]] += row["n"]
        by_sector[row["sector_id"]] += row["n"]
        quotable += row["quotable"]
    themed = evidence.filter(
        Exists(Response.themes.through.objects.filter(response_id=OuterRef("pk")))
    ).count()

    by_channel_status: dict[tuple[str, str], int] = defaultdict(int)
    late = synthetic = 0
    for row in (
        responses.values("channel", "status", "is_late", "is_synthetic")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_channel_status[(row["channel"], row["status"])] += row["n"]
        late += row["n"] if row["is_late"] and row["status"] == APPROVED else 0
        synthetic += row["n"] if row["is_synthetic"] and row["status"] == APPROVED else 0

    return Profile(
        respondent_types=_choice_tallies(Response.RespondentType.choices, by_type, "type"),
        places=_choice_tallies(Response.Place.choices, by_place, "place"),
        by_sector=dict(by_sector),
        quotable=quotable,
        themed=themed,
        channels=_channels(by_channel_status),
        statuses=list(Response.Status.choices),
        late=Tally(label="Received after the survey closed", count=late, query="late=1"),
        total=sum(by_channel_status.values()),
        synthetic=synthetic,
    )
