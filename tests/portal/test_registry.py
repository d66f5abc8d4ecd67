"""portal/ stands under the apps: it imports none of them, and each app's part in seeding,
erasure and the home page reaches it through the registry."""

import ast
from pathlib import Path

import pytest

from portal import registry

PORTAL = Path(__file__).resolve().parents[2] / "portal"
APPS = {"events", "survey", "prospectus", "results"}


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):  # every import, at the top or inside a function
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_no_module_of_portal_imports_an_app_anywhere():
    offenders = [
        f"{path.relative_to(PORTAL.parent)}: {module}"
        for path in PORTAL.rglob("*.py")
        for module in _imported_modules(ast.parse(path.read_text()))
        if module.split(".")[0] in APPS
    ]
    assert offenders == []


def test_each_app_registers_its_part_in_every_portal_wide_job_in_order():
    # An eraser is registered as an instance of its class; the other jobs as functions.
    names = {
        kind: [getattr(hook, "__module__", type(hook).__module__) for hook in registry.hooks(kind)]
        for kind in registry.KINDS
    }
    assert names["seed"] == [
        "events.portal_hooks",
        "survey.portal_hooks",
        "prospectus.portal_hooks",
    ]
    assert names["home"] == ["events.portal_hooks", "survey.portal_hooks"]
    assert names["results"] == ["results.portal_hooks"]
    assert names["synthetic"] == ["survey.portal_hooks"]
    assert names["erase"] == [
        "events.portal_hooks",
        "survey.portal_hooks",
        "prospectus.portal_hooks",
        "results.portal_hooks",
    ]


def test_registering_the_same_function_again_replaces_it_and_unknown_jobs_are_refused():
    before = len(registry.hooks("home"))

    def home(*, consultation):
        return {}

    try:
        registry.register("home", order=99)(home)
        registry.register("home", order=99)(home)
        assert len(registry.hooks("home")) == before + 1
        assert registry.hooks("home")[-1] is home
    finally:
        registry._hooks["home"].pop(f"{home.__module__}.{home.__qualname__}")
    with pytest.raises(ValueError, match="unknown kind"):
        registry.register("nightly", order=1)
