"""seed_llep: load the LLEP consultation as published, or re-dated to be live (--demo)."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from portal import registry, roles
from portal.seed import llep_seed

DEMO_ACCOUNTS = [
    ("moderator", roles.MODERATORS, False),
    ("organiser", roles.EVENT_ORGANISERS, False),
    ("board", roles.BOARD, False),
    ("admin", None, True),
]


class Command(BaseCommand):
    help = (
        "Load the LLEP 2018 consultation (themes, sectors, round tables, survey, downloads). "
        "Idempotent: running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Re-date the consultation so it is live now and create one account per role.",
        )
        parser.add_argument(
            "--responses",
            type=int,
            default=0,
            metavar="N",
            help="Add N synthetic survey responses, labelled as such (for demos and benchmarks).",
        )
        parser.add_argument(
            "--reset-demo-passwords",
            action="store_true",
            help="With --demo: give the demo accounts new passwords and print them.",
        )

    def handle(self, *args, demo, responses, reset_demo_passwords, **options):
        if responses < 0:
            raise CommandError("--responses must be 0 or more.")
        consultation = llep_seed(demo=demo)
        self.stdout.write(
            f"Loaded {consultation.title} ({'demo dates' if demo else 'as published'})."
        )
        if demo:
            roles.roles_sync()
            self._demo_accounts(reset=reset_demo_passwords)
        if responses:
            for synthetic in registry.hooks("synthetic"):
                self.stdout.write(synthetic(consultation=consultation, count=responses))

    def _demo_accounts(self, *, reset: bool) -> None:
        User = get_user_model()
        for username, group_name, superuser in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is not None and not reset:
                self.stdout.write(f"Demo account {username!r} exists; password unchanged.")
                continue
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User(username=username, email=f"{username}@example.invalid")
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            role = "superuser" if superuser else group_name
            self.stdout.write(
                self.style.SUCCESS(f"Demo account {username} ({role}) password: {password}")
            )
        self.stdout.write("These passwords are shown once. Sign in at http://127.0.0.1:8000/admin/")
