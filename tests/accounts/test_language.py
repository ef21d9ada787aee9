import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A new visitor: no language chosen yet (the suite's default client asks for English)."""
    return Client()


def test_the_site_is_dutch_by_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert 'lang="nl"' in response.content.decode()
    assert "Zo werkt het" in response.content.decode()


def test_switching_to_english_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/districts/"})
    assert response.status_code == 302
    assert response["Location"] == "/districts/"
    page = client.get("/districts/")
    assert page["Content-Language"] == "en"
    assert "Amsterdam has seven districts" in page.content.decode()
    assert "Nederlands" in page.content.decode()  # the switch back, in its own language


def test_an_unknown_language_is_ignored(client):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert client.get("/")["Content-Language"] == "nl"


def test_a_logged_in_persons_preference_wins_over_the_cookie(client):
    person = UserFactory(preferred_language="en")
    client.cookies["django_language"] = "nl"
    client.force_login(person)
    assert client.get("/")["Content-Language"] == "en"


def test_switching_while_logged_in_saves_the_preference(client):
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    person.refresh_from_db()
    assert person.preferred_language == "nl"
    assert client.get("/")["Content-Language"] == "nl"


def test_an_unsafe_next_address_is_not_followed(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert "evil.example" not in response.get("Location", "")
