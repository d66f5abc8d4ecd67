"""URLs of the public results pages, in every language (under `i18n_patterns` in portal/urls.py,
so /gu/results/ is Gujarati). Their files are in results/file_urls.py and the board's page in
results/manage_urls.py, both unprefixed (docs/decisions/0915)."""

from django.urls import path

from results import views

app_name = "results"

urlpatterns = [
    path("", views.index, name="index"),
    path("what-we-heard/", views.what_we_heard, name="what_we_heard"),
]
