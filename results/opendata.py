"""The open data: published responses and round-table notes as CSV and JSON, streamed in chunks
so that memory stays flat however many there are, and the Frictionless Data Package that
describes them (datapackage.json, Open Government Licence v3.0).

One list of fields per file (FIELDS) writes the header, every row, and the package's schema, so
what the package says and what the files hold cannot drift apart."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from events.models import RoundTableNote
from portal.models import Consultation
from prospectus.evidence import PERSONAL_KEYS, note_reference
from results.models import Publication, Reason
from results.selectors import published_answers, published_notes, published_responses
from survey import kinds
from survey.models import Question, Response
from survey.services import csv_cell

CHUNK = 2000
LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
REDACTION_POLICY = (
    "Only responses whose authors agreed to be quoted, that LLEP staff approved as evidence and "
    "then cleared for publication are included. Names, email addresses, job titles and the "
    "organisations of people who answered as individuals are never published; an organisation "
    "is named only where the respondent answered on behalf of it. Before publication moderators "
    "may redact an answer or a round-table note: the published text is a copy with the "
    "redacted words replaced by [redacted], for one of these reasons: "
    + ", ".join(label.lower() for label in Reason.labels)
    + ". The original is kept by the LLEP and every redaction is logged. A person who asks for "
    "their data to be erased is removed from these files."
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    description: str
    enum: tuple[str, ...] = ()

    def schema(self) -> dict:
        out = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        if self.enum:
            out["constraints"] = {"enum": list(self.enum)}
        return out


RESPONSE_FIELDS = [
    Field("reference", "string", "Reference", "The response's reference."),
    Field("submitted_on", "date", "Received on", "The date the response was received (UK)."),
    Field(
        "channel",
        "string",
        "How it was received",
        "online, email or paper.",
        tuple(Response.Channel.values),
    ),
    Field(
        "respondent_type",
        "string",
        "Type of respondent",
        "Who the respondent answered as.",
        tuple(Response.RespondentType.values),
    ),
    Field(
        "organisation",
        "string",
        "Organisation",
        "The organisation, only where the respondent answered on behalf of one.",
    ),
    Field("sector", "string", "Sector", "The sector the respondent chose."),
    Field(
        "themes",
        "string",
        "Themes",
        "The foundations of productivity and Grand Challenges LLEP staff confirmed, "
        "separated by semicolons.",
    ),
    Field(
        "synthetic",
        "boolean",
        "Synthetic",
        "true for made-up demonstration responses, never part of a real consultation.",
    ),
]

NOTE_FIELDS = [
    Field("reference", "string", "Reference", "The note's reference."),
    Field("round_table", "string", "Round table", "The round table that said it."),
    Field("sector", "string", "Sector", "The round table's sector."),
    Field("held_on", "date", "Held on", "The date of the round table (UK)."),
    Field(
        "kind",
        "string",
        "Kind",
        "challenge, priority or intervention.",
        ("challenge", "priority", "intervention"),
    ),
    Field("themes", "string", "Themes", "The themes staff tagged, separated by semicolons."),
    Field("text", "string", "Text", "What the round table said, as published."),
]


def answer_questions(*, consultation: Consultation) -> list[Question]:
    """The questions whose answers are published: a person's own words, never their details."""
    return list(
        Question.objects.filter(
            section__survey__consultation=consultation, kind__in=kinds.quotable_kinds()
        )
        .exclude(key__in=PERSONAL_KEYS)
        .order_by("section__survey__opens_at", "section__order", "order")
    )


def response_fields(*, consultation: Consultation) -> list[Field]:
    answers = [
        Field(f"answer_{q.key}", "string", q.text[:200], f"The published answer to: {q.text}")
        for q in answer_questions(consultation=consultation)
    ]
    return RESPONSE_FIELDS + list({f.name: f for f in answers}.values())


def _local_date(value) -> str:
    return timezone.localtime(value).date().isoformat()


def _text(value: str) -> str:
    return csv_cell(value) if value else ""


