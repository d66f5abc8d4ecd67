"""Admin for the survey: questions (locked once answered), responses with moderation, theming,
staff entry of email, paper and late responses, and the streaming CSV export."""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from portal.models import Theme
from portal.privacy import counted
from portal.query import parse_int
from portal.selectors import consultation_current
from survey import services
from survey.emails import when_display
from survey.english import is_english, translatable
from survey.forms import SectionForm
from survey.models import (
    Answer,
    Choice,
    ModerationEvent,
    Question,
    Response,
    Section,
    Survey,
    ThemeModel,
)
from survey.selectors import (
    response_answers_display,
    survey_current,
    survey_questions,
    survey_structure_forget,
)
from survey.theming import response_verdicts
from survey.theming import services as theming
from survey.theming.learn import MIN_EXAMPLES

# Questions


class ForgetStructureMixin:
    """Survey pages keep the question set in the cache; a change in admin makes them forget it."""

    def _survey_id(self, obj):
        if isinstance(obj, Survey):
            return obj.pk
        if isinstance(obj, Section):
            return obj.survey_id
        if isinstance(obj, Question):
            return obj.section.survey_id
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        survey_id = self._survey_id(form.instance)
        if survey_id:
            survey_structure_forget(survey_id=survey_id)

    def delete_model(self, request, obj):
        survey_id = self._survey_id(obj)
        super().delete_model(request, obj)
        if survey_id:
            survey_structure_forget(survey_id=survey_id)


class SectionInline(TranslationTabularInline):
    model = Section
    extra = 0
    fields = ["order", "title"]
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(ForgetStructureMixin, TranslationAdmin):
    list_display = ["title", "consultation", "opens_at", "closes_at"]
    inlines = [SectionInline]


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ["order", "key", "text", "kind", "required"]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        # Keys and kinds of answered questions are locked on the question's own page, which
        # says why; here they are never edited.
        return ["key", "kind"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Section)
class SectionAdmin(ForgetStructureMixin, TranslationAdmin):
    list_display = ["title", "survey", "order"]
    list_filter = ["survey"]
    inlines = [QuestionInline]


LOCKED_REASON = (
    "This question has {count} answers, so its key, its type, its rating scale and the values "
    "of its options cannot be changed, and answered options cannot be removed: that would "
    "change what the answers already given mean. You can still correct the wording, the hint "
    "and the themes and sectors it is tagged with."
)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0
    fields = ["order", "value", "label", "hint", "themes", "sectors"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.answers.exists():
            return ["value"]
        return []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(ForgetStructureMixin, TranslationAdmin):
    list_display = ["text", "key", "kind", "required", "section"]
    list_filter = ["section__survey", "section", "kind", "themes"]
    search_fields = ["text", "key"]
    filter_horizontal = ["themes", "sectors"]
    inlines = [ChoiceInline]

    def _answer_count(self, obj) -> int:
        return obj.answers.count() if obj is not None and obj.pk else 0

    def get_readonly_fields(self, request, obj=None):
        if self._answer_count(obj):
            # The scale's English is locked; its translations are wording and stay editable.
            return ["locked", "section", "key", "kind", "scale_labels_en_gb"]
        return []

    def get_fields(self, request, obj=None):
        fields = [
            "section",
            "order",
            "key",
            "text",
            "hint",
            "kind",
            "required",
            "max_length",
            "scale_labels",
            "themes",
            "sectors",
        ]
        return (["locked"] + fields) if self._answer_count(obj) else fields

    @admin.display(description="Why some fields are locked")
    def locked(self, obj):
        return LOCKED_REASON.format(count=f"{self._answer_count(obj):,}")

    def has_delete_permission(self, request, obj=None):
        if self._answer_count(obj):
            return False
        return super().has_delete_permission(request, obj)


# Responses


class EstimatedCountPaginator(Paginator):
    """Counts exactly when the changelist is filtered; for the whole table on PostgreSQL it
    takes the planner's row estimate, so the first page does not scan 100,000 rows to count."""

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is not None and not query.where and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [Response._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] and row[0] > 10000:
                return int(row[0])
        return super().count


class ResponseModerationForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Confirmed themes",
        help_text="Themes this response speaks to. Approved responses count as evidence for "
        "these themes in the prospectus. Suggestions are ticked until a moderator saves.",
    )
    note = forms.CharField(
        required=False, max_length=500, label="Moderation note", widget=forms.TextInput
    )

    class Meta:
        model = Response
        fields = ["status", "themes"]


