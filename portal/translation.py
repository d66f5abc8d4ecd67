"""The information pages' wording translated per language (docs/decisions/0911)."""

from modeltranslation.translator import TranslationOptions, register

from portal.models import PageText


@register(PageText)
class PageTextTranslation(TranslationOptions):
    fields = ("text",)
