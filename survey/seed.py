"""The LLEP survey: its dates and question set, loaded idempotently on natural keys."""

from django.db import transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translation_language

from portal.drafts import drafts_apply, drafts_fill
from portal.models import Consultation, Sector, Theme
from survey import drafts
from survey.models import Choice, Question, Response, Section, Survey
from survey.selectors import survey_structure_forget

FOUNDATION_SLUGS = ["ideas", "people", "infrastructure", "business-environment", "place"]
GRAND_CHALLENGE_SLUGS = ["ai-data-economy", "future-of-mobility", "clean-growth", "ageing-society"]
IMPORTANCE_SCALE = [
    "Not important",
    "Slightly important",
    "Moderately important",
    "Very important",
    "Essential",
]
YES_NO = [("yes", "Yes"), ("no", "No")]

# Each question: (key, kind, text, hint, required, max_length, theme slugs, sector slugs, choices)
# Each choice: (value, label, hint, theme slugs, sector slugs)
INTRODUCTION = (
    "To help develop the Prospectus, the LLEP would like to hear your views on what you think "
    "are the key challenges, priorities and interventions needed to improve local growth and "
    "productivity. The survey will be open until {closes}."
)


def _english(label) -> str:
    with translation.override("en"):
        return str(label)


def _sections(consultation: Consultation) -> list[dict]:
    sectors = list(Sector.objects.filter(consultation=consultation).order_by("order"))
    themes = {theme.slug: theme for theme in Theme.objects.all()}

    def theme_label(slug):
        theme = themes.get(slug)
        return theme.name if theme else slug

    def theme_hint(slug):
        theme = themes.get(slug)
        return drafts.theme_hint(theme.aim) if theme else ""

    return [
        {
            "title": "About you",
            "introduction": "Tell us who you are responding for. This helps us see which "
            "sectors and places the views come from.",
            "questions": [
                (
                    "respondent_type",
                    Question.Kind.ONE_CHOICE,
                    "In what capacity are you responding?",
                    "",
                    True,
                    0,
                    [],
                    [],
                    [
                        # The English labels: the choices' translations are the seed's drafts.
                        (value, _english(label), "", [], [])
                        for value, label in Response.RespondentType.choices
                    ],
                ),
                (
                    "organisation",
                    Question.Kind.SHORT_TEXT,
                    "What is the name of your organisation?",
                    "Optional. Leave this blank if you are responding as an individual.",
                    False,
                    200,
                    [],
                    [],
                    [],
                ),
                (
                    "sector",
                    Question.Kind.ONE_CHOICE,
                    "Which sector do you work in or most closely with?",
                    "These are the five sectors the LLEP board agreed to include in the "
                    "prospectus.",
                    True,
                    0,
                    [],
                    [],
                    [(s.slug, s.name, "", [], [s.slug]) for s in sectors]
                    + [("none", "None of these", "", [], [])],
                ),
                (
                    "place",
                    Question.Kind.ONE_CHOICE,
                    "Where are you based?",
                    "",
                    True,
                    0,
                    ["place"],
                    [],
                    [(value, label, "", ["place"], []) for value, label in Response.Place.choices],
                ),
            ],
        },
        {
            "title": "Challenges and the foundations of productivity",
            "introduction": "The national Industrial Strategy rests on five foundations of "
            "productivity.",
            "questions": [
                (
                    "challenges",
                    Question.Kind.LONG_TEXT,
                    "What are the key challenges to growth and productivity in Leicester and "
                    "Leicestershire?",
                    "For example skills, premises, transport, access to finance or innovation.",
                    True,
                    2000,
                    FOUNDATION_SLUGS,
                    [],
                    [],
                ),
                (
                    "foundations",
                    Question.Kind.RATING,
                    "How important is each foundation of productivity to growth in Leicester "
                    "and Leicestershire?",
                    "Rate each foundation from not important to essential.",
                    True,
                    0,
                    FOUNDATION_SLUGS,
                    [],
                    [
                        (slug, theme_label(slug), theme_hint(slug), [slug], [])
                        for slug in FOUNDATION_SLUGS
                    ],
                ),
            ],
        },
        {
            "title": "Grand Challenges, priorities and interventions",
            "introduction": "The Industrial Strategy sets four Grand Challenges to put the UK "
            "at the forefront of the industries of the future.",
            "questions": [
                (
                    "grand_challenges",
                    Question.Kind.SEVERAL_CHOICES,
                    "Which Grand Challenges offer Leicester and Leicestershire the biggest "
                    "opportunity?",
                    "Select all that apply.",
                    True,
                    0,
                    GRAND_CHALLENGE_SLUGS,
                    [],
                    [
                        (slug, theme_label(slug), theme_hint(slug), [slug], [])
                        for slug in GRAND_CHALLENGE_SLUGS
                    ],
                ),
                (
                    "priorities",
                    Question.Kind.LONG_TEXT,
                    "What should the priorities be for improving local growth and productivity?",
                    "",
                    True,
                    2000,
                    FOUNDATION_SLUGS + GRAND_CHALLENGE_SLUGS,
                    [],
                    [],
                ),
                (
                    "interventions",
                    Question.Kind.LONG_TEXT,
                    "What interventions are needed to deliver those priorities?",
                    "For example programmes, investment, partnerships or changes in policy.",
                    True,
                    2000,
                    FOUNDATION_SLUGS + GRAND_CHALLENGE_SLUGS,
                    [],
                    [],
                ),
                (
                    "anything_else",
                    Question.Kind.LONG_TEXT,
                    "Is there anything else you would like to tell us?",
                    "Optional.",
                    False,
                    2000,
                    [],
                    [],
                    [],
                ),
            ],
        },
        {
            "title": "Quoting you and contacting you",
            "introduction": "",
            "questions": [
                (
                    "quote_ok",
                    Question.Kind.ONE_CHOICE,
                    "May we quote what you have written, without your name, in the prospectus?",
                    "",
                    True,
                    0,
                    [],
                    [],
                    [(v, label, "", [], []) for v, label in YES_NO],
                ),
                (
                    "contact_ok",
                    Question.Kind.ONE_CHOICE,
                    "May we contact you about your response or the Local Industrial Strategy?",
                    "If you say yes, give your name and email address below.",
                    True,
                    0,
                    [],
                    [],
                    [(v, label, "", [], []) for v, label in YES_NO],
                ),
                (
                    "name",
                    Question.Kind.SHORT_TEXT,
                    "Your name",
                    "Only needed if we may contact you.",
                    False,
                    200,
                    [],
                    [],
                    [],
                ),
                (
                    "email",
                    Question.Kind.SHORT_TEXT,
                    "Your email address",
                    "Only needed if we may contact you.",
                    False,
                    254,
                    [],
                    [],
                    [],
                ),
                (
                    "notify_results",
                    Question.Kind.ONE_CHOICE,
                    "Would you like us to email you when the results are published?",
                    "If you say yes, give your email address above. We will email you once, "
                    "when the results of the consultation are published, and for nothing else.",
                    False,
                    0,
                    [],
                    [],
                    [(v, label, "", [], []) for v, label in YES_NO],
                ),
            ],
        },
    ]


