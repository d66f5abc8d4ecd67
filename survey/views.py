"""Survey pages for the public: start, one page a section, check your answers, confirmation,
save and come back later, and what happens when the survey is not open."""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.honeypot import honeypot_filled
from portal.ratelimit import client_ip, rate_limit_hit
from survey import services
from survey.emails import when_display
from survey.forms import (
    CheckForm,
    LateSendForm,
    SaveForm,
    SectionForm,
    StartForm,
    is_save_action,
    post_data_of,
    section_check_fields,
)
from survey.selectors import (
    SurveyState,
    answers_display,
    draft_get,
    late_answers_sent_at,
    response_for_draft,
    survey_of_current_consultation,
    survey_sections,
    survey_state,
)

SESSION_DRAFT = "survey_draft"
# The unsent draft this browser held before a save-and-return link replaced it: the section
# pages link back to it, so that opening a link never loses answers typed on this device.
SESSION_DRAFT_BEFORE = "survey_draft_before"
RATE_LIMIT_MESSAGE = _(
    "You have sent this form too many times from this connection in the last hour. "
    "Your answers are saved: please try again later."
)


def _render(request, template: str, context: dict, status: int = 200):
    survey = context.get("survey")
    if survey is not None:
        context.setdefault("opens_display", when_display(survey.opens_at))
        context.setdefault("closes_display", when_display(survey.closes_at))
    return render(request, template, context, status=status)


def _survey():
    survey = survey_of_current_consultation()
    if survey is None:
        raise Http404("There is no survey")
    return survey


def _draft(request, survey, key: str = SESSION_DRAFT):
    token = request.session.get(key)
    if not token:
        return None
    draft = draft_get(token=token)
    if draft is None or draft.survey_id != survey.pk:
        return None
    draft.survey = survey  # the same row: no second read when a page needs it
    return draft


SAVE_LIMITED_MESSAGE = _(
    "You have started or saved the survey too many times from this connection in the last hour. "
    "The answers on this page are not saved yet: you can carry on with Continue, or try saving "
    "again later."
)
START_LIMITED_MESSAGE = _(
    "You have started or saved the survey too many times from this connection in the last hour. "
    "Please try again later."
)


def _rate_limited(request, scope: str, limit: int | None = None) -> bool:
    return rate_limit_hit(
        scope=scope,
        key=client_ip(request),
        limit=settings.SURVEY_RATE_LIMIT if limit is None else limit,
        window_seconds=3600,
    )


def _drafts_limited(request, scope: str) -> bool:
    """Starting a draft and saving one write to the database: limited per address (issue 12)."""
    return _rate_limited(request, scope, settings.SURVEY_DRAFT_RATE_LIMIT)


def _first_incomplete(sections, data) -> int | None:
    for number, section in enumerate(sections, start=1):
        questions = list(section.questions.all())
        form = SectionForm(
            post_data_of(questions, data),
            questions=questions,
            shared_fields=section_check_fields(section),
        )
        if not form.is_valid():
            return number
    return None


def _closed(request, survey, draft, *, state=None, status=200):
    """The survey is not taking responses: say so, and show back any answers in progress with
    a way to email them to LLEP staff."""
    state = state or survey_state(survey=survey)
    sections = survey_sections(survey=survey)
    questions = [q for s in sections for q in s.questions.all()]
    rows = answers_display(questions=questions, data=draft.data) if draft else []
    has_answers = any(row["lines"] for row in rows)
    sent_at = late_answers_sent_at(draft=draft) if has_answers else None
    return _render(
        request,
        "survey/closed.html",
        {
            "survey": survey,
            "state": state.value,
            "rows": rows if has_answers else [],
            "sent_display": when_display(sent_at) if sent_at else "",
            "form": (
                LateSendForm(initial={"email": draft.email or draft.data.get("email") or ""})
                if has_answers and state == SurveyState.CLOSED and not sent_at
                else None
            ),
        },
        status=status,
    )


def start(request):
    survey = _survey()
    state = survey_state(survey=survey)
    draft = _draft(request, survey)
    if state != SurveyState.OPEN:
        return _closed(request, survey, draft, state=state)
    return _render(
        request,
        "survey/start.html",
        {
            "survey": survey,
            "sections": survey_sections(survey=survey),
            "draft": draft if draft and not draft.submitted_at else None,
            "form": StartForm(),
        },
    )


@require_POST
def begin(request):
    survey = _survey()
    if survey_state(survey=survey) != SurveyState.OPEN:
        return redirect("survey:start")
    draft = _draft(request, survey)
    if draft is None or draft.submitted_at:
        if _drafts_limited(request, "survey-begin"):
            context = {"survey": survey, "sections": survey_sections(survey=survey)}
            context |= {"form": StartForm(), "limited": START_LIMITED_MESSAGE}
            return _render(request, "survey/start.html", context, status=429)
        draft = services.draft_start(survey=survey)
        request.session[SESSION_DRAFT] = str(draft.token)
    return redirect("survey:section", number=draft.last_section)


