import json
import logging
import sys
from pathlib import Path

import redis
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from districts.selectors import district_list
from initiatives.selectors import recent_public as recent_public_initiatives
from notifications.selectors import failed_delivery_count

logger = logging.getLogger(__name__)

# A health check answers within about a second, however the broker fails (refused, or silently dropped).
BROKER_TIMEOUT = 0.5


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, districts=district_list(), recent_initiatives=recent_public_initiatives(limit=6)
        )


def server_error(request):
    """Answer 503 with a plain maintenance page when the database is away, Django's 500 page otherwise.

    Django calls this while it handles the exception, wherever it was raised (a view, a middleware, a template).
    The page needs no database, no session and no context processor.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)


def ping(request):
    """Answer "ok" through the whole middleware stack without touching the database: the benchmark's floor."""
    return HttpResponse("ok", content_type="text/plain")


def database_status():
    """Return "ok" when the database answers a query, else "unreachable"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        logger.exception("Health check: database unreachable")
        return "unreachable"
    return "ok"


def broker_status():
    """Return "ok" when the Celery broker answers, "in-process" without one, else "unreachable" (within ~1 s)."""
    if not settings.REDIS_URL:
        return "in-process"
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=BROKER_TIMEOUT, socket_timeout=BROKER_TIMEOUT, retry=None
    )
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        logger.warning("Health check: broker unreachable (%s)", error)
        return "unreachable"
    finally:
        client.close()
    return "ok"


def failed_deliveries():
    """Return how many deliveries failed for good, or None when the database cannot say (not migrated yet)."""
    try:
        return failed_delivery_count()
    except DatabaseError:
        logger.warning("Health check: the outbox cannot be counted", exc_info=True)
        return None


def last_backup():
    """Return when the last complete backup finished (ISO 8601), or None where this deployment records none."""
    try:
        record = json.loads((Path(settings.BACKUP_DIR) / "last-backup.json").read_text())
    except (OSError, ValueError):
        return None
    return record.get("finished_at") if isinstance(record, dict) else None


@never_cache
def healthz(request):
    """Report whether the database and the broker are reachable, and how many deliveries failed; 503 without database.

    A broker that is down does not make the site unhealthy: actions still save and their
    notifications wait in the database until the broker is back.
    """
    database = database_status()
    broker = broker_status()
    healthy = database == "ok"
    body = {
        "status": "ok" if healthy and broker != "unreachable" else ("degraded" if healthy else "down"),
        "database": database,
        "broker": broker,
    }
    if healthy:
        # Deliveries that failed for good need a person, not a restart: reported, without turning the status red.
        body["failed_deliveries"] = failed_deliveries()
    backup = last_backup()
    if backup:
        body["last_backup"] = backup
    return JsonResponse(body, status=200 if healthy else 503)