@transaction.atomic
def survey_seed(*, consultation: Consultation, dating) -> Survey:
    survey, _ = Survey.objects.update_or_create(
        consultation=consultation,
        slug="local-industrial-strategy",
        defaults={
            "title": "Local Industrial Strategy survey",
            # The published wording, with the closing date the seed gives (re-dated by --demo).
            "introduction": INTRODUCTION.format(closes=dating.survey_closes_words),
            "opens_at": dating.survey_opens,
            "closes_at": dating.survey_closes,
        },
    )
    questions_seed(survey=survey)
    drafts_seed(survey=survey, dating=dating)
    return survey


def drafts_seed(*, survey: Survey, dating) -> None:
    """The draft translations of the survey's wording, where staff have not written their own
    (portal/drafts.py). The introduction carries the closing date, so a draft still as seeded is
    brought up to the date the seed gives."""
    drafts_fill(survey, ["title"], drafts.SURVEY)
    for code, draft in drafts.INTRODUCTION.items():
        name = f"introduction_{code}"
        current = getattr(survey, name) or ""
        wanted = draft.format(closes=dating.survey_closes_in(code))
        if current != wanted and (not current or current.startswith(draft.split("{")[0])):
            setattr(survey, name, wanted)
            survey.save(update_fields=[name])
    table = drafts.with_aim_hints(drafts.SURVEY, Theme.objects.values_list("aim", flat=True))
    for rows, fields, words in (
        (Section.objects.filter(survey=survey), ["title", "introduction"], drafts.SURVEY),
        (Question.objects.filter(section__survey=survey), ["text", "hint", "scale_labels"], table),
        (Choice.objects.filter(question__section__survey=survey), ["label", "hint"], table),
    ):
        _drafts_fill_all(rows, fields, words)
    transaction.on_commit(lambda: survey_structure_forget(survey_id=survey.pk))


