"""Admin for preparing publication (Moderators): responses cleared for publication, the
redacted published text of answers and notes, and the redaction log (read-only)."""

from collections.abc import Iterator

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from events.models import RoundTableNote
from portal.query import query_int
from results import services
from results.models import Publication, PublishableResponse, Redaction, RedactionEvent
from results.redaction import public_text, redaction_remove, redaction_save
from results.selectors import published_answers
from survey.models import Answer, Response


def redaction_link(item: Answer | RoundTableNote) -> tuple[str, str]:
    """Where a moderator redacts this answer or note (the one place, for the prospectus and the
    public pages alike), and what the link says."""
    redaction = getattr(item, "redaction", None)
    if redaction is not None:
        url = reverse("admin:results_redaction_change", args=[redaction.pk])
        return url, "Change the redaction"
    name = "answer" if isinstance(item, Answer) else "note"
    return reverse("admin:results_redaction_add") + f"?{name}={item.pk}", f"Redact this {name}"


def redaction_state(item: Answer | RoundTableNote) -> str:
    redaction = getattr(item, "redaction", None)
    if redaction is None:
        return "As written."
    return f"Redacted ({redaction.get_reason_display().lower()})."


@admin.register(PublishableResponse)
class PublishableResponseAdmin(admin.ModelAdmin):
    """Approved responses whose authors agreed to be quoted: the only ones that can be published.
    A moderator reads each answer as it would be published, redacts what must not be, then
    clears the response."""

    # Django would title the list from the model's name ("Select response to clear to view").
    changelist_title = "Clear responses for publication"
    list_display = ["reference", "sector", "respondent_type", "submitted_at", "cleared"]
    list_filter = [("clearance", admin.EmptyFieldListFilter), "sector", "respondent_type"]
    search_fields = ["reference"]
    actions = ["clear", "unclear"]
    fields = ["reference", "sector", "respondent_type", "submitted_at", "answers_to_publish"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=Response.Status.APPROVED, quote_ok=True, anonymised_at__isnull=True)
            .select_related("sector", "clearance")
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": self.changelist_title, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_clear_permission(self, request):
        return request.user.has_perm("results.add_clearance")

    @admin.display(boolean=True, description="Cleared for publication")
    def cleared(self, obj):
        return hasattr(obj, "clearance")

    @admin.display(description="Answers as they would be published")
    def answers_to_publish(self, obj):
        answers = published_answers(responses=Response.objects.filter(pk=obj.pk)).select_related(
            "question", "redaction"
        )
        return (
            format_html_join(
                "",
                '<div class="llep-redaction"><p><strong>{}</strong></p><p>{}</p><p>{} '
                '<a href="{}">{}</a></p></div>',
                (
                    (a.question.text, a.public, redaction_state(a), *redaction_link(a))
                    for a in answers
                ),
            )
            or "No answers to publish."
        )

    @admin.action(description="Clear the selected responses for publication", permissions=["clear"])
    def clear(self, request, queryset):
        made = services.responses_clear(responses=list(queryset), user=request.user)
        message = f"Cleared {made} response{pluralize(made)} for publication."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description="Withdraw the selected responses from publication", permissions=["clear"]
    )
    def unclear(self, request, queryset):
        gone = services.responses_unclear(responses=list(queryset))
        message = f"Withdrew {gone} response{pluralize(gone)} from publication."
        self.message_user(request, message, messages.SUCCESS)


