"""The benchmark's floor (/ping) and the cache settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mokum.env import env_cache


@pytest.mark.django_db
def test_the_floor_answers_ok_through_the_middleware_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ping")
    assert response.status_code == 200
    assert response.content == b"ok" and response["Content-Type"].startswith("text/plain")
    assert response["X-Frame-Options"] == "DENY", "it passes the same middleware as every page"
    assert len(queries) == 0


def test_without_redis_the_cache_is_in_memory():
    assert env_cache("CACHE_URL", environ={})["BACKEND"].endswith("LocMemCache")
    assert env_cache("CACHE_URL", redis_url=None, environ={"CACHE_URL": "locmem://"})["BACKEND"].endswith("LocMemCache")


def test_with_a_broker_the_cache_is_on_the_next_redis_database():
    config = env_cache("CACHE_URL", redis_url="redis://redis:6379/0", environ={})
    assert config["BACKEND"] == "django_redis.cache.RedisCache"
    assert config["LOCATION"] == "redis://redis:6379/1"
    assert config["OPTIONS"]["IGNORE_EXCEPTIONS"] is True, "a Redis outage never breaks a page"


def test_cache_url_wins():
    config = env_cache("CACHE_URL", redis_url="redis://redis:6379/0", environ={"CACHE_URL": "redis://cache:6380/5"})
    assert config["LOCATION"] == "redis://cache:6380/5"
    assert env_cache("CACHE_URL", redis_url="redis://r:6379/0", environ={"CACHE_URL": "locmem://"})["BACKEND"].endswith(
        "LocMemCache"
    )


@pytest.mark.parametrize("value", ["memcached://x:11211", "localhost:6379", "redis://"])
def test_a_bad_cache_url_is_refused_with_the_variables_name(value):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be locmem:// or a redis:// URL"):
        env_cache("CACHE_URL", environ={"CACHE_URL": value})
