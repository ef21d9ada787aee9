"""An SMTP server on loopback that keeps every message it accepts in a Maildir, so deliveries can be counted.

    python ops/smtp_sink.py --port 52525 --maildir /tmp/mail [--delay-file /tmp/mail-delay]

The delay file, when it exists, holds the seconds each delivery takes, like a slow mail server (the worker drill
slows the mail down so it can kill the worker in the middle of a batch). It stops on SIGTERM.
"""

import argparse
import asyncio
import signal
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class SlowMailbox(Mailbox):
    def __init__(self, maildir, delay_file):
        super().__init__(maildir)
        self.delay_file = Path(delay_file) if delay_file else None

    async def handle_DATA(self, server, session, envelope):
        if self.delay_file and self.delay_file.exists():
            await asyncio.sleep(min(float(self.delay_file.read_text() or 0), 5.0))
        return await super().handle_DATA(server, session, envelope)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--delay-file", default="")
    args = parser.parse_args()
    controller = Controller(SlowMailbox(args.maildir, args.delay_file), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
