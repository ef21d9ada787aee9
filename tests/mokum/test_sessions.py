"""Sessions read through the cache with the database behind it (mokum/sessions.py): with Redis down nobody is
logged out, and a copy that missed a log-out while Redis was unreachable is gone SESSION_CACHE_SECONDS later.

Against a PRIVATE Redis started on a port of its own and stopped by its process id (never the shared one)."""

import os
import shutil
import signal
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse, reverse_lazy

from ops.stack import free_port, port_open, wait_for
from tests.accounts.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server (Debian: redis-server)"),
]


class PrivateRedis:
    def __init__(self, directory):
        self.port = free_port(56480)
        self.directory = directory
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(lambda: port_open(self.port), seconds=20, what="private Redis")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        wait_for(lambda: not port_open(self.port), seconds=20, what="private Redis stopped")

    def pause(self):  # unreachable, but keeps its data: a network split rather than a restart
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis_sessions(settings, tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
            "KEY_PREFIX": "mokum",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.3, "SOCKET_TIMEOUT": 0.3},
        }
    }
    settings.SESSION_ENGINE = "mokum.sessions"
    settings.SESSION_CACHE_SECONDS = 120
    try:
        yield redis
    finally:
        if redis.process.poll() is None:
            redis.resume()
        redis.stop()


PROFILE = reverse_lazy("accounts:profile")


def logged_in(client) -> bool:
    response = client.get(PROFILE)
    return response.status_code == 200


def test_with_redis_down_nobody_is_logged_out_and_the_session_comes_from_the_cache_when_it_is_up(redis_sessions):
    person = UserFactory(display_name="Fenna de Vries")
    client = Client()
    client.force_login(person)
    assert logged_in(client)
    key = client.cookies["sessionid"].value
    assert cache.get(f"mokum.session:{key}") is not None, "the session is read through the cache"

    redis_sessions.stop()
    for _request in range(3):
        assert logged_in(client), "Redis is down: the session is read from the database"
    redis_sessions.start()  # back, empty
    assert logged_in(client)
    assert cache.get(f"mokum.session:{key}") is not None


def test_a_log_out_while_redis_was_unreachable_holds_within_the_bound(redis_sessions, settings):
    settings.SESSION_CACHE_SECONDS = 1
    person = UserFactory()
    client = Client()
    client.force_login(person)
    assert logged_in(client)
    copied_cookie = client.cookies["sessionid"].value

    redis_sessions.pause()
    client.post(reverse("account_logout"))
    assert not logged_in(client), "logged out, although Redis cannot be reached"
    redis_sessions.resume()

    time.sleep(1.5)  # the copy in the cache (it missed the log-out) has expired
    thief = Client()
    thief.cookies["sessionid"] = copied_cookie
    assert not logged_in(thief), "the ended session is not valid any more"
