"""Run by ops/replica.py against its primary (DATABASE_URL) and streaming replica (DATABASE_REPLICA_URL): shows
where the router sends each read, read-your-writes after a write, the replica catching up, and refusing writes.
Prints one line of JSON."""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mokum.settings")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from initiatives.models import Initiative, Initiator, Support  # noqa: E402
from mokum.dbrouter import PIN_COOKIE  # noqa: E402


def request(client, method, address, **data):
    """Return (status, queries on the primary, queries on the replica, response) of one request."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(address, data or None)
    return {"status": response.status_code, "primary": len(primary), "replica": len(replica)}, response


def supports_on(alias, initiative):
    return Support.objects.using(alias).filter(initiative=initiative).count()


def main():
    seen = {}
    coordinator = Role.objects.filter(kind=Role.Kind.COORDINATOR, district__isnull=False).select_related("district")[0]
    staff = Client()
    staff.force_login(coordinator.user)
    seen["dashboard"], _ = request(staff, "get", f"/dashboard/{coordinator.district.slug}/")
    seen["statistics"], _ = request(Client(), "get", "/statistics/")
    seen["api"], _ = request(Client(), "get", "/api/v1/initiatives/")
    seen["initiative_page"], _ = request(Client(), "get", "/initiatives/")

    initiative = Initiative.objects.public().filter(status=Initiative.Status.ACTIVE).order_by("pk")[0]
    resident = (
        User.objects.filter(roles__isnull=True, is_active=True)
        .exclude(pk__in=Initiator.objects.filter(initiative=initiative).values("user_id"))
        .exclude(pk__in=Support.objects.filter(initiative=initiative).values("user_id"))
        .order_by("pk")[0]
    )
    before = supports_on("default", initiative)
    person = Client()
    person.force_login(resident)
    seen["support"], response = request(person, "post", f"/initiatives/{initiative.pk}/support/", listed_publicly="on")
    seen["pinned_cookie"] = PIN_COOKIE in response.cookies
    address = f"/api/v1/initiatives/{initiative.pk}/"
    seen["writer_reads_back"], response = request(person, "get", address)
    seen["writer_sees_own_support"] = response.json().get("supporter_count") == before + 1
    seen["others_read"], _ = request(Client(), "get", address)

    started = time.monotonic()
    while supports_on("replica", initiative) != before + 1 and time.monotonic() - started < 10:
        time.sleep(0.05)
    seen["replica_caught_up_ms"] = round((time.monotonic() - started) * 1000)
    seen["replica_has_the_support"] = supports_on("replica", initiative) == before + 1
    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute("CREATE TABLE replica_write_test (id int)")
        seen["replica_refuses_writes"] = False
    except DatabaseError as error:
        seen["replica_refuses_writes"] = "read-only" in str(error)
    seen["ok"] = bool(
        seen["dashboard"]["status"] == 200
        and seen["dashboard"]["replica"] > 0
        and seen["statistics"]["replica"] > 0
        and seen["api"]["replica"] > 0
        and seen["initiative_page"]["replica"] == 0
        and seen["support"]["status"] == 302
        and seen["support"]["replica"] == 0
        and seen["pinned_cookie"]
        and seen["writer_reads_back"]["replica"] == 0
        and seen["writer_sees_own_support"]
        and seen["others_read"]["replica"] > 0
        and seen["replica_has_the_support"]
        and seen["replica_refuses_writes"]
    )
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
