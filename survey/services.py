"""Writes of the survey: drafts, save-and-return links, submitting, late answers, moderation,
theming and the CSV export."""

import datetime as dt
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.models import Sector, Theme
from portal.prepared import PreparedInsert, PreparedQuery, prepared_cursor
from portal.services import email_queue
from survey import emails
from survey.english import language_now, translatable
from survey.kinds import kind_of
from survey.models import Answer, Draft, ModerationEvent, Question, Response, Survey
from survey.selectors import SurveyState, late_answers_key, survey_questions, survey_state

RESUME_SALT = "survey.resume"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SurveyClosedError(Exception):
    """The survey is not taking online responses now (not yet open, or closed)."""

    def __init__(self, state: SurveyState):
        super().__init__(state.value)
        self.state = state


# Drafts and save-and-return


def draft_start(*, survey: Survey) -> Draft:
    return Draft.objects.create(survey=survey)


# A draft's answers, as JSON characters: ten times what the seeded survey's text answers can hold
# (8,654 characters). The forms keep each answer within its field's limit; this is the backstop.
DRAFT_MAX_CHARS = 100_000


class DraftTooLarge(Exception):
    """The draft's answers would exceed DRAFT_MAX_CHARS."""


def draft_update(*, draft: Draft, data: dict, section_order: int) -> Draft:
    """Merge one section's answers into the draft and remember where the person got to."""
    merged = {**draft.data, **data}
    if len(json.dumps(merged, ensure_ascii=False)) > DRAFT_MAX_CHARS:
        raise DraftTooLarge
    draft.data = merged
    draft.last_section = section_order
    draft.save(update_fields=["data", "last_section", "updated_at"])
    return draft


# How long drafts are kept (docs/decisions/0201): a sent one only backs the confirmation page and
# a resent form; an empty one was started and never answered (or by a robot); an unsent one is
# kept after closing so that its answers can still be shown back and sent to staff.
DRAFT_KEEP_SENT = dt.timedelta(days=7)
DRAFT_KEEP_EMPTY = dt.timedelta(days=1)
DRAFT_KEEP_AFTER_CLOSING = dt.timedelta(days=30)


