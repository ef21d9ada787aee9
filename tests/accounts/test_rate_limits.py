"""Every rate limit tells visitors apart by one trusted-proxy rule (NUM_PROXIES), so one visitor cannot lock out all."""

import pytest
from django.test import override_settings

from tests.accounts.factories import PASSWORD, UserFactory
from tests.mokum.test_settings import manage

TOO_MANY = "Too many failed login attempts"  # "Te veel inlogpogingen" in Dutch


def log_in(client, email, password, address):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, HTTP_X_FORWARDED_FOR=address, follow=False
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def test_both_rate_limits_take_the_proxy_count_from_num_proxies():
    script = (
        "from django.conf import settings; from rest_framework.settings import api_settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, api_settings.NUM_PROXIES)"
    )
    for value in ("0", "1", "2"):
        result = manage("shell", "-c", script, env={"DEBUG": "true", "NUM_PROXIES": value})
        assert result.stdout.split()[-2:] == [value, value], result.stderr


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_twelve_failed_log_ins_from_other_visitors_do_not_lock_out_a_resident(client):
    resident = UserFactory(email="resident@example.org")
    for n in range(12):
        response = log_in(client, f"made-up-{n}@example.org", "wrong-password", f"203.0.113.{n + 1}")
        assert TOO_MANY not in response.content.decode()
    log_in(client, resident.email, PASSWORD, "198.51.100.7")
    assert logged_in(client)


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_one_visitor_is_still_limited_whatever_it_puts_in_front(client):
    for n in range(12):
        # The visitor's own X-Forwarded-For entries come first; the proxy appends the real address last.
        response = log_in(client, f"made-up-{n}@example.org", "wrong-password", f"192.0.2.{n}, 203.0.113.9")
    assert TOO_MANY in response.content.decode()


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_a_spoofed_forwarded_for_does_not_evade_the_log_in_limit(client):
    resident = UserFactory(email="resident@example.org")
    for n in range(12):
        response = log_in(client, f"made-up-{n}@example.org", "wrong-password", f"203.0.113.{n + 1}")
    assert TOO_MANY in response.content.decode()
    log_in(client, resident.email, PASSWORD, "198.51.100.7")
    assert not logged_in(client)


def hammer_the_api(client, addresses):
    """GET the API root once per address; return the status codes."""
    return [client.get("/api/v1/", HTTP_X_FORWARDED_FOR=address).status_code for address in addresses]


@pytest.mark.django_db
def test_behind_a_proxy_the_api_limits_each_visitor_on_its_own(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert set(hammer_the_api(client, ["203.0.113.1"] * 60)) == {200}
    assert hammer_the_api(client, ["203.0.113.1"]) == [429]
    assert hammer_the_api(client, ["198.51.100.7"]) == [200]


@pytest.mark.django_db
def test_without_a_proxy_a_spoofed_forwarded_for_does_not_evade_the_api_limit(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    codes = hammer_the_api(client, [f"203.0.113.{n}" for n in range(61)])
    assert codes[:60] == [200] * 60
    assert codes[60] == 429
