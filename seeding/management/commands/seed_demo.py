from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seeding.demo import accounts, connect, dialogues, initiatives, support
from seeding.demo.accounts import DEMO_PASSWORD

# Each module's seed(out) loads what is missing of its app's demo data; the order matters (accounts first).
DEMO_MODULES = [accounts, initiatives, dialogues, support, connect]


class Command(BaseCommand):
    help = "Load demo data with an account for every role (idempotent; refuses to run when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: demo accounts share a public password.")
        rows = [module.seed(self.stdout) for module in DEMO_MODULES]
        if options["quiet_accounts"]:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Every demo account uses the password: {DEMO_PASSWORD}")
        )
        accounts_rows = rows[0]
        width = max(len(email) for email, _role in accounts_rows)
        for email, role in accounts_rows:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
