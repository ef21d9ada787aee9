"""Outages that stay calm in the logs: one line when a service stops answering, not a traceback per request."""

import logging
import threading
import time


class OncePerOutage(logging.Filter):
    """Let the first error of an outage through as one line; drop the repeats until the service was quiet a while.

    django-redis logs every ignored cache error with its traceback: with Redis down that is one or more per
    request. An error after `quiet` seconds without errors starts a new outage and is logged again, with the
    number of repeats that were left out before it.
    """

    def __init__(self, name="", quiet=60.0, clock=time.monotonic):
        super().__init__(name)
        self.quiet = quiet
        self.clock = clock
        self._lock = threading.Lock()
        self._last = None
        self._dropped = 0

    def filter(self, record):
        now = self.clock()
        with self._lock:
            ongoing = self._last is not None and now - self._last < self.quiet
            self._last = now
            if ongoing:
                self._dropped += 1
                return False
            dropped, self._dropped = self._dropped, 0
        error = record.exc_info[1] if record.exc_info else None
        record.msg = "%s: %s (one line per outage; repeats are left out until %d s pass without errors%s)"
        record.args = (
            record.name,
            repr(error) if error is not None else record.getMessage(),
            self.quiet,
            f"; {dropped} left out in the previous outage" if dropped else "",
        )
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
