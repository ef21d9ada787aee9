import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.models import Notification
from notifications.services import notification_deliver, notify
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def greeting_kind():
    kind = kinds.register("test_greeting", subject=_("Initiatives"), body=_("Districts"))
    yield kind
    kinds.KINDS.pop("test_greeting")


def test_a_notification_is_shown_in_the_app_and_mailed_after_commit_in_the_recipients_language(greeting_kind):
    dutch, english = UserFactory(preferred_language="nl"), UserFactory(preferred_language="en")
    with transaction.atomic():
        notify(recipients=[dutch, english], kind="test_greeting", url="/districts/")
        assert mail.outbox == []  # nothing leaves before the action is committed
    assert Notification.objects.filter(email_status="sent").count() == 2
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {dutch.email: "[Kracht van Mokum] Initiatieven", english.email: "[Kracht van Mokum] Initiatives"}
    assert "http://testserver/districts/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_rolled_back_action_leaves_no_notification(greeting_kind):
    person = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[person], kind="test_greeting")
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_same_key_notifies_once_and_a_second_delivery_sends_nothing(greeting_kind):
    person = UserFactory()
    notify(recipients=[person], kind="test_greeting", dedupe_key="dialogue-1-overdue")
    notify(recipients=[person], kind="test_greeting", dedupe_key="dialogue-1-overdue")
    notification = Notification.objects.get()
    assert notification_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(recipients=[UserFactory()], kind="nonsense")


def test_the_notification_list_shows_unread_and_marks_read(client, greeting_kind):
    person = UserFactory(preferred_language="en")
    notify(recipients=[person], kind="test_greeting", url="/districts/")
    client.force_login(person)
    page = client.get("/notifications/").content.decode()
    assert "Initiatives" in page and 'class="badge"' in page
    notification = Notification.objects.get()
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/districts/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="badge"' not in client.get("/notifications/").content.decode()
