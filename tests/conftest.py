"""Test set-up: which database and broker this run uses, and what it skips without them.

With CI=true the run stops when PostgreSQL, Redis or Chromium is missing; elsewhere the tests that need
them are skipped with a line that says why, and the rest run on SQLite with tasks in-process.
"""

import os
import shutil
import socket

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server with sync Playwright

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def database_vendor():
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite"


def database_reachable():
    db = settings.DATABASES["default"]
    try:
        socket.create_connection((db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)), timeout=3).close()
    except OSError:
        return False
    return True


def redis_reachable():
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping())
    except redis.RedisError:
        return False


USES_POSTGRES = database_vendor() == "postgresql"
HAS_REDIS = redis_reachable()

SKIP_REASONS = {
    "postgres": "needs PostgreSQL: set DATABASE_URL=postgres://… (this run uses SQLite)",
    "redis": "needs Redis: set REDIS_URL=redis://… to a reachable server (this run has no broker)",
    "e2e": "needs Chromium: `apt-get install chromium` (not found on this machine)",
}


def pytest_configure(config):
    if not IN_CI:
        return
    problems = []
    if not USES_POSTGRES:
        problems.append("DATABASE_URL must point at PostgreSQL")
    elif not database_reachable():
        problems.append(f"PostgreSQL at {settings.DATABASES['default'].get('HOST')} is unreachable")
    if not HAS_REDIS:
        problems.append(f"Redis at {settings.REDIS_URL or '(REDIS_URL unset)'} is unreachable")
    if not CHROMIUM:
        problems.append("Chromium is not installed")
    if problems:
        pytest.exit("CI=true but " + "; ".join(problems) + ".", returncode=3)


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    if USES_POSTGRES:
        database = f"PostgreSQL at {db.get('HOST')}:{db.get('PORT') or 5432} (test database test_{db['NAME']})"
    else:
        database = "SQLite (fallback: tests marked postgres are skipped)"
    broker = (
        f"Redis at {settings.REDIS_URL}" if HAS_REDIS else "none, tasks run in-process (tests marked redis are skipped)"
    )
    browser = CHROMIUM or "none (browser tests are skipped)"
    return [f"database: {database}", f"broker: {broker}", f"browser: {browser}"]


def pytest_collection_modifyitems(config, items):
    missing = {"postgres": not USES_POSTGRES, "redis": not HAS_REDIS, "e2e": not CHROMIUM}
    for item in items:
        for marker, is_missing in missing.items():
            if is_missing and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=SKIP_REASONS[marker]))


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    counts = {}
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        for marker, text in SKIP_REASONS.items():
            if text in reason:
                counts[marker] = counts.get(marker, 0) + 1
    if counts:
        terminalreporter.section("skipped for lack of a service")
        for marker, count in counts.items():
            terminalreporter.write_line(f"{count} test(s) skipped: {SKIP_REASONS[marker]}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM or "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache, so rate limits and cached pages do not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords quickly; production keeps Django's slow default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def celery_worker():
    """Run a real Celery worker (in a thread) against the real Redis, on a queue of this test's own.

    Tests that use it need `django_db(transaction=True)`, so the worker sees committed rows, and the
    `redis` marker, so they are skipped (outside CI) where no Redis is reachable.
    """
    import uuid

    from celery.contrib.testing.worker import start_worker

    from mokum.celery import app

    queue = f"mokum-test-{uuid.uuid4().hex[:10]}"
    previous = {"task_always_eager": app.conf.task_always_eager, "task_default_queue": app.conf.task_default_queue}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        with start_worker(app, pool="solo", concurrency=1, queues=[queue], perform_ping_check=False) as worker:
            # No result backend (results are ignored), so no ping round-trip: start_worker waits until ready.
            yield worker
    finally:
        app.conf.update(**previous)
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)


def restore_reference_data():
    """Put back what the data migrations ship (districts and areas, themes, public holidays).

    A transactional test (live_server, threads) ends by emptying every table, and serialized rollback
    does not survive Playwright's event loop; pytest-django runs those tests last, so each of them
    restores this data first. It costs two queries when nothing is missing.
    """
    from importlib import import_module

    from django.apps import apps

    District = apps.get_model("districts", "District")
    Theme = apps.get_model("initiatives", "Theme")
    if not District.objects.exists():
        import_module("districts.migrations.0002_amsterdam_districts").add_districts(apps, None)
    if not Theme.objects.exists():
        import_module("initiatives.migrations.0002_themes").add_themes(apps, None)
    if apps.is_installed("districts") and "holiday" in apps.all_models["districts"]:
        Holiday = apps.get_model("districts", "Holiday")
        if not Holiday.objects.exists():
            import_module("districts.migrations.0004_dutch_public_holidays").add_holidays(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request):
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        restore_reference_data()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Tests read messages in English, the language of the source strings; the site itself stays Dutch first.

    Service errors and other text made outside a request use the active language, which is English here.
    The `client` fixture below asks for English too; tests about the Dutch default use a client without
    the language cookie (see tests/accounts/test_language.py), and browser tests see the site as a new
    visitor does, in Dutch.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """Django's test client, asking for the English site (a person's own preferred language still wins)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