@require_http_methods(["GET", "POST"])
def section(request, number: int):
    survey = _survey()
    draft = _draft(request, survey)
    state = survey_state(survey=survey)
    if state != SurveyState.OPEN:
        return _closed(request, survey, draft, state=state)
    if draft is None:
        return redirect("survey:start")
    if draft.submitted_at:
        return redirect("survey:done")
    sections = survey_sections(survey=survey)
    if not 1 <= number <= len(sections):
        raise Http404("No such section")
    current = sections[number - 1]
    questions = list(current.questions.all())
    changing = request.GET.get("change") == "1"
    status = 200
    if request.method == "POST":
        if honeypot_filled(request.POST):
            return _render(request, "survey/refused.html", {"survey": survey}, status=400)
        form = SectionForm(request.POST, questions=questions, draft_data=draft.data)
        if is_save_action(request.POST.get("action")):
            if form.too_long_to_save():  # drawn again with what was typed, never cut
                status = 400
            elif not _drafts_limited(request, "survey-draft-save"):
                return _save_for_later(form, draft=draft, number=number)
            else:
                form.is_valid()  # drawn again with what was typed, and any errors
                form.add_error(None, SAVE_LIMITED_MESSAGE)
                status = 429
        elif form.is_valid():
            last = len(sections)
            services.draft_update(
                draft=draft, data=form.section_data(), section_order=min(number + 1, last)
            )
            if changing or number == last:
                return redirect("survey:check")
            return redirect("survey:section", number=number + 1)
    else:
        form = SectionForm(questions=questions, draft_data=draft.data)
    back = (
        reverse("survey:check")
        if changing
        else reverse("survey:section", args=[number - 1])
        if number > 1
        else reverse("survey:start")
    )
    before = _draft(request, survey, SESSION_DRAFT_BEFORE)
    return _render(
        request,
        "survey/section.html",
        {
            "survey": survey,
            "section": current,
            "number": number,
            "count": len(sections),
            "form": form,
            "back": back,
            "before_url": services.draft_path(draft=before) if _unsent_other(draft, before) else "",
        },
        status=status,
    )


def _save_for_later(form: SectionForm, *, draft, number: int):
    """Keep the page's answers, valid or not (the caller has refused any longer than its field
    allows)."""
    data = form.section_data() if form.is_valid() else form.raw_data()
    try:
        services.draft_update(draft=draft, data=data, section_order=number)
    except services.DraftTooLarge:
        # Unreachable while each answer is held to its field's limit; a backstop, said plainly.
        raise SuspiciousOperation("A saved survey draft would exceed its size limit") from None
    return redirect("survey:save")


@require_http_methods(["GET", "POST"])
def check(request):
    survey = _survey()
    draft = _draft(request, survey)
    state = survey_state(survey=survey)
    if draft is None:
        if state != SurveyState.OPEN:
            return _closed(request, survey, None, state=state)
        return redirect("survey:start")
    if draft.submitted_at:
        return redirect("survey:done")
    sections = survey_sections(survey=survey)
    if state != SurveyState.OPEN:
        # Closed means closed: the answers are shown back with a way to send them to staff.
        return _closed(request, survey, draft, state=state)
    incomplete = _first_incomplete(sections, draft.data)
    if incomplete is not None:
        return redirect("survey:section", number=incomplete)
    # An address the person already gave (to save, or to be contacted) is filled in, not asked
    # for again (WCAG 2.2, 3.3.7 Redundant entry).
    known = draft.email or draft.data.get("email") or ""
    form = CheckForm(
        request.POST if request.method == "POST" else None, initial={"receipt_email": known}
    )
    status = 200
    if request.method == "POST":
        if honeypot_filled(request.POST):
            return _render(request, "survey/refused.html", {"survey": survey}, status=400)
        if form.is_valid():
            if _rate_limited(request, "survey-submit"):
                form.add_error(None, RATE_LIMIT_MESSAGE)
                status = 429
            else:
                try:
                    response, _ = services.response_submit(
                        survey=survey,
                        data=draft.data,
                        submission_key=draft.submission_key,
                        receipt_email=form.cleaned_data["receipt_email"],
                        draft=draft,
                        questions=[q for s in sections for q in s.questions.all()],
                    )
                except services.SurveyClosedError as closed:
                    return _closed(request, survey, draft, state=closed.state)
                # The confirmation page finds the reference through the draft in the session,
                # so the send writes nothing to the session.
                return redirect("survey:done")
    summary = [
        {
            "number": number,
            "section": s,
            "rows": answers_display(questions=list(s.questions.all()), data=draft.data),
        }
        for number, s in enumerate(sections, start=1)
    ]
    return _render(
        request,
        "survey/check.html",
        {"survey": survey, "summary": summary, "form": form, "count": len(sections)},
        status=status,
    )


