"""erase_personal_data: anonymise one person's bookings and responses (by email address, or one
booking or response by its reference), or everyone's past the retention period the privacy
notice states, and say what changed."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.privacy import personal_data_erase


class Command(BaseCommand):
    help = (
        "Erase personal data: --email ADDRESS for one person's bookings, survey responses, drafts "
        "and emails; --reference REF for the one booking or response with that reference (for "
        "someone who gave no email address: a walk-in, a paper response), with the emails, "
        "notes and admin history that name them; or --older-than [DAYS] for everything past the "
        f"retention period (default RETENTION_DAYS, now {settings.RETENTION_DAYS}). Bookings and "
        "responses are anonymised so that the counts stay true; drafts and emails are deleted."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--email", metavar="ADDRESS", help="The person's email address.")
        which.add_argument(
            "--reference",
            metavar="REF",
            help=(
                "The reference of one booking or survey response: only that record is erased. "
                "To erase everything of someone who gave an email address, use --email."
            ),
        )
        which.add_argument(
            "--older-than",
            type=int,
            nargs="?",
            const=settings.RETENTION_DAYS,
            metavar="DAYS",
            help="Erase what is older than DAYS days (default: the retention period).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )

    def handle(self, *args, email, reference, older_than, dry_run, **options):
        try:
            report = personal_data_erase(
                email=email, reference=reference, older_than=older_than, dry_run=dry_run
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if not dry_run and report.changed:
            self.stdout.write(self.style.SUCCESS("Done."))
