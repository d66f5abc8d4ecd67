"""The foundation renders: every public page answers 200 with the LLEP consultation loaded."""

import pytest
from django.urls import reverse

PAGES = [
    "portal:home",
    "portal:industrial_strategy",
    "portal:local_strategies",
    "portal:leicester",
    "portal:get_involved",
    "portal:downloads",
    "portal:privacy",
    "portal:accessibility",
]


@pytest.mark.parametrize("name", PAGES)
def test_public_page_renders(client, llep, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"Skip to main content" in response.content
