"""The portal's admin site: Django's, with every model admin's list hardened against hostile
filters in the address (docs/decisions/0840).

Django turns most bad filters into IncorrectLookupParameters, which the list answers with a
redirect to itself (?e=1); a few escape as 500s (a year too large for a date, other scripts'
digits). The site adds the same hardening to every model admin registered on it, ours and other
packages' alike, so that a new admin cannot forget it.
"""

from django.contrib import messages
from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters

from portal.query import parse_int

# datetime() takes years up to 9999, and the list's "next year" bound must exist too.
DATE_PARTS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}
FILTER_NOT_UNDERSTOOD = (
    "The filter in the web address was not understood, so the whole list is shown. "
    "Choose a filter from the list instead."
)


class SafeFiltersChangeListMixin:
    """A list that refuses a date-hierarchy value Django would pass to datetime() unchecked."""

    def get_filters(self, request):
        if self.date_hierarchy:
            for part, (lowest, highest) in DATE_PARTS.items():
                value = request.GET.get(f"{self.date_hierarchy}__{part}")
                if value is not None and parse_int(value, minimum=lowest, maximum=highest) is None:
                    raise IncorrectLookupParameters(f"{part} {value!r} is not a date part")
        return super().get_filters(request)


class SafeFiltersAdminMixin:
    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        if issubclass(changelist, SafeFiltersChangeListMixin):
            return changelist
        return type(changelist.__name__, (SafeFiltersChangeListMixin, changelist), {})

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters:
            # The caller redirects to the list without the filter; say why there.
            messages.warning(request, FILTER_NOT_UNDERSTOOD)
            raise


class PortalAdminSite(AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, SafeFiltersAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (SafeFiltersAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
