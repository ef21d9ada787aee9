"""In-process measurements of one seeded database, for bench/run.py (prints JSON on stdout).

Run with the benchmark's environment (production settings, DATABASE_URL of the seeded database, the bench's
Redis cache). For each key page it counts the SQL queries of an uncached request (the data version is raised
first, as after any change) and of a cached one, measures the HTML and times the request in-process: the
median of nine after ten unmeasured ones (a worker that has served the page before), and the first request
of the process on its own. It times the morning deadline scan over all open dialogues inside a transaction
that is rolled back, so the seeded data stays as it was and nothing is sent (reminders go out only after a
commit). It times the similar initiatives
query (one query) for the benchmark's initiative page and a fixed sample of public initiatives. With --sessions
it also makes session cookies for the logged-in pages, for the load generator.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mokum.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from dialogues.models import OPEN_STATES, Dialogue, DialogueEvent, Message  # noqa: E402
from districts.workdays import AMSTERDAM, is_working_day, load_holidays, local_date  # noqa: E402
from initiatives.models import Initiative, Support  # noqa: E402
from initiatives.similarity import similar_to  # noqa: E402
from mokum.pagecache import public_data_changed  # noqa: E402
from seeding.benchmark import benchmark_pages, benchmark_subjects  # noqa: E402

HOST = "127.0.0.1"
# Requests after a change (uncached, then cached) measured per page, after WARM unmeasured ones.
REPEAT = 9
WARM = 10


def client_for(email):
    client = Client(HTTP_HOST=HOST)
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def measure_page(page) -> dict:
    client = client_for(page["who"])
    started = time.perf_counter()
    client.get(page["url"])  # first request of a process: imports, templates, queries compiled and prepared
    first = (time.perf_counter() - started) * 1000
    # A worker that has served the page before, as every worker in production has: its queries are compiled
    # (mokum/prepared.py) and its connection has prepared their statements: psycopg prepares a statement on its
    # fifth run, and PostgreSQL plans a prepared statement five times more before it keeps one plan.
    for _n in range(WARM):
        public_data_changed()
        client.get(page["url"])
    misses, hits, counts, hit_counts = [], [], [], []
    slowest = []
    for _n in range(REPEAT):
        public_data_changed()  # as after a change to the data: every cached page and figure is out of date
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page["url"])
            misses.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (page["url"], response.status_code)
        counts.append(len(queries))
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            cached = client.get(page["url"])
            hits.append((time.perf_counter() - started) * 1000)
        hit_counts.append(len(queries))
    return {
        "queries": max(counts),
        "queries_cached": max(hit_counts),
        "bytes": len(response.content),
        "cache": cached.get("X-Page-Cache", ""),
        "uncached_ms": round(statistics.median(misses), 1),
        "first_ms": round(first, 1),
        "cached_ms": round(statistics.median(hits), 1),
        "slowest_queries": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]} for q in slowest],
    }


def scan_moment():
    """Return 07:00 today, or on the last working day before it (the scan does nothing on other days)."""
    holidays = load_holidays()
    day = local_date(timezone.now())
    while not is_working_day(day, holidays):
        day -= timedelta(days=1)
    return datetime.combine(day, clock_time(7), tzinfo=AMSTERDAM)


def measure_scan() -> dict:
    """Time the morning scan over every open dialogue, then roll it back (nothing is kept, nothing is sent)."""
    from dialogues.reminders import reminders_scan

    now = scan_moment()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = reminders_scan(now=now)
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "at": now.isoformat(),
        "seconds": round(seconds, 3),
        "queries": len(queries),
        "open_dialogues": Dialogue.objects.filter(state__in=OPEN_STATES).count(),
        "result": result.as_dict(),
    }


SIMILAR_SAMPLE = 50


def measure_similar(subject_pk) -> dict:
    """Time the similar initiatives of the benchmark's initiative page and of a fixed sample of public initiatives."""
    public = Initiative.objects.public().order_by("pk")
    sample = list(public[:: max(public.count() // SIMILAR_SAMPLE, 1)])
    subject = Initiative.objects.get(pk=subject_pk)
    similar_to(subject)  # first query of the process: connection and plan caches
    times, counts, found = [], [], []
    for initiative in [subject, *sample[:SIMILAR_SAMPLE]]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = similar_to(initiative, linked_to=initiative.pk)
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
        found.append(len(result))
    ordered = sorted(times)
    return {
        "initiatives": len(times),
        "subject_ms": round(times[0], 1),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "queries": max(counts),
        "found_median": statistics.median(found),
    }


def session_cookie(email) -> str:
    """Return a session key of `email`, as a log-in would make it."""
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", action="store_true", help="Also make session cookies for the load generator.")
    args = parser.parse_args()
    targets = benchmark_subjects()
    result = {
        "database": connection.settings_dict["NAME"],
        "rows": {
            "users": User.objects.count(),
            "initiatives": Initiative.objects.count(),
            "supports": Support.objects.count(),
            "dialogues": Dialogue.objects.count(),
            "messages": Message.objects.count(),
            "events": DialogueEvent.objects.count(),
        },
        "targets": targets,
        "pages": {},
    }
    for page in benchmark_pages(targets):
        result["pages"][page["name"]] = {**page, **measure_page(page)}
    result["scan"] = measure_scan()
    result["similar"] = measure_similar(targets["initiative"])
    if args.sessions:
        result["sessions"] = {
            email: session_cookie(email)
            for email in {targets["official"], targets["coordinator"], targets["resident"], targets["lead"]}
        }
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main()