def _drafts_fill_all(rows, fields: list[str], words: dict) -> None:
    """drafts_fill for every row, written in one statement (the rows a draft filled)."""
    filled, names = [], set()
    for row in rows:
        changed = drafts_apply(row, fields, words)
        if changed:
            filled.append(row)
            names.update(changed)
    if filled:
        type(filled[0]).objects.bulk_update(filled, sorted(names))


def questions_seed(*, survey: Survey) -> None:
    """Load the LLEP question set. A question that already has answers keeps its kind and
    choices (staff may have answered it); wording and tags are brought back to the seed.
    A survey already as seeded is left alone after a few reads (every test's seed, every
    re-seed); otherwise each row is brought back one by one."""
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.filter(consultation=survey.consultation)}
    specs = _sections(survey.consultation)
    if not Section.objects.filter(survey=survey).exists():
        _questions_create(survey=survey, specs=specs, themes=themes, sectors=sectors)
    elif not _questions_as_seeded(survey=survey, specs=specs, themes=themes, sectors=sectors):
        _questions_write(survey=survey, specs=specs, themes=themes, sectors=sectors)
    transaction.on_commit(lambda: survey_structure_forget(survey_id=survey.pk))
    survey_structure_forget(survey_id=survey.pk)


def _wording(obj, field: str):
    """The field in the active language as stored, without falling back: what the seed's write
    (update_or_create through modeltranslation) sets."""
    return getattr(obj, build_localized_fieldname(field, translation_language()))


def _pks(related, slugs, by_slug) -> bool:
    """Whether a prefetched many-to-many holds exactly the seed's rows for those slugs."""
    return {row.pk for row in related.all()} == {by_slug[s].pk for s in slugs if s in by_slug}


def _questions_as_seeded(*, survey: Survey, specs, themes, sectors) -> bool:
    """Whether every seeded section, question and choice already reads as the seed words it,
    with its tags (five queries)."""
    sections = {s.order: s for s in Section.objects.filter(survey=survey)}
    questions = {
        q.key: q
        for q in Question.objects.filter(section__survey=survey).prefetch_related(
            "themes", "sectors"
        )
    }
    choices = {
        (c.question_id, c.value): c
        for c in Choice.objects.filter(question__section__survey=survey).prefetch_related(
            "themes", "sectors"
        )
    }
    for s_order, spec in enumerate(specs, start=1):
        section = sections.get(s_order)
        if section is None or [_wording(section, f) for f in ("title", "introduction")] != [
            spec["title"],
            spec["introduction"],
        ]:
            return False
        for q_order, row in enumerate(spec["questions"], start=1):
            key, kind, text, hint, required, max_length, q_themes, q_sectors, choice_rows = row
            question = questions.get(key)
            if question is None or (
                question.section_id,
                question.order,
                question.kind,
                _wording(question, "text"),
                _wording(question, "hint"),
                question.required,
                question.max_length,
                _wording(question, "scale_labels"),
            ) != (
                section.pk,
                q_order,
                kind,
                text,
                hint,
                required,
                max_length or 2000,
                IMPORTANCE_SCALE if kind == Question.Kind.RATING else [],
            ):
                return False
            if not (
                _pks(question.themes, q_themes, themes)
                and _pks(question.sectors, q_sectors, sectors)
            ):
                return False
            for c_order, (value, label, c_hint, c_themes, c_sectors) in enumerate(choice_rows, 1):
                choice = choices.get((question.pk, value))
                if choice is None or (
                    choice.order,
                    _wording(choice, "label"),
                    _wording(choice, "hint"),
                ) != (c_order, label, c_hint):
                    return False
                if not (
                    _pks(choice.themes, c_themes, themes)
                    and _pks(choice.sectors, c_sectors, sectors)
                ):
                    return False
    return True


