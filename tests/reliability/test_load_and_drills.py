"""The load test's mix, the fault drills and the restore drill, shortened, on a private production-shaped stack.

One stack for the module (its own PostgreSQL and Redis on loopback, an SMTP sink, gunicorn with DEBUG off and a
Celery worker; ops/stack.py), seeded once. The tests never touch the PostgreSQL or Redis the rest of the suite
uses. They run one after the other in this order and belong on one xdist worker (`xdist_group`).
"""

import shutil

import pytest

from ops.drills import SHORT, drill_postgres_restart, drill_redis_outage, drill_restore, drill_worker_kill
from ops.load import prepare, run_load
from ops.stack import Stack, postgres_bin

try:
    postgres_bin("initdb")
    HAS_POSTGRES_SERVER = True
except RuntimeError:
    HAS_POSTGRES_SERVER = False

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.xdist_group("reliability"),
    pytest.mark.skipif(
        not (HAS_POSTGRES_SERVER and shutil.which("redis-server") and shutil.which("pg_dump")),
        reason="needs PostgreSQL's server programs (initdb, pg_ctl, pg_dump) and redis-server installed",
    ),
]


@pytest.fixture(scope="module")
def site():
    with Stack(port=8117) as stack:
        plan = prepare(stack)
        stack.start_web()
        stack.start_worker()
        yield stack, plan


def test_the_load_mix_ends_without_server_errors_and_every_acknowledged_write_is_there_once(site):
    stack, plan = site
    report = run_load(stack, plan, users=10, seconds=30, spawn_rate=5, name="suite-load")
    assert report["server_errors"] == 0, report["server_error_samples"]
    assert report["connection_errors"] == 0
    result = report["reconciliation"]
    # What the people got, per kind of request, to tell a refused log-in from a refused form.
    seen = {key: report[key] for key in ("per_request", "statuses", "refused", "client_errors")}
    assert result["supports"]["acknowledged"] > 0, seen
    assert result["messages"]["acknowledged"] > 0, seen
    assert result["notifications"]["written"] > 0, seen
    assert report["reconciled"], result


def test_a_postgres_restart_loses_no_acknowledged_write_and_the_site_recovers_by_itself(site):
    outcome = drill_postgres_restart(*site, **SHORT)
    assert not outcome["site_restarted"]
    assert outcome["tracebacks_in_pages"] == 0
    assert outcome["passed"], outcome


def test_with_redis_stopped_pages_render_actions_save_and_notifications_arrive_once_after(site):
    outcome = drill_redis_outage(*site, **SHORT)
    assert outcome["pages_ok_during_outage"] == outcome["pages_probed_during_outage"] > 0
    assert outcome["passed"], outcome


def test_a_worker_killed_mid_batch_sends_every_reminder_and_none_twice_outside_the_window(site):
    outcome = drill_worker_kill(*site, **SHORT)
    assert outcome["reminders"] > outcome["sent_before_the_kill"] > 0
    assert outcome["e_mail_missing"] == 0
    assert outcome["passed"], outcome


def test_a_backup_restores_into_a_new_database_that_serves_the_same_counts(site):
    outcome = drill_restore(*site)
    assert outcome["health_reports_last_backup"]
    assert outcome["uploaded_file_restored"]
    assert outcome["passed"], outcome
