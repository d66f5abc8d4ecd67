"""URLs for round tables and bookings."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.round_table_list, name="list"),
    path("booking/<str:token>/", views.booking_page, name="booking"),
    path("booking/<str:token>/calendar.ics", views.booking_calendar, name="calendar"),
    path("booking/<str:token>/cancel/", views.booking_cancel, name="cancel"),
    path("<slug:slug>/", views.round_table_detail, name="detail"),
    path("<slug:slug>/booking-sent/", views.booking_sent, name="sent"),
]
