"""URLs of the published results: the pages, in every language (under `i18n_patterns` in
portal/urls.py, so /gu/results/ is Gujarati); the open data and the prospectus PDF, one English
file each at a stable address (no language prefix); and the board's page, English and unprefixed
like the other staff pages (docs/decisions/0915)."""

from django.urls import path, re_path

from results import views

# The public pages: mounted under the language prefixes.
pages = (
    [
        path("", views.index, name="index"),
        path("what-we-heard/", views.what_we_heard, name="what_we_heard"),
    ],
    "results",
)

# The files: the data and the PDF are not translated, so one address each, whatever the page's
# language (links from /gu/results/ lead here too).
files = (
    [
        path("prospectus.pdf", views.prospectus_pdf, name="prospectus_pdf"),
        path("data/datapackage.json", views.datapackage, name="datapackage"),
        re_path(
            r"^data/(?P<name>responses|notes)\.(?P<extension>csv|json)$",
            views.data_file,
            name="data_file",
        ),
    ],
    "results_files",
)

# The board's publishing page.
manage = (
    [
        path("", views.manage, name="manage"),
        path("approve/<int:pk>/", views.approve, name="approve"),
        path("publish/", views.publish, name="publish"),
        path("unpublish/", views.unpublish, name="unpublish"),
    ],
    "results_manage",
)
