"""{% results_url as url %}: the address of the published results, or "" before publication;
for pages outside the results app that link to them (the survey's closed page)."""

from django import template
from django.urls import reverse

from results.selectors import publication_public

register = template.Library()


@register.simple_tag
def results_url() -> str:
    return reverse("results:index") if publication_public() is not None else ""
