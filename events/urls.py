"""URLs for round tables and bookings."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.round_table_list, name="list"),
]
