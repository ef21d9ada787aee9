"""Read replicas: dashboards, public statistics, the API and exports read from "replica" when
DATABASE_REPLICA_URL is set; everything else, every write and every migration stays on the primary ("default").

Read-your-writes: whoever just wrote (any request that is not GET, HEAD or OPTIONS) gets a short-lived cookie, and
for REPLICA_PIN_SECONDS all their reads go to the primary, so a person always sees their own change even when the
replica lags. Inside a transaction every read goes to the primary too (it must see the transaction's own writes).
Celery tasks read from the primary unless they ask for the replica (`reading_from_replica()`).

What the replica serves may be as old as its lag (on a streaming replica, usually well under a second). A page or
figure cached under a new data version (mokum/pagecache.py) from a lagging replica stays that old until the next
change or its timeout; the person who made the change reads from the primary.
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "mokum_primary"
# URL namespaces whose pages only read, and may read slightly old data: dashboards, statistics, exports, the API.
REPLICA_NAMESPACES = frozenset({"dashboard", "api"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("mokum_replica_allowed", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("mokum_pinned_to_primary", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_database() -> str:
    """Return the alias that reads go to now: "replica" or "default"."""
    if not _replica_allowed.get() or _pinned.get() or not replica_configured():
        return "default"
    if connections["default"].in_atomic_block:
        return "default"
    return REPLICA


@contextlib.contextmanager
def reading_from_replica():
    """Let the reads inside go to the replica (a task that builds an export, a report)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


@contextlib.contextmanager
def pinned_to_primary():
    """Send every read inside to the primary (after a write, or where an exact answer is needed)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    """Reads as `read_database()` says; writes, relations and migrations only on the primary."""

    def db_for_read(self, model, **hints):
        return read_database()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaMiddleware:
    """Decide per request where reads go: the replica for REPLICA_NAMESPACES, the primary after one's own write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = _pinned.set(PIN_COOKIE in request.COOKIES or request.method not in SAFE_METHODS)
        allowed = _replica_allowed.set(False)
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(allowed)
            _pinned.reset(pinned)
        if request.method not in SAFE_METHODS and settings.REPLICA_PIN_SECONDS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace in REPLICA_NAMESPACES:
            _replica_allowed.set(True)
        return None
