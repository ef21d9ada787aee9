"""An SMTP server on loopback that keeps every message it accepts in a Maildir, so deliveries can be counted.

    python ops/smtp_sink.py --port 52525 --maildir /tmp/mail [--delay 0.05]

`--delay` makes each delivery take that long, like a slow mail server (the worker drill kills the worker in the
middle of a batch). It stops on SIGTERM.
"""

import argparse
import asyncio
import signal

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class SlowMailbox(Mailbox):
    def __init__(self, maildir, delay):
        super().__init__(maildir)
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    controller = Controller(SlowMailbox(args.maildir, args.delay), hostname="127.0.0.1", port=args.port)
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
