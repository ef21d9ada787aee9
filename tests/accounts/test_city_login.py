"""Staff sign in with the city's identity provider: a real OpenID Connect provider process on loopback."""

import json
import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client, override_settings

from accounts.models import Role
from tests.accounts.factories import UserFactory, official

pytestmark = pytest.mark.django_db


def staff_member(email):
    person = official("west")
    person.email = email
    person.save(update_fields=["email"])
    return person


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    """Start the provider (the `oidc-provider-mock` package) in its own process; yield its issuer URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            pytest.fail("the OpenID provider did not start")
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def configured(issuer):
    app = {
        "provider_id": "city",
        "name": "Gemeente Amsterdam",
        "client_id": "kracht-van-mokum",
        "secret": "tests-only-client-secret",
        "settings": {"server_url": issuer},
    }
    return override_settings(SOCIALACCOUNT_PROVIDERS={"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}})


def sign_in_at_the_city(client, issuer, sub, claims):
    """Press the city's button, let the person sign in at the provider, and follow it back to the site."""
    requests.put(f"{issuer}/users/{sub}", data=json.dumps(claims), headers={"Content-Type": "application/json"})
    to_provider = client.post("/accounts/oidc/city/login/")
    assert to_provider.status_code == 302 and to_provider["Location"].startswith(issuer)
    # The person signs in at the provider (its form takes the subject), which sends the browser back with a code.
    back = requests.post(to_provider["Location"], data={"sub": sub}, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text[:300]
    callback = urlsplit(back.headers["Location"])
    assert "code" in parse_qs(callback.query)
    return client.get(f"{callback.path}?{callback.query}")


def test_an_official_signs_in_with_the_city_account_and_lands_on_the_inbox(provider):
    person = staff_member("j.devries@amsterdam.nl")
    client = Client()
    with configured(provider):
        assert b"Gemeente Amsterdam" in client.get("/accounts/login/").content
        response = sign_in_at_the_city(
            client, provider, "j.devries", {"email": "j.devries@amsterdam.nl", "email_verified": True, "name": "Jeroen"}
        )
        assert response.status_code == 302 and response["Location"] == "/inbox/"
        inbox = client.get("/inbox/")
    assert inbox.status_code == 200
    assert inbox.wsgi_request.user == person
    assert Role.objects.filter(user=person, kind=Role.Kind.OFFICIAL).count() == 1  # roles stay as granted
    assert SocialAccount.objects.get(user=person).uid == "j.devries"


def test_an_unverified_address_gets_into_nobodys_account(provider):
    victim = staff_member("coordinator.west@amsterdam.nl")
    client = Client()
    with configured(provider):
        sign_in_at_the_city(
            client, provider, "mallory", {"email": "coordinator.west@amsterdam.nl", "email_verified": False}
        )
        assert client.get("/inbox/").wsgi_request.user.is_anonymous
    assert not SocialAccount.objects.filter(user=victim).exists()


def test_an_unknown_address_gets_no_new_account(provider):
    UserFactory(email="bewoner@example.org")
    client = Client()
    with configured(provider):
        response = sign_in_at_the_city(
            client, provider, "nieuw", {"email": "nieuw@amsterdam.nl", "email_verified": True}
        )
        assert client.get("/inbox/").wsgi_request.user.is_anonymous
    assert response.status_code in (200, 302)
    assert not SocialAccount.objects.exists()


def test_without_the_settings_there_is_no_city_button(client):
    assert b"/accounts/oidc/city/login/" not in client.get("/accounts/login/").content
