from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dialogues.reminders import reminders_scan
from districts.workdays import AMSTERDAM, is_working_day, load_holidays, local_date


class Command(BaseCommand):
    help = (
        "Run the morning scan by hand: move on clocks that ran out, log overdue turns, and send the reminders "
        "and escalations due today, each once. Does nothing on weekends and holidays. Safe to run at any time "
        "and as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Pretend it is this moment (ISO 8601 with a time zone, e.g. 2026-12-01T07:00+01:00).",
        )
        parser.add_argument(
            "--last-working-day",
            action="store_true",
            help=(
                "On a weekend or holiday, scan as of 07:00 on the last working day instead of doing nothing "
                "(the demo uses this so its reminders show on any day)."
            ),
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            now = parse_datetime(options["now"])
            if now is None or now.tzinfo is None:
                raise CommandError("--now needs an ISO 8601 date and time with a time zone.")
        if options["last_working_day"]:
            holidays = load_holidays()
            day = local_date(now)
            if not is_working_day(day, holidays):
                while not is_working_day(day, holidays):
                    day -= timedelta(days=1)
                now = datetime.combine(day, time(7), tzinfo=AMSTERDAM)
        result = reminders_scan(now=now)
        if not result.working_day:
            self.stdout.write(f"{local_date(now):%Y-%m-%d} is not a working day: no reminders are sent.")
            return
        self.stdout.write(
            f"Scan of {local_date(now):%Y-%m-%d}: {result.moved_on} dialogue(s) moved on after their clock ran out, "
            f"{result.newly_overdue} newly overdue, {result.reminders} new reminder(s) handed over for sending, "
            f"{result.escalated} escalated, {result.long_overdue} newly long overdue."
        )
