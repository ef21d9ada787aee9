import json
import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from districts.selectors import district_list
from initiatives.selectors import recent_public as recent_public_initiatives

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, districts=district_list(), recent_initiatives=recent_public_initiatives(limit=6)
        )


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
    """Return "ok" when the Celery broker accepts a connection, "in-process" without one, else "unreachable"."""
    if not settings.REDIS_URL:
        return "in-process"
    from mokum.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - any failure means the broker is not usable
        logger.warning("Health check: broker unreachable", exc_info=True)
        return "unreachable"
    return "ok"


def last_backup():
    """Return when the last complete backup finished (ISO 8601), or None where this deployment records none."""
    try:
        record = json.loads((Path(settings.BACKUP_DIR) / "last-backup.json").read_text())
    except (OSError, ValueError):
        return None
    return record.get("finished_at") if isinstance(record, dict) else None


@never_cache
def healthz(request):
    """Report whether the database and the broker are reachable; 503 when the database is not.

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
    backup = last_backup()
    if backup:
        body["last_backup"] = backup
    return JsonResponse(body, status=200 if healthy else 503)
