"""URLs of the board's page to approve the prospectus PDF and publish or unpublish the results:
English and unprefixed, like the other staff pages (docs/decisions/0900, 0915)."""

from django.urls import path

from results import views

app_name = "results_manage"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("approve/<int:pk>/", views.approve, name="approve"),
    path("publish/", views.publish, name="publish"),
    path("unpublish/", views.unpublish, name="unpublish"),
]
