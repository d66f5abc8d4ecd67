"""Admin for the prospectus text, its ambitions and key messages, the quotes moderators feature,
staff's evidence tables (Moderators and superusers edit them), and a read-only list of exports."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from prospectus import selectors
from prospectus.evidence import evidence_for
from prospectus.evidence.tables import evidence_csv_parse
from prospectus.models import (
    Ambition,
    EvidenceTable,
    Export,
    FeaturedQuote,
    KeyMessage,
    Prospectus,
)
from results.admin import redaction_link, redaction_state
from results.redaction import public_text
from survey.models import Response


class AmbitionForm(forms.ModelForm):
    class Meta:
        model = Ambition
        fields = ["order", "title", "in_a_line", "statement", "sectors", "themes"]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }


class AmbitionInline(admin.StackedInline):
    model = Ambition
    form = AmbitionForm
    extra = 0


class KeyMessageInline(admin.TabularInline):
    model = KeyMessage
    extra = 0
    verbose_name = "key message for the executive summary"


@admin.register(Prospectus)
class ProspectusAdmin(admin.ModelAdmin):
    list_display = ["title", "consultation", "ambition_count", "updated_at", "board_link"]
    fields = ["consultation", "title", "summary", "foreword", "introduction", "updated_at"]
    inlines = [AmbitionInline, KeyMessageInline]
    readonly_fields = ["updated_at"]

    @admin.display(description="Ambitions")
    def ambition_count(self, obj):
        return obj.ambitions.count()

    @admin.display(description="Board page")
    def board_link(self, obj):
        return format_html('<a href="{}">Open the board page</a>', reverse("prospectus:board"))

    def _warn(self, request, obj):
        count = obj.ambitions.count()
        if count < 4 or count > 5:
            messages.warning(
                request,
                f"The prospectus should focus on four or five key defining ambitions; "
                f"it has {count}.",
            )
        evidence = evidence_for(consultation=obj.consultation)
        for item in selectors.ambitions_for(prospectus=obj, evidence=evidence):
            if not item.has_evidence:
                messages.warning(
                    request,
                    f"Ambition {item.ambition.order}, “{item.ambition.title}”, has no evidence: "
                    "no approved response or round-table note from its sectors speaks to its "
                    "themes. Add sectors or themes, or theme the responses that support it.",
                )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                self._warn(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._warn(request, form.instance)


class FeaturedQuoteForm(forms.ModelForm):
    class Meta:
        model = FeaturedQuote
        fields = ["answer", "note", "ambition"]

    def clean(self):
        """One answer or one note, said on the fields themselves: a field with an error is left
        out of the model's check constraint, so Django's "Constraint … is violated" never shows
        (as results.admin.RedactionForm)."""
        cleaned = super().clean()
        if self.has_error("answer") or self.has_error("note"):
            return cleaned
        answer, note = cleaned.get("answer"), cleaned.get("note")
        if answer is None and note is None:
            self.add_error("answer", "Enter the answer to feature, or a round-table note below")
            self.add_error("note", "Enter the round-table note to feature, or an answer above")
            return cleaned
        if answer is not None and note is not None:
            both = "Choose an answer or a round-table note to feature, not both"
            self.add_error("answer", both)
            self.add_error("note", both)
            return cleaned
        if answer is not None:
            response = answer.response
            if not (response.quote_ok and response.status == Response.Status.APPROVED):
                self.add_error(
                    "answer",
                    f"Response {response.reference} cannot be quoted: only approved responses "
                    "whose author agreed to be quoted can be featured.",
                )
            if not answer.text.strip():
                self.add_error("answer", "This answer has no text to quote.")
        return cleaned


@admin.register(FeaturedQuote)
class FeaturedQuoteAdmin(admin.ModelAdmin):
    """A quote's words are its answer's or note's published text: it is redacted once, under
    Redactions (linked from here), and the PDF and the public results print the same words."""

    form = FeaturedQuoteForm
    list_display = ["pk", "reference", "ambition", "redacted", "featured_by", "featured_at"]
    list_filter = ["ambition"]
    # Thousands of answers: pick them by id, not from a select list of every one.
    raw_id_fields = ["answer", "note"]
    readonly_fields = ["words"]
    list_select_related = [
        "answer__response",
        "answer__redaction",
        "note__round_table",
        "note__redaction",
        "ambition",
        "featured_by",
    ]

    @admin.display(description="Reference")
    def reference(self, obj):
        return obj.answer.response.reference if obj.answer_id else obj.note.reference

    @admin.display(description="Redacted", boolean=True)
    def redacted(self, obj):
        return hasattr(obj.answer or obj.note, "redaction")

    @admin.display(description="Published text (the PDF and the public results quote it)")
    def words(self, obj):
        item = obj.answer or obj.note if obj.pk else None
        if item is None:
            return "Choose the answer or note above and save to see them."
        return format_html(
            '<p class="llep-user-text">{}</p><p>{} <a href="{}">{}</a></p>',
            public_text(item),
            redaction_state(item),
            *redaction_link(item),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.featured_by = request.user
        super().save_model(request, obj, form, change)


class EvidenceTableForm(forms.ModelForm):
    csv_file = forms.FileField(
        label="CSV file",
        required=False,
        help_text="A header row, then one row per line: the first column the labels, the "
        "others the figures. Saved from a spreadsheet as “CSV UTF-8”. Leave empty to keep the "
        "rows already loaded.",
    )

    class Meta:
        model = EvidenceTable
        fields = ["prospectus", "title", "source", "source_date", "sector", "order", "chart_column"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("csv_file")
        chart = cleaned.get("chart_column")
        if upload is None and not self.instance.rows:
            self.add_error("csv_file", "Upload the CSV of the table's rows.")
            return cleaned
        data = upload.read() if upload else _as_csv(self.instance)
        try:
            self.instance.columns, self.instance.rows = evidence_csv_parse(data, chart_column=chart)
        except forms.ValidationError as exc:
            self.add_error("csv_file" if upload else "chart_column", exc)
        return cleaned


def _as_csv(table: EvidenceTable) -> bytes:
    """The rows already loaded, as a CSV, to check them again against a new chart column."""
    out = io.StringIO()
    csv.writer(out).writerows([table.columns, *table.rows])
    return out.getvalue().encode()


@admin.register(EvidenceTable)
class EvidenceTableAdmin(admin.ModelAdmin):
    form = EvidenceTableForm
    list_display = ["title", "source", "source_date", "sector", "row_count", "chart_column"]
    list_filter = ["sector"]

    @admin.display(description="Rows")
    def row_count(self, obj):
        return len(obj.rows)


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "status",
        "draft",
        "requested_at",
        "requested_by",
        "response_count",
        "page_count",
        "size_bytes",
        "download",
    ]
    list_filter = ["status", "draft"]
    readonly_fields = [
        *(f.name for f in Export._meta.fields if f.name != "placeholders"),
        "placeholder_text",
    ]

    @admin.display(description="Still prints “[Draft for staff to edit]” in")
    def placeholder_text(self, obj):
        """Where the PDF still printed the seed's "[Draft for staff to edit]" (decision 0960)."""
        if obj.status != Export.Status.DONE:
            return "–"
        if obj.placeholders is None:
            return "Not checked: generated before the portal looked for it."
        return "; ".join(obj.placeholders) or "Nowhere"

    @admin.display(description="File")
    def download(self, obj):
        if obj.status != Export.Status.DONE:
            return obj.error[:80] if obj.error else "–"
        return format_html(
            '<a href="{}">Download</a>', reverse("prospectus:export_download", args=[obj.pk])
        )

    def has_add_permission(self, request):
        return False  # exports are asked for on the board page, which starts the task

    def has_change_permission(self, request, obj=None):
        return False
