"""A switch that keeps dialogue services from notifying anyone while demo data replays history."""

from contextlib import contextmanager
from contextvars import ContextVar

# Demo data and imports replay history through the services; nobody should be e-mailed about that.
_muted = ContextVar("dialogues_notifications_muted", default=False)


@contextmanager
def notifications_muted():
    """Run dialogue services without writing or sending notifications (for demo data)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notifications_are_muted() -> bool:
    """Return whether dialogue notifications are switched off in this context."""
    return _muted.get()
