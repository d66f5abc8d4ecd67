"""manage.py themes_evaluate --labelled FILE.jsonl: a k-fold cross-validation of the theme
suggester on a labelled file, printed as JSON beside the keyword suggester's figures."""

import json

from django.core.management.base import BaseCommand, CommandError

from portal.models import Theme
from survey.theming.evaluate import labelled_read, suggester_evaluate
from survey.theming.suggest import themes_keywords


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--labelled", required=True, help="One JSON object a line.")
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, labelled, folds, seed, **options):
        themes = list(Theme.objects.all())
        if not themes:
            raise CommandError("No themes: run manage.py seed_llep first.")
        slugs = [theme.slug for theme in themes]
        try:
            examples = labelled_read(labelled, slugs=slugs)
        except OSError as error:
            raise CommandError(f"Cannot read {labelled}: {error.strerror}") from error
        except ValueError as error:
            raise CommandError(f"{labelled}: {error}") from error
        if folds < 2 or len(examples) < folds:
            raise CommandError(f"Need at least 2 folds and as many answers ({len(examples)}).")
        result = suggester_evaluate(
            examples=examples, slugs=slugs, keywords=themes_keywords(themes), folds=folds, seed=seed
        )
        self.stdout.write(json.dumps(result, indent=2))