def _questions_create(*, survey: Survey, specs, themes, sectors) -> None:
    """A survey with no sections yet gets the whole set in a statement per table."""
    sections, questions, choices, tags = [], [], [], []
    for s_order, spec in enumerate(specs, start=1):
        section = Section(
            survey=survey, order=s_order, title=spec["title"], introduction=spec["introduction"]
        )
        sections.append(section)
        for q_order, row in enumerate(spec["questions"], start=1):
            key, kind, text, hint, required, max_length, q_themes, q_sectors, choice_rows = row
            question = Question(
                section=section,
                key=key,
                kind=kind,
                order=q_order,
                text=text,
                hint=hint,
                required=required,
                max_length=max_length or 2000,
                scale_labels=IMPORTANCE_SCALE if kind == Question.Kind.RATING else [],
            )
            questions.append(question)
            tags.append((question, q_themes, q_sectors))
            for c_order, (value, label, c_hint, c_themes, c_sectors) in enumerate(choice_rows, 1):
                choice = Choice(
                    question=question, value=value, order=c_order, label=label, hint=c_hint
                )
                choices.append(choice)
                tags.append((choice, c_themes, c_sectors))
    # Each bulk_create sets the foreign keys to the rows the one before it has just written.
    Section.objects.bulk_create(sections)
    Question.objects.bulk_create(questions)
    Choice.objects.bulk_create(choices)
    _tags_create(tags, themes=themes, sectors=sectors)


def _tags_create(tags, *, themes, sectors) -> None:
    """The themes and sectors of new questions and choices, a statement per many-to-many."""
    links = {}
    for obj, theme_slugs, sector_slugs in tags:
        for name, slugs, by_slug in (
            ("themes", theme_slugs, themes),
            ("sectors", sector_slugs, sectors),
        ):
            field = obj._meta.get_field(name)
            links.setdefault(field.remote_field.through, []).extend(
                field.remote_field.through(
                    **{field.m2m_column_name(): obj.pk, field.m2m_reverse_name(): by_slug[s].pk}
                )
                for s in slugs
                if s in by_slug
            )
    for through, rows in links.items():
        through.objects.bulk_create(rows)


def _questions_write(*, survey: Survey, specs, themes, sectors) -> None:
    for s_order, spec in enumerate(specs, start=1):
        section, _ = Section.objects.update_or_create(
            survey=survey,
            order=s_order,
            defaults={"title": spec["title"], "introduction": spec["introduction"]},
        )
        for q_order, row in enumerate(spec["questions"], start=1):
            key, kind, text, hint, required, max_length, q_themes, q_sectors, choices = row
            existing = Question.objects.filter(section__survey=survey, key=key).first()
            defaults = {
                "section": section,
                "order": q_order,
                "text": text,
                "hint": hint,
                "required": required,
                "max_length": max_length or 2000,
                "scale_labels": IMPORTANCE_SCALE if kind == Question.Kind.RATING else [],
            }
            if existing is None:
                question = Question.objects.create(key=key, kind=kind, **defaults)
            else:
                question = existing
                for field, value in defaults.items():
                    setattr(question, field, value)
                if not question.answers.exists():
                    question.kind = kind
                question.save()
            question.themes.set([themes[t] for t in q_themes if t in themes])
            question.sectors.set([sectors[s] for s in q_sectors if s in sectors])
            for c_order, (value, label, c_hint, c_themes, c_sectors) in enumerate(choices, 1):
                choice, _ = Choice.objects.update_or_create(
                    question=question,
                    value=value,
                    defaults={"order": c_order, "label": label, "hint": c_hint},
                )
                choice.themes.set([themes[t] for t in c_themes if t in themes])
                choice.sectors.set([sectors[s] for s in c_sectors if s in sectors])
