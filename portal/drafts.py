"""Draft translations of the seeded content, keyed by the English they translate: seed_llep fills
each language's field from them only where it is empty, so that what staff have written or
checked is never overwritten (docs/decisions/0913)."""

from django.conf import settings
from django.db.models import Model
from modeltranslation.utils import build_localized_fieldname

Drafts = dict[str, dict[str, str]]  # language code -> {English: translation}


def other_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def drafts_fill(obj: Model, fields: list[str], drafts: Drafts) -> None:
    """Fill obj's empty translations of fields from drafts, by each field's English; saved once,
    and only if something was filled."""
    changed = drafts_apply(obj, fields, drafts)
    if changed:
        obj.save(update_fields=changed)


def drafts_apply(obj: Model, fields: list[str], drafts: Drafts) -> list[str]:
    """Set obj's empty translations of fields from drafts, unsaved; the names of those it set.
    A list (a rating scale) is translated item by item."""
    changed = []
    for field in fields:
        english = getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE))
        for code in other_languages():
            name = build_localized_fieldname(field, code)
            if getattr(obj, name) or not english:
                continue
            found = _translated(english, drafts.get(code, {}))
            if found:
                setattr(obj, name, found)
                changed.append(name)
    return changed


def _translated(english, table: dict[str, str]):
    if isinstance(english, list):
        items = [table.get(item) for item in english]
        return items if all(items) else None
    return table.get(english)
