"""Outages that stay calm: quiet logs with Redis down, a quick health check, a maintenance page without database."""

import logging
import time

import pytest
from django.db import connection

from mokum.outages import OncePerOutage
from tests.mokum.test_settings import manage

DEAD_REDIS = "redis://127.0.0.1:1/0"
PRODUCTION_LIKE = {
    "DEBUG": "false",
    "SECRET_KEY": "tests-only-secret-key-that-is-long-enough-for-djangos-deploy-checks",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_MANIFEST": "false",
    "SITE_URL": "http://testserver",
}


def dead_redis_cache():
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_an_outage_is_one_line_without_a_traceback_and_the_next_outage_another():
    clock = Clock()
    outage = OncePerOutage(quiet=60, clock=clock)
    logger = logging.getLogger("tests.outage")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    logger.addFilter(outage)
    try:
        for _request in range(500):
            try:
                raise ConnectionRefusedError("Connection refused")
            except ConnectionRefusedError:
                logger.exception("Exception ignored")
            clock.now += 0.1
        clock.now += 61  # quiet for a minute: Redis was back; then it fails again
        try:
            raise TimeoutError("Timeout")
        except TimeoutError:
            logger.exception("Exception ignored")
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(outage)
    assert len(records) == 2
    assert all(record.exc_info is None for record in records)
    assert "ConnectionRefusedError" in records[0].getMessage()
    assert "499 left out in the previous outage" in records[1].getMessage()


@pytest.mark.django_db
def test_with_redis_down_a_hundred_requests_log_at_most_one_line_about_the_cache(client, settings, caplog):
    settings.CACHES = dead_redis_cache()
    settings.PAGE_CACHE_SECONDS = 300
    caplog.set_level(logging.WARNING)
    for _request in range(100):
        assert client.get("/initiatives/").status_code == 200
    cache_lines = [record for record in caplog.records if record.name.startswith("django_redis")]
    assert len(cache_lines) <= 1
    assert all(record.exc_info is None for record in cache_lines)


@pytest.mark.django_db
@pytest.mark.parametrize("broker", [DEAD_REDIS, "redis://10.255.255.1:6379/0"], ids=["refused", "dropped"])
def test_the_health_check_answers_within_two_seconds_when_the_broker_is_down(client, settings, broker):
    settings.REDIS_URL = broker
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert response.json()["broker"] == "unreachable"


def test_with_the_database_down_pages_answer_503_with_a_maintenance_page():
    script = (
        "from django.test import Client; c = Client(raise_request_exception=False)\n"
        "for path in ('/initiatives/', '/dialogues/1/', '/api/v1/initiatives/'):\n"
        "    r = c.get(path); print(r.status_code, r.get('Retry-After'), 'Even geduld' in r.content.decode())"
    )
    result = manage(
        "shell", "-c", script, env={**PRODUCTION_LIKE, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    )
    assert result.stdout.split("\n")[-4:-1] == ["503 30 True"] * 3, result.stdout + result.stderr


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_the_home_page_still_comes_from_the_cache(settings):
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    cache_url = settings.REDIS_URL  # this run's own Redis database; page keys never meet the queues' keys
    script = (
        "from django.test import Client; c = Client(raise_request_exception=False)\n"
        "for path in ('/', '/initiatives/'):\n"
        "    print(path, c.get(path, HTTP_ACCEPT_LANGUAGE='nl').status_code)"
    )
    env = {**PRODUCTION_LIKE, "CACHE_URL": cache_url, "PAGE_CACHE_SECONDS": "300"}
    up = manage("shell", "-c", script, env={**env, "DATABASE_URL": database_url})
    assert "/ 200" in up.stdout, up.stderr
    down = manage("shell", "-c", script, env={**env, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"})
    assert "/ 200" in down.stdout, down.stderr  # served from the cache
    assert "/initiatives/ 200" in down.stdout  # cached by the first run too
