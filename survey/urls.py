"""URLs for the public survey."""

from django.urls import path

from survey import views

app_name = "survey"

urlpatterns = [
    path("", views.start, name="start"),
    path("begin/", views.begin, name="begin"),
    path("section/<int:number>/", views.section, name="section"),
    path("check-your-answers/", views.check, name="check"),
    path("confirmation/", views.done, name="done"),
    path("save/", views.save, name="save"),
    path("resume/<str:signed>/", views.resume, name="resume"),
    path("send-to-staff/", views.late_send, name="late_send"),
]
