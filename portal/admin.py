"""Admin for the shared core (the sign-in lockout is django-axes, see portal/lockout.py)."""

from django.contrib import admin

from portal.models import Consultation, Document, OutboundEmail, Sector, Theme

admin.site.site_header = "LLEP consultation admin"
admin.site.site_title = "LLEP consultation admin"
admin.site.index_title = "Consultation administration"


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "is_current"]
    inlines = [SectorInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "aim"]
    list_filter = ["kind"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "file_format", "size_display", "order"]

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
