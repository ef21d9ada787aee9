"""The in-app list: each notification is a plain link that marks it read, shown in full."""

import pytest

from notifications.models import Notification
from notifications.services import notify
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LONG_TEXT = " ".join(f"woord{index}" for index in range(120)) + " https://example.org/" + "x" * 120


@pytest.fixture
def person(settings):
    settings.LANGUAGE_CODE = "en"
    return UserFactory(preferred_language="en")


def send(person, url="/initiatives/"):
    params = {"title": "Geveltuinen", "district": "West", "author": "Amal", "text": LONG_TEXT}
    notify(recipients=[person], kind="initiative_update", params=params, url=url)
    return Notification.objects.filter(recipient=person).latest("pk")


def test_a_notification_is_a_plain_link_with_its_whole_text(client, person):
    notification = send(person)
    client.force_login(person)
    page = client.get("/notifications/").content.decode()
    assert f'<a href="/notifications/{notification.pk}/open/">News from “Geveltuinen”</a>' in page
    assert "woord119" in page and "x" * 120 in page, "the text is not cut off"


def test_opening_the_link_marks_it_read_and_goes_to_its_page_also_in_a_new_tab(client, person):
    notification = send(person, url="/districts/")
    client.force_login(person)
    response = client.get(f"/notifications/{notification.pk}/open/")  # a new tab: a plain GET
    assert response.status_code == 302 and response["Location"] == "/districts/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="tag">new<' not in client.get("/notifications/").content.decode()


def test_a_link_elsewhere_or_someone_elses_notification_is_not_followed(client, person):
    elsewhere = send(person, url="https://evil.example/")
    other = send(UserFactory())
    client.force_login(person)
    assert client.get(f"/notifications/{elsewhere.pk}/open/")["Location"] == "/notifications/"
    assert client.get(f"/notifications/{other.pk}/open/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_a_visitor_is_asked_to_log_in_first(client, person):
    notification = send(person)
    response = client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