def drafts_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the drafts nobody needs any more. Returns how many. Run daily by Celery beat."""
    now = now or timezone.now()
    stale = (
        Q(submitted_at__lt=now - DRAFT_KEEP_SENT)
        | Q(submitted_at__isnull=True, data={}, updated_at__lt=now - DRAFT_KEEP_EMPTY)
        | Q(submitted_at__isnull=True, survey__closes_at__lt=now - DRAFT_KEEP_AFTER_CLOSING)
    )
    deleted, _ = Draft.objects.filter(stale).delete()
    return deleted


def draft_path(*, draft: Draft) -> str:
    """The signed save-and-return path of a draft, on this site."""
    return reverse("survey:resume", args=[signing.dumps(str(draft.token), salt=RESUME_SALT)])


def draft_link(*, draft: Draft) -> str:
    """The signed, absolute save-and-return address of a draft."""
    return settings.SITE_URL + draft_path(draft=draft)


def draft_from_link(*, signed: str) -> Draft | None:
    """The draft a signed link points to, or None when the link is not one of ours. Whether the
    survey is still open is for the caller to decide: the link works until the survey closes."""
    try:
        token = signing.loads(signed, salt=RESUME_SALT)
    except signing.BadSignature:
        return None
    return Draft.objects.select_related("survey").filter(token=token).first()


@transaction.atomic
def draft_link_send(*, draft: Draft, email: str) -> str:
    """Email the person a link back to their answers. Returns the link."""
    draft.email = email
    draft.save(update_fields=["email", "updated_at"])
    link = draft_link(draft=draft)
    email_queue(
        to=email,
        subject=_("Your saved answers: Local Industrial Strategy survey"),
        body=emails.save_link_body(survey=draft.survey, link=link),
    )
    return link


# Submitting


def reference_new() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"LLEP-{code[:4]}-{code[4:]}"


def _answers_build(*, questions: list[Question], data: dict) -> list[tuple]:
    """The answer rows of draft-shaped data: (question id, choice id, text, score)."""
    rows = []
    for question in questions:
        value = data.get(question.key)
        if value:
            rows.extend(kind_of(question).answer_rows(question, value))
    return rows


def _answers_insert(*, response_id: int, rows: list[tuple]) -> None:
    """All of a response's answers in one INSERT. bulk_create made a model instance and prepared
    every field of every row, which cost a send more CPU than the rest of its writes together.
    On PostgreSQL the values are bound on the server and the statement prepared, one for each
    number of rows: binding eighty values into the SQL text on the client cost more again."""
    if not rows:
        return
    ops = connection.ops
    names = ("response", "question", "choice", "text", "score")
    fields = [Answer._meta.get_field(name) for name in names]
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    with prepared_cursor(connection) as cursor:
        cursor.execute(
            f"INSERT INTO {ops.quote_name(Answer._meta.db_table)} ({columns}) VALUES {values}",
            [value for row in rows for value in (response_id, *row)],
        )


def _first(data: dict, key: str) -> str:
    value = data.get(key)
    if isinstance(value, list):
        return value[0] if value else ""
    return value if isinstance(value, str) else ""


# Every send stores one: the INSERT is built once per process (and prepared on PostgreSQL).
_RESPONSE_INSERT = PreparedInsert(Response)

# Every send looks its sector up: the SQL is built once per process.
_SECTOR = PreparedQuery(
    lambda consultation_id, slug: Sector.objects.filter(
        consultation_id=consultation_id, slug=slug
    ).values_list("pk"),
    consultation_id=int,
    slug=str,
)


def response_profile(*, survey: Survey, data: dict) -> dict:
    """The respondent profile copied from the answers onto the response, by question key."""
    respondent_type = _first(data, "respondent_type")
    place = _first(data, "place")
    sector_slug = _first(data, "sector")
    found = (
        _SECTOR.row(consultation_id=survey.consultation_id, slug=sector_slug)
        if sector_slug
        else None
    )
    return {
        "respondent_type": respondent_type
        if respondent_type in Response.RespondentType.values
        else "",
        "place": place if place in Response.Place.values else "",
        "sector_id": found[0] if found else None,
        "organisation": _first(data, "organisation")[:200],
        "name": _first(data, "name")[:200],
        "email": _first(data, "email")[:254],
        "quote_ok": _first(data, "quote_ok") == "yes",
        "contact_ok": _first(data, "contact_ok") == "yes",
        "notify_results": _first(data, "notify_results") == "yes",
    }


def response_submit(
    *,
    survey: Survey,
    data: dict,
    submission_key: str | None = None,
    channel: str = Response.Channel.ONLINE,
    now: dt.datetime | None = None,
    submitted_at: dt.datetime | None = None,
    entered_by=None,
    is_late: bool | None = None,
    receipt_email: str = "",
    draft: Draft | None = None,
    questions: list[Question] | None = None,
    language: str | None = None,
) -> tuple[Response, bool]:
    """Store a response and its answers. Returns (response, created).

    The response records the language it was given in: the one active while it is sent, unless
    staff entering it say otherwise.

    Online responses are refused (SurveyClosedError) outside the survey's dates. Staff entries
    (email, paper, late) are taken at any time; they are late when received after closing.
    The same submission_key sent twice makes one response: the second call returns the first.
    """
    now = now or timezone.now()
    if channel == Response.Channel.ONLINE and entered_by is None:
        state = survey_state(survey=survey, now=now)
        if state != SurveyState.OPEN:
            raise SurveyClosedError(state)
    # A second send with the same key is caught by the unique submission_key below (the
    # IntegrityError branch), so the usual first send costs no extra query.
    submitted_at = submitted_at or now
    if is_late is None:
        is_late = submitted_at > survey.closes_at
    questions = questions if questions is not None else survey_questions(survey=survey)
    profile = response_profile(survey=survey, data=data)
    for attempt in range(3):
        try:
            with transaction.atomic():
                response = _RESPONSE_INSERT.create(
                    survey=survey,
                    reference=reference_new(),
                    channel=channel,
                    is_late=is_late,
                    submitted_at=submitted_at,
                    entered_by=entered_by,
                    submission_key=submission_key or None,
                    language=language or language_now(),
                    **profile,
                )
                _answers_insert(
                    response_id=response.pk, rows=_answers_build(questions=questions, data=data)
                )
                if draft is not None:
                    draft.submitted_at = now
                    draft.save(update_fields=["submitted_at", "updated_at"])
                if receipt_email:
                    email_queue(
                        to=receipt_email,
                        subject=_("Your survey response %(reference)s")
                        % {"reference": response.reference},
                        body=emails.receipt_body(
                            survey=survey, response=response, questions=questions, data=data
                        ),
                        dedupe_key=f"survey-receipt:{response.reference}",
                    )
            return response, True
        except IntegrityError:
            if submission_key:
                existing = Response.objects.filter(submission_key=submission_key).first()
                if existing is not None:
                    return existing, False
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def late_answers_send(
    *, survey: Survey, data: dict, reply_to: str = "", key: str = "", now=None
) -> None:
    """Email answers refused because the survey had closed to LLEP staff, who can enter them
    in admin as a late response. In English, whatever the language of the page it came from."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        body = emails.late_answers_body(
            survey=survey, questions=survey_questions(survey=survey), data=data, reply_to=reply_to
        )
    email_queue(
        to=settings.STAFF_EMAIL,
        subject=f"Survey answers sent after closing ({timezone.localtime(now):%d %B %Y %H:%M})",
        body=body,
        dedupe_key=late_answers_key(key) if key else None,
    )


