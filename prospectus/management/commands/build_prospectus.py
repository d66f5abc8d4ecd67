"""manage.py build_prospectus --output FILE.pdf [--draft]: the same PDF the board page makes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.models import Consultation
from portal.selectors import consultation_current
from prospectus.selectors import prospectus_for
from prospectus.services import prospectus_pdf_build


class Command(BaseCommand):
    help = "Build the prospectus PDF of the current (or a named) consultation into a file."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument("--consultation", help="The consultation's slug (default: current).")
        parser.add_argument(
            "--draft", action="store_true", help="Mark every page DRAFT, as a moderator's draft."
        )
        parser.add_argument(
            "--html", help="Also write the HTML given to WeasyPrint to this file (for checking)."
        )

    def handle(self, *args, output, consultation=None, html=None, draft=False, **options):
        if consultation:
            found = Consultation.objects.filter(slug=consultation).first()
            if found is None:
                raise CommandError(f"No consultation has the slug {consultation!r}.")
        else:
            found = consultation_current()
            if found is None:
                raise CommandError("There is no current consultation. Run seed_llep first.")
        prospectus = prospectus_for(consultation=found)
        if prospectus is None:
            raise CommandError(f"{found} has no prospectus. Run seed_llep first.")
        built = prospectus_pdf_build(prospectus=prospectus, draft=draft)
        target = Path(output)
        if target.parent and not target.parent.exists():
            raise CommandError(f"The folder {target.parent} does not exist.")
        target.write_bytes(built.result.pdf)
        if html:
            Path(html).write_text(built.html, encoding="utf-8")
        self.stdout.write(
            f"Wrote {target}: {built.result.page_count} pages, {len(built.result.pdf):,} bytes, "
            f"from {built.response_count} responses and {built.note_count} round-table notes."
        )
        if built.result.refused:
            self.stderr.write(f"Refused to fetch: {', '.join(built.result.refused[:5])}")