def done(request):
    survey = _survey()
    draft = _draft(request, survey)
    response = response_for_draft(draft=draft) if draft else None
    if response is None:
        return redirect("survey:start")
    reference = response.reference
    return _render(request, "survey/done.html", {"survey": survey, "reference": reference})


@require_http_methods(["GET", "POST"])
def save(request):
    survey = _survey()
    draft = _draft(request, survey)
    state = survey_state(survey=survey)
    if state != SurveyState.OPEN:
        return _closed(request, survey, draft, state=state)
    if draft is None or draft.submitted_at:
        return redirect("survey:start")
    form = SaveForm(
        request.POST if request.method == "POST" else None, initial={"email": draft.email}
    )
    status = 200
    if request.method == "POST":
        if honeypot_filled(request.POST):
            return _render(request, "survey/refused.html", {"survey": survey}, status=400)
        if form.is_valid():
            if _rate_limited(request, "survey-save"):
                form.add_error(None, RATE_LIMIT_MESSAGE)
                status = 429
            else:
                services.draft_link_send(draft=draft, email=form.cleaned_data["email"])
                return _render(
                    request,
                    "survey/saved.html",
                    {"survey": survey, "email": form.cleaned_data["email"]},
                )
    return _render(
        request,
        "survey/save.html",
        {
            "survey": survey,
            "form": form,
            "back": reverse("survey:section", args=[draft.last_section]),
        },
        status=status,
    )


def _unsent_other(draft, other) -> bool:
    """Whether other is a draft with answers, not sent, and not draft itself."""
    return bool(other and other.pk != draft.pk and not other.submitted_at and other.data)


def _ask_which(request, survey, *, link, here):
    """This browser holds other unsent answers than the link's: the page asking which to carry
    on with, or the way back to them; None once the person chose the link's (decision 0201).
    The section pages' link back to the answers a link replaced switches without asking."""
    if request.session.get(SESSION_DRAFT_BEFORE) == str(link.token):
        return None
    choice = request.POST.get("choice") if request.method == "POST" else None
    if choice == "link":
        return None
    if choice == "here":
        return redirect("survey:section", number=here.last_section)
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "here": here, "link": link}
    return _render(request, "survey/resume_choice.html", context, status=status)


@require_http_methods(["GET", "POST"])
def resume(request, signed: str):
    survey = _survey()
    draft = services.draft_from_link(signed=signed)
    if draft is None or draft.survey_id != survey.pk:
        return _render(request, "survey/link_invalid.html", {"survey": survey}, status=404)
    here = _draft(request, survey)
    if _unsent_other(draft, here):
        if (asked := _ask_which(request, survey, link=draft, here=here)) is not None:
            return asked
        request.session[SESSION_DRAFT_BEFORE] = str(here.token)
    request.session[SESSION_DRAFT] = str(draft.token)
    state = survey_state(survey=draft.survey)
    if state != SurveyState.OPEN:
        return _closed(request, survey, draft, state=state)
    if draft.submitted_at:
        return redirect("survey:done")
    return redirect("survey:section", number=draft.last_section)


@require_POST
def late_send(request):
    survey = _survey()
    draft = _draft(request, survey)
    if draft is None or not draft.data:
        return redirect("survey:start")
    if survey_state(survey=survey) == SurveyState.OPEN:
        return redirect("survey:check")  # while open, answers are sent the usual way
    if honeypot_filled(request.POST):
        return _render(request, "survey/refused.html", {"survey": survey}, status=400)
    form = LateSendForm(request.POST)
    status = 400
    if form.is_valid():
        if not _rate_limited(request, "survey-late"):
            services.late_answers_send(
                survey=survey,
                data=draft.data,
                reply_to=form.cleaned_data["email"],
                key=str(draft.token),
                now=timezone.now(),
            )
            return _render(request, "survey/late_sent.html", {"survey": survey})
        form.add_error(None, RATE_LIMIT_MESSAGE)
        status = 429
    questions = [q for s in survey_sections(survey=survey) for q in s.questions.all()]
    return _render(
        request,
        "survey/closed.html",
        {
            "survey": survey,
            "state": SurveyState.CLOSED.value,
            "rows": answers_display(questions=questions, data=draft.data),
            "form": form,
        },
        status=status,
    )
