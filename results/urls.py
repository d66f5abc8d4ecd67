"""URLs of the published results, their open data (stable addresses) and the board's page."""

from django.urls import path, re_path

from results import views

app_name = "results"

urlpatterns = [
    path("", views.index, name="index"),
    path("what-we-heard/", views.what_we_heard, name="what_we_heard"),
    path("prospectus.pdf", views.prospectus_pdf, name="prospectus_pdf"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    re_path(
        r"^data/(?P<name>responses|notes)\.(?P<extension>csv|json)$",
        views.data_file,
        name="data_file",
    ),
    path("manage/", views.manage, name="manage"),
    path("manage/approve/<int:pk>/", views.approve, name="approve"),
    path("manage/publish/", views.publish, name="publish"),
    path("manage/unpublish/", views.unpublish, name="unpublish"),
]
