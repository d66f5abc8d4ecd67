"""URLs: the information pages, then each app under its own prefix, admin and the health check.

The public pages answer in each language under its prefix (/gu/survey/...), English without one,
so the addresses people already have keep working; the board, the results' publishing page, admin
and health check are English only and have no prefix (docs/decisions/0900), and so are the
results' data files and PDF, which are not translated (docs/decisions/0915).
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views

portal_patterns = [
    path("", views.home, name="home"),
    path("industrial-strategy/", views.industrial_strategy, name="industrial_strategy"),
    path("local-industrial-strategies/", views.local_strategies, name="local_strategies"),
    path("leicester-and-leicestershire/", views.leicester, name="leicester"),
    path("get-involved/", views.get_involved, name="get_involved"),
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/<int:pk>/", views.document, name="document"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
]

urlpatterns = i18n_patterns(
    path("", include((portal_patterns, "portal"))),
    path("round-tables/", include("events.urls")),
    path("survey/", include("survey.urls")),
    path("results/", include("results.urls")),
    prefix_default_language=False,
) + [
    path("board/", include("prospectus.urls")),
    path("results/manage/", include("results.manage_urls")),
    path("results/", include("results.file_urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.not_found"
handler500 = "portal.errors.server_error"
