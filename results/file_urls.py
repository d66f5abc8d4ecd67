"""URLs of the open data and the prospectus PDF: not translated, so one stable address each
whatever the page's language, without a language prefix; the translated pages link here too
(docs/decisions/0915)."""

from django.urls import path, re_path

from results import views

app_name = "results_files"

urlpatterns = [
    path("prospectus.pdf", views.prospectus_pdf, name="prospectus_pdf"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    re_path(
        r"^data/(?P<name>responses|notes)\.(?P<extension>csv|json)$",
        views.data_file,
        name="data_file",
    ),
]
