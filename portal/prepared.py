"""ORM queries turned into SQL once per process, for the few that run at every request of a rush.

Building the SQL of a QuerySet costs about 1 ms of CPU on this machine (filters resolved,
expressions compiled), several times what PostgreSQL needs to answer the small queries on the
booking path. A PreparedQuery builds its QuerySet once, with a marker in place of each parameter,
keeps the SQL, and at each call puts the real values where the markers were.

The QuerySet stays the one definition of the query: no SQL is written by hand, and the SQL is
the database's own dialect (FOR UPDATE on PostgreSQL, nothing on SQLite). Rows become model
instances or tuples the way Django's own iterators make them, database converters included.
A PreparedInsert does the same for Model.objects.create() of one model.

On PostgreSQL the statement is also prepared on the server, once per connection, so PostgreSQL
does not parse and plan it again at every call: for these small queries planning costs more than
answering. DATABASE_PREPARED_STATEMENTS=false turns that off (for a pooler such as PgBouncer in
transaction mode before 1.21, which cannot keep prepared statements).
(docs/decisions/0104-booking-and-survey-hot-paths.md, 0105-outbox-drain-and-prepared-statements.md)
"""

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db import connections
from django.db.models import Model, QuerySet, signals, sql


@dataclass(frozen=True)
class _Compiled:
    model: type[Model]
    sql: str
    slots: list  # per parameter: ("value", (name, convert)) or ("fixed", value)
    converters: dict  # column index -> (converters, expression), as SQLCompiler makes them
    fields: list[tuple[int, str]] | None  # (column, attname) of the model's fields; None: tuples
    annotations: dict[str, int]  # annotation name -> column
    # values_list's annotations in the order it names them, when the SQL has them in another
    # (Django reorders in its iterable; django-modeltranslation's queryset passes them through
    # a set): the columns to read, in order. None: as selected.
    order: list[int] | None = None


class PreparedQuery:
    """build(**markers) returns the QuerySet; parameters names each argument and its type: str,
    int or uuid.UUID (a malformed UUID value raises ValueError). The QuerySet may not use
    select_related. A parameter the ORM rewrites (icontains adds %…%) cannot be a marker: the
    first call fails, loudly. objects() is for model QuerySets, row() for values_list()."""

    def __init__(self, build: Callable[..., QuerySet], **parameters: type):
        self._build = build
        self._parameters = parameters
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, alias: str) -> _Compiled:
        markers = {name: _marker(kind) for name, kind in self._parameters.items()}
        queryset = self._build(**markers)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        # Each marker as it may appear among the parameters (a UUID is hex text on SQLite),
        # with how to turn a value into that form.
        forms = {}
        for name, marker in markers.items():
            if isinstance(marker, uuid.UUID):
                forms[marker] = (name, lambda value: uuid.UUID(str(value)))
                forms[marker.hex] = (name, lambda value: uuid.UUID(str(value)).hex)
            else:
                forms[marker] = (name, self._parameters[name])
        slots = [("value", forms[p]) if _hashable(p) and p in forms else ("fixed", p)
                 for p in params]  # fmt: skip
        missing = set(markers) - {v[0] for kind, v in slots if kind == "value"}
        if missing:
            raise ValueError(f"The ORM changed the value of {sorted(missing)}: not preparable")
        if compiler.klass_info and compiler.klass_info.get("related_klass_infos"):
            raise ValueError("PreparedQuery maps one model's columns: no select_related")
        if connections[alias].vendor == "postgresql":
            sql, slots = _fixed_inlined(sql, slots, connections[alias])
        fields = None
        if compiler.klass_info:
            fields = [(i, compiler.select[i][0].target.attname)
                      for i in compiler.klass_info["select_fields"]]  # fmt: skip
        return _Compiled(
            model=queryset.model,
            sql=sql,
            slots=slots,
            converters=compiler.get_converters([s[0] for s in compiler.select]),
            fields=fields,
            annotations=dict(compiler.annotation_col_map or {}),
            order=_named_order(queryset, compiler),
        )

    def _rows(self, values: dict, using: str) -> tuple[_Compiled, list]:
        if using not in self._compiled:
            self._compiled[using] = self._compile(using)
        compiled = self._compiled[using]
        params = [v[1](values[v[0]]) if kind == "value" else v for kind, v in compiled.slots]
        connection = connections[using]
        with prepared_cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            converters = list(compiled.converters.items())
            rows = [_converted(row, converters, connection) for row in rows]
        return compiled, rows

    def objects(self, *, using: str = "default", **values) -> list[Model]:
        """The model instances the QuerySet would give, its annotations as attributes."""
        compiled, rows = self._rows(values, using)
        attnames = [name for _, name in compiled.fields]
        objects = []
        for row in rows:
            obj = compiled.model.from_db(using, attnames, [row[i] for i, _ in compiled.fields])
            for name, column in compiled.annotations.items():
                setattr(obj, name, row[column])
            objects.append(obj)
        return objects

    def row(self, *, using: str = "default", **values) -> tuple | None:
        """The first row as a tuple (for a .values_list() QuerySet), or None."""
        compiled, rows = self._rows(values, using)
        if not rows:
            return None
        if compiled.order is not None:
            return tuple(rows[0][i] for i in compiled.order)
        return tuple(rows[0])


