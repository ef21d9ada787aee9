from django.core.management.base import BaseCommand

from privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Apply the personal data register's retention rules now and report what each rule removed."

    def handle(self, *args, **options):
        for rule, count in apply_retention().items():
            self.stdout.write(f"{rule}: {count}")
