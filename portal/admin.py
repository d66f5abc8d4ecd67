"""Admin for the shared core (the sign-in lockout is django-axes, see portal/lockout.py)."""

from django import forms
from django.contrib import admin
from django.core.validators import FileExtensionValidator
from modeltranslation.admin import TranslationAdmin

from portal.models import (
    KEYWORD_LANGUAGES,
    Consultation,
    Document,
    Language,
    OutboundEmail,
    PageText,
    Sector,
    Theme,
)

admin.site.site_header = "LLEP consultation admin"
admin.site.site_title = "LLEP consultation admin"
admin.site.index_title = "Consultation administration"
# The lists need the width (decision 0861); the home page and breadcrumbs lead everywhere.
admin.site.enable_nav_sidebar = False


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "is_current"]
    inlines = [SectorInline]


@admin.register(PageText)
class PageTextAdmin(TranslationAdmin):
    """The information pages' wording, each passage's English with its translations beneath
    (portal/pagetext.py says what markup a passage may hold)."""

    list_display = ["page", "key", "text"]
    list_filter = ["page"]
    search_fields = ["key", "text_en_gb"]
    readonly_fields = ["page", "key"]
    fields = ["page", "key", "text"]

    def has_add_permission(self, request):
        return False  # the pages' templates name their passages; the seed creates them

    def has_delete_permission(self, request, obj=None):
        return False


class _ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["kind", "slug", "name", "aim", "keywords", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _ in KEYWORD_LANGUAGES:
            self.initial[f"keywords_{code}"] = self.instance.keywords_translated.get(code, "")

    def save(self, commit=True):
        self.instance.keywords_translated = {
            code: self.cleaned_data[f"keywords_{code}"].strip()
            for code, _ in KEYWORD_LANGUAGES
            if self.cleaned_data.get(f"keywords_{code}", "").strip()
        }
        return super().save(commit)


def _keywords_field(code: str, name: str) -> forms.CharField:
    return forms.CharField(
        label=f"Keywords in {name}",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
        help_text="One a line, as people write them; a trailing * stands for any ending.",
    )


# The English keywords, and one box for each of the portal's other languages (stored together
# in keywords_translated): answers in any language are matched against them all.
ThemeForm = type(
    "ThemeForm",
    (_ThemeForm,),
    {f"keywords_{code}": _keywords_field(code, name) for code, name in KEYWORD_LANGUAGES},
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "aim"]
    list_filter = ["kind"]
    form = ThemeForm

    def get_readonly_fields(self, request, obj=None):
        # Moderators tune the keywords; the name, aim and kind are the Industrial Strategy's
        # published wording (the seed brings them back), so only a superuser edits them.
        if obj is None or request.user.is_superuser:
            return []
        return ["kind", "slug", "name", "aim", "order"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    """Offering a language, or taking it off, is one tick in the list (docs/decisions/0900)."""

    list_display = ["__str__", "status", "offered"]
    list_editable = ["status", "offered"]
    list_display_links = ["__str__"]


# The downloads page serves an uploaded file from the portal's own address, so a page or a
# script must never be uploaded as a "document": office documents and PDFs only.
DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "csv"]


class DocumentForm(forms.ModelForm):
    # An address typed without a scheme is taken as https (Django 6's default).
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text=Document._meta.get_field("url").help_text,
    )

    class Meta:
        model = Document
        fields = ["consultation", "title", "file", "url", "size_bytes", "file_format", "order"]
        help_texts = {"file": "A PDF or office document. Its size is filled in from the file."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators.append(FileExtensionValidator(DOCUMENT_EXTENSIONS))
        self.fields["size_bytes"].required = False

    def clean(self):
        cleaned = super().clean()
        upload = self.files.get(self.add_prefix("file"))
        if upload is not None:
            cleaned["size_bytes"] = upload.size
        elif cleaned.get("size_bytes") is None:
            self.add_error("size_bytes", "Enter the size, or upload the file.")
        return cleaned


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "file_format", "size_display", "order"]
    form = DocumentForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            # An address typed without a scheme is taken as https (Django 6's default).
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "created_at", "sent_at", "dropped_at", "attempts"]
    list_filter = [
        ("sent_at", admin.EmptyFieldListFilter),
        ("dropped_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False
