"""`manage.py check --deploy` refuses a deployment whose theme suggester would fail on first use:
the word vectors and the sentence model are built by `make setup` into var/ and are not in git
(decisions 0871, 0873, 0876)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register

from survey.theming.sentences import BUILT_MARK


@register(Tags.compatibility, deploy=True)
def theme_suggester_files(app_configs, **kwargs):
    needed = {
        "THEMES_WORD_VECTORS": Path(settings.THEMES_WORD_VECTORS) / "vectors.f32",
        "THEMES_SENTENCE_MODEL": Path(settings.THEMES_SENTENCE_MODEL) / BUILT_MARK,
    }
    return [
        Error(
            f"{path} is missing: the theme suggester cannot run.",
            hint=f"Run `make setup` on this server, or set {setting} to where it was built.",
            id="survey.E001",
        )
        for setting, path in needed.items()
        if not path.exists()
    ]