# Moderation


def _event(*, response_id, user, action, from_status, to_status, theme_names, note="", now):
    return ModerationEvent(
        response_id=response_id,
        user=user,
        action=action,
        from_status=from_status,
        to_status=to_status,
        themes=", ".join(theme_names)[:500],
        note=note[:500],
    )


@transaction.atomic
def answers_translate(*, response: Response, user, translations: dict[int, str]) -> int:
    """Record a moderator's English translations of a response's written answers (answer id to
    text; empty clears one). The answers as given are never changed. Returns how many changed."""
    changed = 0
    answers = translatable(Answer.objects.filter(response=response, pk__in=list(translations)))
    for answer in answers.select_for_update():
        text = translations[answer.pk].strip()
        if text != answer.text_in_english:
            answer.text_in_english = text
            answer.save(update_fields=["text_in_english"])
            changed += 1
    if changed:
        _event(
            response_id=response.pk,
            user=user,
            action="translate",
            from_status=response.status,
            to_status=response.status,
            theme_names=[],
            note=f"English translation of {changed} answer{'s' if changed > 1 else ''}",
            now=timezone.now(),
        ).save()
    return changed


# What a moderation event calls each status change.
MODERATION_ACTIONS = {
    Response.Status.APPROVED: "approve",
    Response.Status.REJECTED: "reject",
    Response.Status.SPAM: "mark as spam",
    Response.Status.PENDING: "return to pending",
}


