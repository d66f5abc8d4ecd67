"""URLs for the board page, evidence lists and export downloads."""

from django.urls import path

from prospectus import views

app_name = "prospectus"

urlpatterns = [
    path("", views.board, name="board"),
    path("exports/", views.export_create, name="export_create"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("evidence/responses/", views.evidence_responses, name="responses"),
    path("evidence/responses/<str:reference>/", views.evidence_response, name="response"),
    path("evidence/notes/", views.evidence_notes, name="notes"),
]
