import sys

from django.core.management.base import BaseCommand, CommandError

from inbound.services import inbound_mail_receive


class Command(BaseCommand):
    help = (
        "Read one e-mail (RFC 822) on standard input and post it in its dialogue, as a mail server's pipe "
        "transport or fetchmail's mda would deliver it. Exits 0 whenever the mail was handled, refused or not."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient",
            default="",
            help="The envelope recipient, when the mail server passes it (e.g. ${recipient}).",
        )

    def handle(self, *args, recipient, **options):
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            raise CommandError("No message on standard input.")
        row = inbound_mail_receive(raw=raw, envelope_recipient=recipient)
        self.stdout.write(f"{row.outcome} {row.reason}".strip())
