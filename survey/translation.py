"""The survey's wording translated per language (django-modeltranslation): text_gu and so on
beside the English, which a missing translation falls back to (docs/decisions/0910)."""

from modeltranslation.translator import TranslationOptions, register

from survey.models import Choice, Question, Section, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "hint", "scale_labels")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label", "hint")
