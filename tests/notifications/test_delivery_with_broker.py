"""Notifications through the real broker and a real worker, and what happens while the broker is down."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import notifications_sweep
from tests.accounts.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def greeting_kind():
    kind = kinds.register("test_broker_greeting", subject=_("Initiatives"), body=_("Districts"))
    yield kind
    kinds.KINDS.pop("test_broker_greeting")


def wait_until(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_real_worker_delivers_after_commit(celery_worker, greeting_kind):
    person = UserFactory(preferred_language="en")
    with transaction.atomic():
        notify(recipients=[person], kind="test_broker_greeting")
    assert wait_until(lambda: Notification.objects.filter(email_status="sent").exists())
    assert [message.to for message in mail.outbox] == [[person.email]]


def test_nothing_is_lost_while_the_broker_is_down(celery_worker, greeting_kind):
    """A process whose broker is unreachable still saves the notification; the sweep delivers it later."""
    person = UserFactory(preferred_language="nl")
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    script = "\n".join(
        [
            "from django.db import transaction",
            "from django.utils.translation import gettext_lazy as _",
            "from notifications import kinds",
            "from notifications.services import notify",
            "from accounts.models import User",
            "kinds.register('test_broker_greeting', subject=_('Initiatives'), body=_('Districts'))",
            "with transaction.atomic():",
            f"    notify(recipients=[User.objects.get(pk={person.pk})], kind='test_broker_greeting')",
        ]
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "REDIS_URL": "redis://127.0.0.1:9/0",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Broker unreachable" in result.stderr

    notification = Notification.objects.get(recipient=person)
    assert notification.email_status == "pending"
    assert mail.outbox == []

    # The broker is back (this process's, with a worker): the sweep hands it over and it arrives once.
    later = notification.created_at + notifications_sweep_delay()
    assert notifications_sweep(now=later) == 1
    assert wait_until(lambda: Notification.objects.filter(pk=notification.pk, email_status="sent").exists())
    notifications_sweep(now=later)
    time.sleep(1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Kracht van Mokum] Initiatieven"


def notifications_sweep_delay():
    from notifications.services import SWEEP_AFTER

    return SWEEP_AFTER * 2
