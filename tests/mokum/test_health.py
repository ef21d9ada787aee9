import json

import pytest

from tests.mokum.test_settings import manage

HEALTH_CHECK = (
    "from django.test import Client; r = Client().get('/healthz'); print(r.status_code); print(r.content.decode())"
)


def health_in_a_process(**env):
    result = manage("shell", "-c", HEALTH_CHECK, env={"DEBUG": "true", "ALLOWED_HOSTS": "testserver", **env})
    status, body = result.stdout.strip().splitlines()[-2:]
    return int(status), json.loads(body)


@pytest.mark.django_db
def test_health_reports_the_database_and_an_in_process_broker(client, settings):
    settings.REDIS_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process", "failed_deliveries": 0}


def test_health_is_503_when_the_database_is_unreachable():
    status, body = health_in_a_process(DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert status == 503
    assert body["database"] == "unreachable"
    assert body["status"] == "down"


def test_an_unreachable_broker_degrades_but_does_not_fail_the_health_check(tmp_path):
    status, body = health_in_a_process(DATABASE_URL=f"sqlite:///{tmp_path / 'h.db'}", REDIS_URL="redis://127.0.0.1:9/0")
    assert status == 200
    assert body == {"status": "degraded", "database": "ok", "broker": "unreachable", "failed_deliveries": None}


@pytest.mark.redis
@pytest.mark.django_db
def test_health_reaches_the_real_broker(client):
    assert client.get("/healthz").json()["broker"] == "ok"