def _themes_by(through: QuerySet, owner: str, ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    rows = through.filter(**{f"{owner}__in": ids}).order_by("theme__kind", "theme__order")
    for owner_id, name in rows.values_list(owner, "theme__name"):
        names.setdefault(owner_id, []).append(name)
    return {key: "; ".join(value) for key, value in names.items()}


def response_rows(*, consultation: Consultation, chunk_size: int = CHUNK) -> Iterator[dict]:
    """Every published response as a dict of RESPONSE_FIELDS and its answers, read in
    primary-key chunks (three queries a chunk), so memory does not grow with their number."""
    fields = response_fields(consultation=consultation)
    responses = published_responses(consultation=consultation).order_by("pk")
    base = responses.values_list(
        "pk",
        "reference",
        "submitted_at",
        "channel",
        "respondent_type",
        "organisation",
        "sector__name",
        "is_synthetic",
    )
    last = 0
    while chunk := list(base.filter(pk__gt=last)[:chunk_size]):
        ids = [row[0] for row in chunk]
        last = ids[-1]
        answers: dict[int, dict[str, str]] = {}
        for response_id, key, text in published_answers(
            responses=Response.objects.filter(pk__in=ids)
        ).values_list("response_id", "question__key", "public"):
            answers.setdefault(response_id, {})[f"answer_{key}"] = text
        themes = _themes_by(Response.themes.through.objects, "response_id", ids)
        for pk, reference, submitted, channel, rtype, organisation, sector, synthetic in chunk:
            row = {
                "reference": reference,
                "submitted_on": _local_date(submitted),
                "channel": channel,
                "respondent_type": rtype,
                "organisation": organisation
                if rtype and rtype != Response.RespondentType.INDIVIDUAL
                else "",
                "sector": sector or "",
                "themes": themes.get(pk, ""),
                "synthetic": synthetic,
            }
            texts = answers.get(pk, {})
            for field in fields[len(RESPONSE_FIELDS) :]:
                row[field.name] = texts.get(field.name, "")
            yield row


def note_rows(*, consultation: Consultation, chunk_size: int = CHUNK) -> Iterator[dict]:
    notes = published_notes(consultation=consultation).order_by("pk")
    base = notes.values_list(
        "pk",
        "round_table__slug",
        "round_table__title",
        "round_table__sector__name",
        "round_table__starts_at",
        "kind",
        "public",
    )
    last = 0
    while chunk := list(base.filter(pk__gt=last)[:chunk_size]):
        ids = [row[0] for row in chunk]
        last = ids[-1]
        themes = _themes_by(RoundTableNote.themes.through.objects, "roundtablenote_id", ids)
        for pk, slug, title, sector, starts, kind, text in chunk:
            yield {
                "reference": note_reference(slug, pk),
                "round_table": title,
                "sector": sector or "",
                "held_on": _local_date(starts),
                "kind": kind,
                "themes": themes.get(pk, ""),
                "text": text,
            }


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(fields: list[Field], rows: Iterator[dict]) -> Iterator[str]:
    """CSV lines: the header, then each row; text cells a spreadsheet would run as a formula
    start with an apostrophe."""
    writer = csv.writer(_Echo())
    yield writer.writerow([f.name for f in fields])
    for row in rows:
        yield writer.writerow(
            [
                ("true" if row[f.name] else "false")
                if f.type == "boolean"
                else _text(row[f.name])
                if f.type == "string"
                else row[f.name]
                for f in fields
            ]
        )


def json_stream(rows: Iterator[dict]) -> Iterator[str]:
    """A JSON array of objects, written one object at a time."""
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _resource(name: str, title: str, fields: list[Field]) -> dict:
    return {
        "name": name,
        "title": title,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": [f.schema() for f in fields], "primaryKey": ["reference"]},
    }


def datapackage(*, consultation: Consultation, publication: Publication) -> dict:
    """The Frictionless Data Package describing the two files."""
    site = settings.SITE_URL.rstrip("/")
    return {
        "profile": "tabular-data-package",
        "name": f"llep-consultation-{consultation.pk}-results",
        "title": f"{consultation}: published responses and round-table notes",
        "description": (
            "What people told the Leicester and Leicestershire Enterprise Partnership (LLEP) "
            "about the Local Industrial Strategy: published survey responses and what each "
            "sector round table said. Redaction policy: " + REDACTION_POLICY
        ),
        "homepage": site + reverse("results:index"),
        "version": timezone.localtime(publication.published_at).strftime("%Y.%m.%d"),
        "created": publication.published_at.isoformat(timespec="seconds"),
        "licenses": [LICENCE],
        "sources": [
            {
                "title": "LLEP Local Industrial Strategy survey",
                "path": site + reverse("survey:start"),
            },
            {"title": "LLEP sector round tables", "path": site + reverse("events:list")},
        ],
        "contributors": [
            {"title": "Leicester and Leicestershire Enterprise Partnership", "role": "publisher"}
        ],
        "redaction_policy": REDACTION_POLICY,
        "resources": [
            _resource(
                "responses",
                "Published survey responses",
                response_fields(consultation=consultation),
            ),
            _resource("notes", "What the round tables said", NOTE_FIELDS),
        ],
    }