@transaction.atomic
def response_moderate(
    *,
    response: Response,
    user,
    status: str | None = None,
    themes: Iterable[Theme] | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> ModerationEvent | None:
    """Set a response's status and/or its confirmed staff themes, recording who did it and when.
    Returns the event, or None when nothing changed."""
    now = now or timezone.now()
    response = Response.objects.select_for_update().get(pk=response.pk)
    before_themes = set(response.themes.values_list("pk", flat=True))
    from_status = response.status
    changed = []
    if status is not None and status != response.status:
        if status not in Response.Status.values:
            raise ValueError(f"Unknown status {status!r}")
        response.status = status
        changed.append(status)
    new_themes = list(themes) if themes is not None else None
    if new_themes is not None and {t.pk for t in new_themes} != before_themes:
        response.themes.set(new_themes)
        changed.append("themes")
    if not changed and not note:
        return None
    response.moderated_by = user
    response.moderated_at = now
    response.save(update_fields=["status", "moderated_by", "moderated_at"])
    action = MODERATION_ACTIONS.get(
        status if status != from_status else None, "theme" if "themes" in changed else "note"
    )
    names = [t.name for t in response.themes.order_by("kind", "order")]
    event = _event(
        response_id=response.pk,
        user=user,
        action=action,
        from_status=from_status,
        to_status=response.status,
        theme_names=names,
        note=note,
        now=now,
    )
    event.save()
    return event


@dataclass(frozen=True)
class Moderated:
    """What a bulk action did: responses it changed, and those already as asked."""

    changed: int
    unchanged: int


def responses_moderate(
    *,
    responses: QuerySet,
    user,
    status: str | None = None,
    add_themes: Iterable[Theme] = (),
    now: dt.datetime | None = None,
    chunk_size: int = 500,
) -> Moderated:
    """Bulk moderation from the admin: set a status and/or add themes on many responses, in
    chunks, one event each. A response already as asked (approving an approved one, tagging
    one that has every theme) is left alone: no event, and not counted as changed."""
    now = now or timezone.now()
    add_themes = list(add_themes)
    if status is not None and status not in Response.Status.values:
        raise ValueError(f"Unknown status {status!r}")
    pks = list(responses.order_by().values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(pks), chunk_size):
        with transaction.atomic():
            changed += _moderate_chunk(
                pks[start : start + chunk_size], user, status, add_themes, now
            )
    return Moderated(changed=changed, unchanged=len(pks) - changed)


def _moderate_chunk(ids, user, status, add_themes, now) -> int:
    """One chunk, locked and read afresh, so that a response another moderator changed a moment
    ago is judged as it is now."""
    Through = Response.themes.through
    chunk = list(
        Response.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "status")
    )
    had = set(
        Through.objects.filter(response_id__in=ids, theme__in=add_themes).values_list(
            "response_id", "theme_id"
        )
    )
    changing = [
        (pk, old)
        for pk, old in chunk
        if (status is not None and old != status)
        or any((pk, theme.pk) not in had for theme in add_themes)
    ]
    ids = [pk for pk, _ in changing]
    if not ids:
        return 0
    update = {"moderated_by": user, "moderated_at": now}
    Response.objects.filter(pk__in=ids).update(**update, **({"status": status} if status else {}))
    Through.objects.bulk_create(
        [Through(response_id=pk, theme_id=t.pk) for pk in ids for t in add_themes],
        ignore_conflicts=True,
    )
    names: dict[int, list[str]] = {}
    for response_id, name in (
        Through.objects.filter(response_id__in=ids)
        .order_by("theme__kind", "theme__order")
        .values_list("response_id", "theme__name")
    ):
        names.setdefault(response_id, []).append(name)
    action = MODERATION_ACTIONS[status] if status else "tag with themes"
    ModerationEvent.objects.bulk_create(
        [
            _event(response_id=pk, user=user, action=action, from_status=old,
                   to_status=status or old, theme_names=names.get(pk, []), note="bulk", now=now)
            for pk, old in changing
        ]
    )  # fmt: skip
    return len(changing)


# Export


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with = + - @ (or
    a tab or carriage return) gets a leading apostrophe. Everything else is kept as typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


# The consent answers are exported as the response now records them: erasing a person's data
# withdraws their consent there, while the answer they once gave stays as it was.
CONSENT_KEYS = ("quote_ok", "contact_ok")