class RedactionForm(forms.ModelForm):
    class Meta:
        model = Redaction
        fields = ["answer", "note", "text", "reason"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        error_messages = {"reason": {"required": "Choose why the text is redacted"}}
        help_texts = {
            "text": "The text as the public will read it: copy the original and replace what "
            "must not be published with [redacted]. The original is never changed.",
        }

    def clean(self):
        """One answer or one note, said on the fields themselves: a field with an error is left
        out of the model's check constraint, so Django's own "Constraint … is violated" never
        shows. On a saved redaction both are read-only (not in the form) and nothing is asked."""
        cleaned = super().clean()
        fields = ("answer", "note")
        if any(name not in self.fields or self.has_error(name) for name in fields):
            return cleaned
        answer, note = cleaned.get("answer"), cleaned.get("note")
        if answer is None and note is None:
            self.add_error("answer", "Enter the answer to redact, or a round-table note below")
            self.add_error("note", "Enter the round-table note to redact, or an answer above")
        elif answer is not None and note is not None:
            both = "Choose an answer or a round-table note to redact, not both"
            self.add_error("answer", both)
            self.add_error("note", both)
        return cleaned


@admin.register(Redaction)
class RedactionAdmin(admin.ModelAdmin):
    form = RedactionForm
    list_display = ["__str__", "reason", "updated_by", "updated_at"]
    list_filter = ["reason"]
    raw_id_fields = ["answer", "note"]
    readonly_fields = ["original", "updated_by", "updated_at"]

    def get_fields(self, request, obj=None):
        return ["answer", "note", "original", "text", "reason", "updated_by", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # A redaction stays with the answer or note it was made for.
        return [*self.readonly_fields, "answer", "note"] if obj else self.readonly_fields

    @staticmethod
    def _items_asked_for(request) -> Iterator[tuple[str, Answer | RoundTableNote]]:
        """The answer or note named by ?answer= or ?note= (redaction_link's addresses), with
        its name; a value that is not a usable id, or names nothing, names nothing."""
        for name, model in (("answer", Answer), ("note", RoundTableNote)):
            pk = query_int(request.GET, name, minimum=1)
            if pk is not None and (item := model.objects.filter(pk=pk).first()):
                yield name, item

    def add_view(self, request, form_url="", extra_context=None):
        """Opened for an answer or note that already has its redaction (a link from before it
        was made, or another moderator's meanwhile): that redaction's page, not a form whose
        saving could only fail. A POST is left to the form, so nothing typed is thrown away."""
        if request.method == "GET" and self.has_add_permission(request):
            for name, item in self._items_asked_for(request):
                redaction = getattr(item, "redaction", None)
                if redaction is not None:
                    self.message_user(
                        request,
                        f"This {name} is already redacted: you can change its redaction here.",
                    )
                    return redirect("admin:results_redaction_change", redaction.pk)
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        """Opened from an answer or note: start from its original text."""
        initial = super().get_changeform_initial_data(request)
        for _, item in self._items_asked_for(request):
            initial["text"] = public_text(item)
        return initial

    @admin.display(description="Original text (never changed)")
    def original(self, obj):
        item = obj.answer or obj.note if obj else None
        return item.text if item else "Choose the answer or note above and save to see it."

    def save_model(self, request, obj, form, change):
        item = (
            form.cleaned_data.get("answer")
            or form.cleaned_data.get("note")
            or obj.answer
            or obj.note
        )
        saved = redaction_save(
            item=item,
            text=form.cleaned_data["text"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        redaction_remove(redaction=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for redaction in queryset:
            redaction_remove(redaction=redaction, user=request.user)


@admin.register(RedactionEvent)
class RedactionEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "target", "reason", "user"]
    list_filter = ["action", "reason"]
    search_fields = ["target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Who approved which prospectus PDF and who published or unpublished the results, when:
    read-only here; the board acts on /results/manage/."""

    list_display = ["consultation", "is_published", "approved_by", "approved_at", "published_at"]
    readonly_fields = [
        "consultation", "export", "approved_by", "approved_at", "is_published", "published_by",
        "published_at", "unpublished_by", "unpublished_at", "manage_link",
    ]  # fmt: skip
    fields = readonly_fields

    @admin.display(description="Approve and publish")
    def manage_link(self, obj):
        return format_html(
            '<a href="{}">Open the page to publish the results</a>',
            reverse("results_manage:manage"),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
