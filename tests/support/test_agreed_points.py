"""An event about a dialogue puts what was agreed on that dialogue's public record."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Dialogue, Message
from notifications.models import Notification
from support.services import event_post_agreed_points
from tests.dialogues.factories import make_cast, quick_in
from tests.support.factories import EventFactory

pytestmark = pytest.mark.django_db

POINTS = "De gemeente wipt de tegels in maart; de bewoners planten en onderhouden de tuinen."


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def event(cast):
    dialogue = quick_in(Dialogue.State.IN_DIALOGUE, cast)
    started = timezone.now() - timedelta(hours=3)
    return EventFactory(
        title="Buurtoverleg geveltuinen", organiser=cast.coordinator, dialogue=dialogue, starts_at=started
    )


def test_the_coordinator_posts_the_agreed_points_as_a_public_message(cast, event):
    before = event.dialogue.state, event.dialogue.waiting_on, event.dialogue.deadline_at
    dialogue = event_post_agreed_points(event=event, actor=cast.coordinator, text=POINTS)
    message = Message.objects.get(dialogue=dialogue, kind="record")
    assert not message.is_internal
    assert message.text.startswith("Buurtoverleg geveltuinen (") and POINTS in message.text
    # The record changes nothing about whose turn it is.
    assert (dialogue.state, dialogue.waiting_on, dialogue.deadline_at) == before
    told = set(Notification.objects.filter(kind="dialogue_agreed_points").values_list("recipient", flat=True))
    assert {cast.owner.pk, cast.lead.pk} <= told


@pytest.mark.parametrize("role", ["owner", "lead", "other_coordinator", "resident", "supporter"])
def test_others_cannot_post_agreed_points(client, cast, event, role):
    client.force_login(getattr(cast, role))
    url = reverse("support:event_agreed_points", kwargs={"pk": event.pk})
    assert client.post(url, {"text": POINTS}).status_code == 403
    assert not Message.objects.filter(kind="record").exists()


def test_the_form_posts_and_shows_the_points_on_the_dialogue_page(client, cast, event):
    client.force_login(cast.coordinator)
    url = reverse("support:event_agreed_points", kwargs={"pk": event.pk})
    assert client.get(event.get_absolute_url()).content.decode().count(url) == 1
    assert "Please write plain text" in client.post(url, {"text": "<script>x</script>"}).content.decode()
    response = client.post(url, {"text": POINTS})
    assert response.url == event.dialogue.get_absolute_url()
    client.logout()
    assert POINTS in client.get(response.url).content.decode()


def test_agreed_points_wait_until_the_event_has_started(client, cast, event):
    event.starts_at = timezone.now() + timedelta(days=2)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    client.force_login(cast.coordinator)
    response = client.post(reverse("support:event_agreed_points", kwargs={"pk": event.pk}), {"text": POINTS})
    assert response.status_code == 200
    assert "once the event has started" in response.content.decode()
    assert not Message.objects.filter(kind="record").exists()


def test_an_event_without_a_dialogue_has_no_agreed_points(client, cast):
    event = EventFactory(organiser=cast.coordinator)
    client.force_login(cast.coordinator)
    assert client.get(reverse("support:event_agreed_points", kwargs={"pk": event.pk})).status_code == 403