class ResponseEntryForm(SectionForm):
    """Staff entry of a response received by email or on paper, or a late one: every question
    of the survey on one page, none required, plus how and when it arrived."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, questions=survey_questions(survey=survey), **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields = {
            "channel": forms.ChoiceField(
                choices=Response.Channel.choices,
                initial=Response.Channel.EMAIL,
                label="How it was received",
            ),
            "received_at": forms.DateTimeField(
                label="When it was received (UK time, e.g. 2018-05-30 14:00)",
                initial=lambda: timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            ),
            "language": forms.ChoiceField(
                choices=settings.LANGUAGES,
                initial=settings.LANGUAGE_CODE,
                required=False,
                label="The language it was written in",
            ),
            **self.fields,
        }


class ThemeFilter(admin.SimpleListFilter):
    """Responses with a confirmed staff theme. An EXISTS rather than the admin's usual join, so
    the changelist needs no DISTINCT (which would sort every matching row) and counts quickly."""

    title = "theme"
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        return [(str(t.pk), t.name) for t in Theme.objects.order_by("kind", "order")]

    def queryset(self, request, queryset):
        theme_id = parse_int(self.value())
        if theme_id is None:
            return queryset
        tagged = Response.themes.through.objects.filter(
            response_id=OuterRef("pk"), theme_id=theme_id
        )
        return queryset.filter(Exists(tagged))


class AnswerTranslationInline(admin.TabularInline):
    """A response's written answers as given, each beside a box for its English translation
    (for a response given in another language; docs/decisions/0912). Not the respondent's name,
    email address or organisation: those are shown once, as typed, under Respondent."""

    model = Answer
    fields = ["question_asked", "text", "text_in_english"]
    readonly_fields = ["question_asked", "text"]
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name = "written answer"
    verbose_name_plural = "English translations of the written answers"

    def get_queryset(self, request):
        return translatable(super().get_queryset(request)).select_related("question")

    @admin.display(description="Question")
    def question_asked(self, obj):
        return obj.question.text

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("survey.view_response")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("survey.moderate_response")


# Said when a moderator sorts by the suggester's margin and it has none yet (a list in the order
# it came would otherwise look sorted).
NO_MARGINS_YET = (
    "No pending response has a suggester's margin yet, so this list is not in that order. "
    "Margins come from the learned suggester: it learns a theme once moderators have confirmed "
    f"it on {MIN_EXAMPLES} responses, and scores the pending ones after each training."
)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "submitted_at",
        "language",
        "status",
        "channel",
        "respondent_type",
        "sector",
        "place",
        "is_late",
        "theme_names",
        "suggester_unsure",
    ]
    list_filter = [
        "status",
        "sector",
        "respondent_type",
        ThemeFilter,
        "channel",
        "language",
        "is_late",
        "is_synthetic",
        ("submitted_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["sector"]
    search_fields = ["reference", "organisation", "name", "email"]
    search_help_text = "Search references, organisations, names, emails and the text of answers."
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    form = ResponseModerationForm
    actions = ["approve", "reject", "mark_spam", "export_selected"]
    change_list_template = "survey/admin/response_change_list.html"
    readonly_fields = [
        "reference",
        "survey",
        "channel",
        "language",
        "submitted_at",
        "is_late",
        "is_synthetic",
        "respondent_type",
        "organisation",
        "sector",
        "place",
        "name",
        "email",
        "quote_ok",
        "contact_ok",
        "entered_by",
        "moderated_by",
        "moderated_at",
        "answers_list",
        "suggested_themes",
        "history",
    ]
    fieldsets = [
        (
            "Response",
            {
                "fields": [
                    "reference",
                    "survey",
                    "channel",
                    "language",
                    "submitted_at",
                    "is_late",
                    "is_synthetic",
                    "entered_by",
                ]
            },
        ),
        (
            "Respondent",
            {
                "fields": [
                    "respondent_type",
                    "organisation",
                    "sector",
                    "place",
                    "name",
                    "email",
                    "quote_ok",
                    "contact_ok",
                ]
            },
        ),
        ("Answers", {"fields": ["answers_list"]}),
        (
            "Moderation",
            {
                "fields": [
                    "suggested_themes",
                    "status",
                    "themes",
                    "note",
                    "moderated_by",
                    "moderated_at",
                ]
            },
        ),
        ("History", {"fields": ["history"]}),
    ]

    # Permissions: moderating and exporting are separate permissions from changing.

    def has_moderate_permission(self, request):
        return request.user.has_perm("survey.moderate_response")

    def has_export_permission(self, request):
        return request.user.has_perm("survey.export_responses")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_inlines(self, request, obj):
        # English answers need no translation; any other language's written answers can take one.
        if obj is not None and not is_english(obj.language):
            return [AnswerTranslationInline]
        return []

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not self.has_moderate_permission(request):
            fields += ["status", "themes", "note"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not self.has_moderate_permission(request):
            kwargs["fields"] = []
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if self.has_moderate_permission(request):
            return self.fieldsets
        return [
            (name, {"fields": [f for f in opts["fields"] if f != "note"]})
            for name, opts in self.fieldsets
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("kind", "order")))
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            # Both as IN (…) so PostgreSQL hashes each once; the answers' side is read through
            # the trigram index on UPPER(text) (migration 0003), not by scanning every answer.
            in_answers = (
                Answer.objects.exclude(text="").filter(text__icontains=term).values("response_id")
            )
            base = self.get_queryset(request)
            queryset = base.filter(Q(pk__in=queryset.values("pk")) | Q(pk__in=in_answers))
        return queryset, may_have_duplicates

    @admin.display(description="Themes")
    def theme_names(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())

    @admin.display(
        description="Suggester’s margin",
        ordering=F("theme_margin").asc(nulls_last=True),
    )
    def suggester_unsure(self, obj):
        # The smallest gap between a theme's confidence and its threshold, in log-odds: the
        # smaller, the less sure (decision 0870).
        return "—" if obj.theme_margin is None else f"{obj.theme_margin:.2f}"

    def changelist_view(self, request, extra_context=None):
        # Pending responses, those the suggester is least sure about first: deciding them
        # teaches it most (decision 0870).
        column = self.get_list_display(request).index("suggester_unsure") + 1
        sorted_by = {part.lstrip("-") for part in request.GET.get("o", "").split(".")}
        if str(column) in sorted_by and not theming.margins_exist():
            self.message_user(request, NO_MARGINS_YET, messages.INFO)
        extra_context = {
            **(extra_context or {}),
            "unsure_first_query": f"?status__exact=pending&o={column}",
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="Answers")
    def answers_list(self, obj):
        rows = response_answers_display(response=obj)
        return format_html(
            '<dl class="llep-admin-answers">{}</dl>',
            format_html_join(
                "",
                "<dt><strong>{}</strong></dt><dd>{}</dd>",
                (
                    (
                        row["question"].text,
                        format_html_join(
                            "",
                            '<p class="llep-admin-answer">{}</p>',
                            ((line,) for line in row["lines"]),
                        )
                        or "—",
                    )
                    for row in rows
                ),
            ),
        )

    def _verdicts(self, obj):
        # Asked for by both the suggestions shown and the themes ticked: worked out once a page.
        cached = getattr(obj, "_theme_verdicts", None)
        if cached is None:
            cached = obj._theme_verdicts = response_verdicts(response=obj)
        return cached

    def _suggestions(self, obj):
        return self._verdicts(obj).suggestions

    @admin.display(description="Suggested themes")
    def suggested_themes(self, obj):
        suggestions = self._suggestions(obj)
        if not suggestions:
            return "The suggester found no theme in this response."
        return format_html(
            '<ul class="llep-admin-suggestions">{}</ul>',
            format_html_join(
                "",
                "<li><strong>{}</strong> ({}): {}</li>",
                (
                    (
                        s.theme.name,
                        # Never "100%": the model can be wrong, however sure it is.
                        f"{min(s.confidence, 0.99):.0%} confident, learnt from moderators"
                        if s.source == "model"
                        else "from keywords and the respondent's choices",
                        "; ".join(s.reasons) or "no single word stands out",
                    )
                    for s in suggestions
                ),
            ),
        )

    @admin.display(description="Who moderated what and when")
    def history(self, obj):
        events = ModerationEvent.objects.filter(response=obj).select_related("user")[:50]
        if not events:
            return "Not moderated yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} by {} ({} → {}){}{}</li>",
                (
                    (
                        when_display(e.at),
                        e.action,
                        e.user.get_username() if e.user else "someone since removed",
                        e.from_status or "—",
                        e.to_status or "—",
                        f"; themes: {e.themes}" if e.themes else "",
                        f"; note: {e.note}" if e.note else "",
                    )
                    for e in events
                ),
            ),
        )

    def get_form_initial_themes(self, obj):
        if obj.themes.exists() or obj.moderated_at:
            return list(obj.themes.all())
        return [s.theme for s in self._suggestions(obj)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform").form if context.get("adminform") else None
        if obj is not None and form is not None and "themes" in form.fields and not form.is_bound:
            form.initial["themes"] = [t.pk for t in self.get_form_initial_themes(obj)]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not change:  # staff entry goes through enter_view
            raise PermissionDenied
        if not self.has_moderate_permission(request):
            return
        themes = form.cleaned_data.get("themes")
        services.response_moderate(
            response=obj,
            user=request.user,
            status=form.cleaned_data.get("status"),
            themes=themes,
            note=form.cleaned_data.get("note", ""),
        )
        if themes is not None:
            # Each suggestion left ticked is accepted, each unticked rejected: what the
            # suggester learns from.
            verdicts = self._verdicts(obj)
            theming.suggestions_decide(
                response=obj,
                suggestions=verdicts.suggestions,
                themes=themes,
                user=request.user,
                version=verdicts.model_version,
            )

    def save_related(self, request, form, formsets, change):
        # Themes are set by response_moderate, which records who changed them.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Answer:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # what the change message reads; the service writes
        if self.has_moderate_permission(request):
            services.answers_translate(
                response=form.instance,
                user=request.user,
                translations={
                    f.instance.pk: f.cleaned_data.get("text_in_english", "")
                    for f in formset.forms
                    if f.has_changed()
                },
            )

    # Bulk actions

    # What a bulk action says it did, by the status it sets: "Approved 3 responses." and, for
    # those already as asked, "2 were already approved." ({responses} and {were} filled in).
    BULK_SAID = {
        Response.Status.APPROVED: ("Approved {responses}.", "{responses} {were} already approved."),
        Response.Status.REJECTED: ("Rejected {responses}.", "{responses} {were} already rejected."),
        Response.Status.SPAM: (
            "Marked {responses} as spam.",
            "{responses} {were} already marked as spam.",
        ),
    }

    def _bulk(self, request, queryset, *, status=None, themes=(), said=None):
        """Run a bulk action and say what it did (said: a pair as in BULK_SAID; filled in by
        replacing, not str.format, so that braces in a theme's name are just text)."""
        done, already = said or self.BULK_SAID[status]
        result = services.responses_moderate(
            responses=queryset, user=request.user, status=status, add_themes=themes
        )
        parts = []
        if result.changed or not result.unchanged:
            parts.append(
                done.replace("{responses}", counted(result.changed, "response", "responses"))
            )
        if result.unchanged:
            those = f"{result.unchanged:,}"  # "Approved 2 responses. 1 was already approved."
            if not result.changed:  # "3 responses were already approved."
                those = counted(result.unchanged, "response", "responses")
            were = "was" if result.unchanged == 1 else "were"
            parts.append(already.replace("{responses}", those).replace("{were}", were))
        level = messages.SUCCESS if result.changed else messages.WARNING  # nothing was done
        self.message_user(request, " ".join(parts), level)

    @admin.action(description="Approve selected responses", permissions=["moderate"])
    def approve(self, request, queryset):
        self._bulk(request, queryset, status=Response.Status.APPROVED)

    @admin.action(description="Reject selected responses", permissions=["moderate"])
    def reject(self, request, queryset):
        self._bulk(request, queryset, status=Response.Status.REJECTED)

    @admin.action(description="Mark selected responses as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._bulk(request, queryset, status=Response.Status.SPAM)

    @admin.action(description="Export selected responses as CSV", permissions=["export"])
    def export_selected(self, request, queryset):
        return self._export(request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_moderate_permission(request):
            for theme in Theme.objects.order_by("kind", "order"):
                name = f"tag_{theme.slug}"
                actions[name] = (
                    self._tag_action(theme),
                    name,
                    f"Tag selected responses with the theme ‘{theme.name}’",
                )
        return actions

    def _tag_action(self, theme):
        def tag(modeladmin, request, queryset):
            if not modeladmin.has_moderate_permission(request):
                raise PermissionDenied
            modeladmin._bulk(
                request,
                queryset,
                themes=[theme],
                said=(
                    "Tagged {responses} with " + theme.name + ".",
                    "{responses} {were} already tagged with it.",
                ),
            )

        return tag

    # Staff entry and export

    def get_urls(self):
        return [
            path(
                "enter/",
                self.admin_site.admin_view(self.enter_view),
                name="survey_response_enter",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="survey_response_export",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:survey_response_enter")

    def enter_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        consultation = consultation_current()
        survey = survey_current(consultation=consultation) if consultation else None
        if survey is None:
            survey = get_object_or_404(Survey.objects.order_by("-opens_at")[:1])
        form = ResponseEntryForm(request.POST or None, survey=survey)
        if request.method == "POST" and form.is_valid():
            received = form.cleaned_data["received_at"]
            response, _ = services.response_submit(
                survey=survey,
                data=form.section_data(),
                channel=form.cleaned_data["channel"],
                language=form.cleaned_data["language"] or None,
                submitted_at=received,
                entered_by=request.user,
            )
            late = (
                " It was received after the survey closed, so it is marked late."
                if response.is_late
                else ""
            )
            self.message_user(
                request, f"Entered response {response.reference}.{late}", messages.SUCCESS
            )
            return redirect("admin:survey_response_change", response.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Enter a response received by email or on paper",
            "form": form,
            "survey": survey,
            "closes_display": when_display(survey.closes_at),
        }
        return TemplateResponse(request, "survey/admin/response_enter.html", context)

    def export_view(self, request):
        if not (self.has_view_permission(request) and self.has_export_permission(request)):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # As the list itself does: back to it without the filter, which says why.
            return redirect(reverse("admin:survey_response_changelist") + "?e=1")
        return self._export(request, changelist.get_queryset(request))

    def _export(self, request, queryset):
        if not self.has_export_permission(request):
            raise PermissionDenied
        consultation = consultation_current()
        survey = survey_current(consultation=consultation) if consultation else None
        if survey is None:
            raise PermissionDenied
        return responses_csv_response(survey=survey, responses=queryset)


@admin.register(ThemeModel)
class ThemeModelAdmin(admin.ModelAdmin):
    """Each training of the theme suggester, read-only: trained by a Celery task after every
    THEMES_RETRAIN_EVERY confirmations and nightly, never from a page."""

    list_display = ["version", "trained_at", "state", "n_examples", "macro_f1", "seconds"]
    list_filter = ["state", "consultation"]
    fields = ["version", "consultation", "trained_at", "state", "n_examples", "seconds", "note",
              "macro_f1", "theme_figures"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(
        description="Per theme: figures on responses its model did not learn from, and moderators' verdicts"
    )
    def theme_figures(self, obj):
        rates = theming.acceptance_rates(consultation_id=obj.consultation_id)
        rows = []
        for theme in Theme.objects.order_by("kind", "order"):
            score = obj.scores.get(theme.slug)
            if score is None:
                continue
            decided, accepted = rates.get(theme.pk, (0, 0))
            used = score["uses_model"]
            rows.append(
                (
                    theme.name,
                    score["positives"],
                    "learnt model" if used else "keywords",
                    f"{score['precision' if used else 'keyword_precision']:.0%}",
                    f"{score['recall' if used else 'keyword_recall']:.0%}",
                    f"{score['f1' if used else 'keyword_f1']:.2f}",
                    f"{score['keyword_f1']:.2f}",
                    f"{accepted / decided:.0%} of {decided:,}" if decided else "none decided",
                )
            )
        head = ["Theme", "Confirmed examples", "Suggests from", "Precision", "Recall", "F1",
                "Keywords' F1", "Suggestions accepted"]  # fmt: skip
        return format_html(
            # A region the keyboard can scroll: on a phone the table is wider than the screen.
            '<div class="llep-admin-results" role="region" tabindex="0" aria-label="Per theme">'
            '<table class="llep-admin-figures"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>'
            "</div>",
            format_html_join("", '<th scope="col">{}</th>', ((h,) for h in head)),
            format_html_join(
                "",
                '<tr><th scope="row">{}</th>' + "<td>{}</td>" * 7 + "</tr>",
                rows,
            ),
        )


class _Echo:
    def write(self, value):
        return value


def responses_csv_response(*, survey: Survey, responses) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    rows = services.responses_csv_rows(survey=survey, responses=responses)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _with_bom(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-responses-{stamp}.csv"'
    return response


def _with_bom(rows):
    # A byte order mark so that Excel reads the UTF-8 (names, right-to-left text, emoji).
    first = True
    for row in rows:
        if first:
            row = ["\ufeff" + row[0], *row[1:]]
            first = False
        yield row