def responses_csv_rows(
    *, survey: Survey, responses: QuerySet, chunk_size: int = 500
) -> Iterator[list[str]]:
    """The export, one row a response and one column a question (one a rated item), yielded a
    row at a time. A few columns about the response itself come first; then each question once,
    headed by its text as the respondent read it. Responses are read in primary-key chunks with
    their answers and themes, so memory stays flat however many there are."""
    questions = survey_questions(survey=survey)
    columns, titles = _csv_columns(questions)
    header = ["Reference", "Submitted (UK time)", "How it was received", "Status", "Late"]
    header += ["Synthetic (made up for testing)", *titles, "Themes confirmed by staff"]
    yield [csv_cell(h) for h in header]

    labels = {c.pk: c.label for q in questions for c in q.choices.all()}
    channels = dict(Response.Channel.choices)
    statuses = dict(Response.Status.choices)
    fields = ("pk", "reference", "submitted_at", "channel", "status", "is_late", "is_synthetic")
    base = responses.order_by().filter(survey=survey).values_list(*fields, *CONSENT_KEYS)
    last_pk = 0
    while True:
        chunk = list(base.filter(pk__gt=last_pk).order_by("pk")[:chunk_size])
        if not chunk:
            return
        ids = [row[0] for row in chunk]
        last_pk = ids[-1]
        cells = _csv_answer_cells(ids=ids, questions=questions, labels=labels)
        themes = _csv_themes(ids=ids)
        for row in chunk:
            (pk, reference, submitted, channel, status, late, synthetic) = row[: len(fields)]
            answers = cells[pk]
            for key, consent in zip(CONSENT_KEYS, row[len(fields) :], strict=True):
                answers[("consent", key)] = [csv_cell(consent)]
            out = [
                reference,
                timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M:%S"),
                channels.get(channel, channel),
                statuses.get(status, status),
                late,
                synthetic,
            ]
            out.extend("; ".join(answers.get(column, [])) for column in columns)
            out.append("; ".join(themes.get(pk, [])))
            yield [csv_cell(value) for value in out]


def _csv_columns(questions: list[Question]) -> tuple[list[tuple], list[str]]:
    """The question columns, each kind saying its own (one a rated item), as column keys and
    headers. A consent question's column is filled from the response instead (CONSENT_KEYS)."""
    columns, titles = [], []
    for question in questions:
        for column, title in kind_of(question).csv_columns(question):
            if column == (question.pk, None) and question.key in CONSENT_KEYS:
                column = ("consent", question.key)
            columns.append(column)
            titles.append(title)
    return columns, titles


def _csv_answer_cells(
    *, ids: list[int], questions: list[Question], labels: dict[int, str]
) -> dict[int, dict[tuple, list[str]]]:
    """The answers of some responses as {response id: {column key: [cell texts]}}."""
    kinds = {q.pk: (q, kind_of(q)) for q in questions}
    cells: dict[int, dict[tuple, list[str]]] = {pk: {} for pk in ids}
    for response_id, question_id, choice_id, text, score in (
        Answer.objects.filter(response_id__in=ids)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "choice_id", "text", "score")
        .iterator(chunk_size=2000)
    ):
        if question_id not in kinds:  # not a question of this survey: it has no column
            continue
        question, kind = kinds[question_id]
        column, cell = kind.csv_cell(question, labels, choice_id, text, score)
        cells[response_id].setdefault(column, []).append(cell)
    return cells


def _csv_themes(*, ids: list[int]) -> dict[int, list[str]]:
    """The staff themes of some responses, by response id, in the themes' order."""
    themes: dict[int, list[str]] = {}
    for response_id, name in (
        Response.themes.through.objects.filter(response_id__in=ids)
        .order_by("theme__kind", "theme__order")
        .values_list("response_id", "theme__name")
    ):
        themes.setdefault(response_id, []).append(name)
    return themes
