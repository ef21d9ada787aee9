from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD

# Each app that has demo data holds it in its own demo.py with a seed(out) function; the order matters.
DEMO_MODULES = ["accounts.demo", "initiatives.demo", "dialogues.demo", "support.demo", "connect.demo"]


class Command(BaseCommand):
    help = "Load demo data with an account for every role (idempotent; refuses to run when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: demo accounts share a public password.")
        accounts = []
        for name in DEMO_MODULES:
            if find_spec(name) is None:
                continue
            rows = import_module(name).seed(self.stdout)
            if name == "accounts.demo":
                accounts = rows
        if options["quiet_accounts"]:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Every demo account uses the password: {DEMO_PASSWORD}")
        )
        width = max(len(email) for email, _role in accounts)
        for email, role in accounts:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
