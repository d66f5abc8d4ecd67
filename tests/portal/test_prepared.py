"""PreparedQuery: built once, run with new values, the same rows as the QuerySet it comes from."""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from events.models import RoundTable
from portal.models import Sector
from portal.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def test_gives_the_same_instances_and_annotations_as_the_queryset(llep):
    def build(slug):
        return RoundTable.objects.filter(slug=slug).annotate(n_notes=Count("notes")).order_by("pk")

    prepared = PreparedQuery(build, slug=str)
    for slug in ("textiles", "life-sciences", "no-such-round-table"):
        expected = list(build(slug))
        found = prepared.objects(slug=slug)
        assert [r.pk for r in found] == [r.pk for r in expected]
        for got, want in zip(found, expected, strict=True):
            # Datetimes and booleans come back as Python values on every database.
            assert (got.starts_at, got.ends_at, got.n_notes) == (
                want.starts_at,
                want.ends_at,
                want.n_notes,
            )
            assert got._state.db == "default" and not got._state.adding


def test_builds_its_sql_once_and_runs_one_query_a_call(llep):
    built = []

    def build(pk):
        built.append(pk)
        return Sector.objects.filter(pk=pk).values_list("slug", "consultation__is_current")

    prepared = PreparedQuery(build, pk=int)
    sectors = list(Sector.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        for sector in sectors:
            assert prepared.row(pk=sector.pk) == (sector.slug, True)
    assert len(built) == 1
    assert len(queries) == len(sectors)
    assert prepared.row(pk=-1) is None


def test_a_parameter_the_orm_rewrites_is_refused_at_first_use(llep):
    prepared = PreparedQuery(lambda text: Sector.objects.filter(name__icontains=text), text=str)
    with pytest.raises(ValueError, match="not preparable"):
        prepared.objects(text="Tex")


def test_select_related_is_refused(llep):
    prepared = PreparedQuery(
        lambda slug: RoundTable.objects.select_related("sector").filter(slug=slug), slug=str
    )
    with pytest.raises(ValueError, match="select_related"):
        prepared.objects(slug="textiles")


def test_only_str_and_int_parameters():
    prepared = PreparedQuery(lambda when: Sector.objects.filter(pk=when), when=float)
    with pytest.raises(TypeError):
        prepared.row(when=1.0)


def test_fixed_values_stay_and_each_call_takes_its_own(llep):
    prepared = PreparedQuery(
        lambda slug: (
            Sector.objects.filter(Q(slug=slug) | Q(slug="textiles"))
            .order_by("slug")
            .values_list("slug")
        ),
        slug=str,
    )
    assert prepared.row(slug="aaa-none") == ("textiles",)
    assert prepared.row(slug="advanced-logistics") == ("advanced-logistics",)


def test_uuid_parameters_on_every_database_and_a_malformed_one_is_a_value_error(llep):
    import uuid

    from survey.models import Draft, Survey

    draft = Draft.objects.create(survey=Survey.objects.get())
    prepared = PreparedQuery(lambda token: Draft.objects.filter(token=token), token=uuid.UUID)
    assert [d.pk for d in prepared.objects(token=str(draft.token))] == [draft.pk]
    assert [d.pk for d in prepared.objects(token=draft.token)] == [draft.pk]
    assert prepared.objects(token=uuid.uuid4()) == []
    with pytest.raises(ValueError):
        prepared.objects(token="not-a-uuid")
