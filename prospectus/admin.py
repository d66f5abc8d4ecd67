"""Admin for the prospectus text and its ambitions (Moderators and superusers edit them), and a
read-only list of exports."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from prospectus.models import Ambition, Export, Prospectus
from survey.models import Response


class AmbitionForm(forms.ModelForm):
    class Meta:
        model = Ambition
        fields = [
            "order",
            "title",
            "statement",
            "sectors",
            "themes",
            "quoted_responses",
            "quoted_notes",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }

    def clean_quoted_responses(self):
        chosen = self.cleaned_data.get("quoted_responses")
        if chosen is None:
            return chosen
        refused = [
            r.reference for r in chosen if not (r.quote_ok and r.status == Response.Status.APPROVED)
        ]
        if refused:
            raise forms.ValidationError(
                "Only approved responses whose author agreed to be quoted can be chosen. "
                f"Remove: {', '.join(refused)}."
            )
        return chosen


class AmbitionInline(admin.StackedInline):
    model = Ambition
    form = AmbitionForm
    extra = 0
    # Thousands of responses: pick them by id, not from a select list of every one.
    raw_id_fields = ["quoted_responses", "quoted_notes"]


@admin.register(Prospectus)
class ProspectusAdmin(admin.ModelAdmin):
    list_display = ["title", "consultation", "ambition_count", "updated_at", "board_link"]
    inlines = [AmbitionInline]
    readonly_fields = ["updated_at"]

    @admin.display(description="Ambitions")
    def ambition_count(self, obj):
        return obj.ambitions.count()

    @admin.display(description="Board page")
    def board_link(self, obj):
        return format_html('<a href="{}">Open the board page</a>', reverse("prospectus:board"))

    def _warn_count(self, request, obj):
        count = obj.ambitions.count()
        if count < 4 or count > 5:
            messages.warning(
                request,
                f"The prospectus should focus on four or five key defining ambitions; "
                f"it has {count}.",
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                self._warn_count(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._warn_count(request, form.instance)


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "status",
        "requested_at",
        "requested_by",
        "response_count",
        "page_count",
        "size_bytes",
        "download",
    ]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Export._meta.fields]

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
