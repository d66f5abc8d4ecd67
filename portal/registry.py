"""The portal-wide jobs each app takes part in, registered by the app itself.

portal/ stands under the apps and never imports one. An app adds its part to seeding the
consultation, to erasing personal data and to what the home page shows from its own
`portal_hooks.py`, which PortalConfig.ready() imports in every installed app, the way Django's
admin finds each app's `admin.py` (docs/decisions/0004-portal-under-the-apps.md).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

# The jobs: "seed" (consultation, dating, demo) -> None; "synthetic" (consultation, count) -> a line
# to print; "erase" an Eraser (portal/privacy.py);
# "home" (consultation) -> dict of what the home page shows;
# "results" (consultation_id) -> the address of its published results, or "" (portal.selectors).
KINDS = ("seed", "synthetic", "erase", "home", "results")


@dataclass(frozen=True)
class _Hook:
    order: int
    name: str
    target: object


_hooks: dict[str, dict[str, _Hook]] = {kind: {} for kind in KINDS}


def register(kind: str, *, order: int) -> Callable:
    """A decorator: `@register("seed", order=20)` adds a function (or, for "erase", a class,
    instantiated once) to a job; lower orders run first. Registering the same name again
    replaces it, so a module imported twice registers once."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")

    def decorate(target):
        name = f"{target.__module__}.{target.__qualname__}"
        instance = target() if isinstance(target, type) else target
        _hooks[kind][name] = _Hook(order=order, name=name, target=instance)
        return target

    return decorate


def hooks(kind: str) -> list:
    """What the apps registered for a job, in order."""
    return [hook.target for hook in sorted(_hooks[kind].values(), key=lambda h: (h.order, h.name))]


def discover() -> None:
    autodiscover_modules("portal_hooks")
