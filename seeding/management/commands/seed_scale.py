import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from seeding.scale import counts_for, seed_scale


class Command(BaseCommand):
    help = (
        "Seed a city-scale data set for the benchmark into an empty database: 50,000 residents, 20,000 initiatives, "
        "1,000,000 supports, 10,000 dialogues with 200,000 messages (or --fraction of it), plus the demo accounts. "
        "Refuses to run when DEBUG is off unless given --yes-i-know: it writes a lot of made-up data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fraction", type=float, default=1.0, help="Seed this share of full scale (0.01 for one hundredth)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="The random seed (the same seed, the same data).")
        parser.add_argument(
            "--yes-i-know", action="store_true", help="Run even with DEBUG off (never on a real platform's database)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["yes_i_know"]:
            raise CommandError(
                "seed_scale writes a city's worth of made-up data and demo accounts with a public password; it runs "
                "only with DEBUG on, or with --yes-i-know."
            )
        fraction = options["fraction"]
        if not 0 < fraction <= 1:
            raise CommandError("--fraction must be above 0 and at most 1.")
        counts = counts_for(fraction)
        self.stdout.write(
            f"Seeding {fraction:g} of full scale into {connection.vendor} database {connection.settings_dict['NAME']}: "
            + ", ".join(f"{count:,} {name}" for name, count in counts.items())
        )
        started = time.monotonic()
        try:
            report = seed_scale(fraction=fraction, seed=options["seed"], out=self.stdout)
        except ValueError as error:
            raise CommandError(str(error)) from None
        for what, rows, seconds in report.steps:
            self.stdout.write(f"  {seconds:7.1f} s  {rows:>9,}  {what}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