def _named_order(queryset: QuerySet, compiler) -> list[int] | None:
    # django-modeltranslation keeps the names as asked in original_fields; _fields is its set.
    names = getattr(queryset, "original_fields", None) or queryset._fields or ()
    columns = compiler.annotation_col_map or {}
    if names and all(name in columns for name in names):
        return [columns[name] for name in names]
    return None


def _fixed_inlined(sql: str, slots: list, connection) -> tuple[str, list]:
    """The SQL with each fixed value written in as a literal, and the slots left. A statement
    prepared on the server is planned for any value of its parameters: with status = 'confirmed'
    written in, PostgreSQL can use the partial index on confirmed bookings; with status = $1 it
    cannot, and reads every booking of the round table."""
    remaining = iter(slots)
    kept = []

    def placeholder(match):
        if match.group(0) == "%%":
            return "%%"
        kind, value = next(remaining)
        if kind == "value":
            kept.append((kind, value))
            return "%s"
        return connection.ops.compose_sql("%s", [value]).replace("%", "%%")

    return re.sub(r"%%|%s", placeholder, sql), kept


def prepared_cursor(connection):
    """Django's cursor, or on PostgreSQL one that binds parameters on the server and has each
    statement prepared there (psycopg keeps the prepared statements of each connection, the
    last 100 used). Django's health check, error wrapping and query logging apply as to any
    cursor. A connection without a prepare_threshold (Django's default, which the settings
    change unless DATABASE_PREPARED_STATEMENTS=false) prepares nothing."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        return connection.cursor()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(connection.connection))


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True)

    return PreparingCursor


def _converted(row, converters, connection) -> list:
    row = list(row)
    for column, (functions, expression) in converters:
        value = row[column]
        for function in functions:
            value = function(value, expression, connection)
        row[column] = value
    return row


def _marker(kind: type):
    if kind is str:
        return f"prepared-{secrets.token_hex(12)}"
    if kind is int:
        return -(10**15) - secrets.randbelow(10**12)
    if kind is uuid.UUID:
        return uuid.uuid4()
    raise TypeError(f"PreparedQuery parameters are str, int or uuid.UUID, not {kind}")


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class PreparedInsert:
    """Model.objects.create(**values) for a model on a hot path, its INSERT built once per process
    (and prepared on the PostgreSQL server) rather than at every call. As in Model.save(): field
    defaults, auto_now_add and each field's conversion for the database; pre_save and post_save
    are sent. For a plain model whose primary key the database makes: no parent model, no
    order_with_respect_to, no db_default; a related object given must be saved already."""

    def __init__(self, model: type[Model]):
        meta = model._meta
        if meta.parents or meta.order_with_respect_to or meta.auto_field is None:
            raise ValueError(f"PreparedInsert is for plain models, not {model.__name__}")
        self.model = model
        self._fields = [f for f in meta.local_concrete_fields
                        if not f.generated and f is not meta.auto_field]  # fmt: skip
        self._sql: dict[str, str] = {}

    def _compile(self, alias: str) -> str:
        query = sql.InsertQuery(self.model)
        query.insert_values(self._fields, [self.model()])
        compiler = query.get_compiler(using=alias)
        compiler.returning_fields = [self.model._meta.pk]
        ((statement, params),) = compiler.as_sql()
        if len(params) != len(self._fields) or "RETURNING" not in statement:
            raise ValueError(f"The INSERT of {self.model.__name__} is not preparable here")
        return statement

    def create(self, *, using: str = "default", **values) -> Model:
        obj = self.model(**values)
        connection = connections[using]
        if using not in self._sql:
            self._sql[using] = self._compile(using)
        signals.pre_save.send(
            sender=self.model, instance=obj, raw=False, using=using, update_fields=None
        )
        params = [field.get_db_prep_save(field.pre_save(obj, True), connection=connection)
                  for field in self._fields]  # fmt: skip
        with prepared_cursor(connection) as cursor:
            cursor.execute(self._sql[using], params)
            (obj.pk,) = cursor.fetchone()
        obj._state.adding = False
        obj._state.db = using
        signals.post_save.send(
            sender=self.model,
            instance=obj,
            created=True,
            update_fields=None,
            raw=False,
            using=using,
        )
        return obj
