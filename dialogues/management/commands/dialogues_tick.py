from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dialogues.clocks import dialogues_apply_expired_clocks, dialogues_log_overdue


class Command(BaseCommand):
    help = (
        "Move on dialogues whose initiative's time ran out, and log once when a turn of the municipality or "
        "the coordinator became overdue. Safe to run at any time and as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Pretend it is this moment (ISO 8601 with a time zone, e.g. 2026-12-01T07:00+01:00).",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            now = parse_datetime(options["now"])
            if now is None or now.tzinfo is None:
                raise CommandError("--now needs an ISO 8601 date and time with a time zone.")
        moved = dialogues_apply_expired_clocks(now=now)
        logged = dialogues_log_overdue(now=now)
        self.stdout.write(f"{moved} dialogue(s) moved on after their clock ran out; {logged} newly overdue.")
