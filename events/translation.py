"""The round tables' public wording translated per language (docs/decisions/0910)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import RoundTable


@register(RoundTable)
class RoundTableTranslation(TranslationOptions):
    fields = ("title", "listed_sector", "description")
