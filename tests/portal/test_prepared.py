"""PreparedQuery: built once, run with new values, the same rows as the QuerySet it comes from."""

import pytest
from django.db import connection
from django.db.models import Count, F, Q
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


def _prepared_on_server(alias: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall() if f'"{alias}"' in row[0]]


@pytest.mark.postgres
def test_on_postgresql_the_statement_is_prepared_once_on_the_server_and_reused(llep):
    prepared = PreparedQuery(
        lambda slug: (
            Sector.objects.filter(slug=slug)
            .exclude(name="A fixed 100% value")
            .annotate(prepared_once=F("slug"))
            .values_list("prepared_once")
        ),
        slug=str,
    )
    with CaptureQueriesContext(connection) as queries:  # still logged like any query
        assert prepared.row(slug="textiles") == ("textiles",)
        assert prepared.row(slug="advanced-logistics") == ("advanced-logistics",)
        assert prepared.row(slug="none") is None
    assert len(queries) == 3
    # One prepared statement, with a placeholder for the slug, used by all three calls. A fixed
    # value is written into it, so that its plan can rely on it (a partial index, say).
    (statement,) = _prepared_on_server("prepared_once")
    assert "$1" in statement and "$2" not in statement and "textiles" not in statement
    assert "'A fixed 100% value'" in statement


@pytest.mark.postgres
def test_prepared_statements_can_be_turned_off_for_a_pooler(llep, monkeypatch):
    # What DATABASE_PREPARED_STATEMENTS=false gives the connection (tests/portal/test_settings.py).
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    prepared = PreparedQuery(
        lambda slug: (
            Sector.objects.filter(slug=slug)
            .annotate(not_prepared=F("slug"))
            .values_list("not_prepared")
        ),
        slug=str,
    )
    assert prepared.row(slug="textiles") == ("textiles",)
    assert _prepared_on_server("not_prepared") == []


def test_prepared_insert_stores_what_create_stores_and_sends_the_save_signals(llep):
    import datetime as dt

    from django.db.models.signals import post_save, pre_save

    from events.models import Booking
    from portal.models import OutboundEmail
    from portal.prepared import PreparedInsert

    round_table = RoundTable.objects.get(slug="textiles")
    values = {
        "round_table": round_table,
        "full_name": "Ada Lovelace",
        "organisation": "Analytical Engines",
        "privacy_agreed_at": dt.datetime(2018, 5, 7, 12, 0, tzinfo=dt.UTC),
        "status": Booking.Status.WAITLISTED,
    }
    heard = []

    def listen(sender, instance, **kwargs):
        heard.append((sender, instance.pk, kwargs.get("created")))

    pre_save.connect(listen, sender=Booking)
    post_save.connect(listen, sender=Booking)
    try:
        inserts = PreparedInsert(Booking)
        made = inserts.create(reference="LLEP-AAAA-BBBB", email="ada@example.com", **values)
    finally:
        pre_save.disconnect(listen, sender=Booking)
        post_save.disconnect(listen, sender=Booking)
    assert heard == [(Booking, None, None), (Booking, made.pk, True)]
    assert made.pk and not made._state.adding and made._state.db == "default"
    expected = Booking.objects.create(reference="LLEP-CCCC-DDDD", email="ada@example.org", **values)
    columns = [f.attname for f in Booking._meta.concrete_fields]
    stored, created = (
        Booking.objects.filter(pk=pk).values(*columns).get() for pk in (made.pk, expected.pk)
    )
    for name in ("id", "reference", "email", "created_at"):
        stored.pop(name), created.pop(name)
    assert stored == created
    assert Booking.objects.get(pk=made.pk).created_at == made.created_at  # auto_now_add

    emails = PreparedInsert(OutboundEmail)
    for n in range(3):
        email = emails.create(to=f"p{n}@example.com", write_with="w", write_args={"n": n})
    assert len(emails._sql) == 1  # built once
    stored = OutboundEmail.objects.get(pk=email.pk)
    assert (stored.write_args, stored.attachments, stored.attempts, stored.dedupe_key) == (
        {"n": 2},
        [],
        0,
        None,
    )


@pytest.mark.postgres
def test_prepared_insert_is_prepared_on_the_server(llep):
    from portal.models import OutboundEmail
    from portal.prepared import PreparedInsert

    emails = PreparedInsert(OutboundEmail)
    emails.create(to="ada@example.com", subject="Hi", body="Hello")
    emails.create(to="grace@example.com", subject="Hi", body="Hello")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        inserts = [s for (s,) in cursor.fetchall() if 'INSERT INTO "portal_outboundemail"' in s]
    assert len(inserts) == 1 and "$1" in inserts[0]
