"""The retention job removes exactly what is past its period, and says how much."""

import io
import os
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from dialogues.models import Dialogue, Message
from inbound.models import AwayNotice, InboundMail
from initiatives.models import Invitation
from notifications.models import Notification
from privacy.export import export_store
from privacy.models import AccessLog, Erasure, InactivityWarning
from privacy.retention import apply_retention
from tests.accounts.factories import UserFactory
from tests.dialogues.factories import dialogue_in, make_cast

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days):
    return NOW - timedelta(days=days)


def internal_note(dialogue, author, at):
    """An internal note written while the dialogue was open (the service refuses notes once it has ended)."""
    return Message.objects.create(
        dialogue=dialogue,
        author=author,
        actor_name=author.display_name,
        actor_kind="coordinator",
        kind=Message.Kind.NOTE,
        is_internal=True,
        text="Intern: de wethouder wil dit snel.",
        clock=dialogue.clock,
        created_at=at,
    )


def unverified_signup(days):
    user = UserFactory(date_joined=days_ago(days), verified=False)
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


def test_each_rule_removes_only_what_is_past_its_period(settings):
    settings.PRIVACY_READ_NOTIFICATION_DAYS = 90
    settings.PRIVACY_INTERNAL_NOTE_DAYS = 365
    settings.PRIVACY_STALE_INVITATION_DAYS = 30
    settings.PRIVACY_ACCESS_LOG_DAYS = 730
    old_signup, new_signup = unverified_signup(8), unverified_signup(6)

    person = UserFactory(last_login=days_ago(1))
    Notification.objects.create(recipient=person, kind="initiative_update", read_at=days_ago(91))
    new_read = Notification.objects.create(recipient=person, kind="initiative_update", read_at=days_ago(89))
    unread = Notification.objects.create(recipient=person, kind="initiative_update")
    Notification.objects.filter(pk=unread.pk).update(created_at=days_ago(400))

    cast = make_cast()
    concluded = dialogue_in(Dialogue.State.CONCLUDED, cast, now=days_ago(400))
    internal_note(concluded, cast.coordinator, days_ago(399))
    Dialogue.objects.filter(pk=concluded.pk).update(ended_at=days_ago(366))
    public_before = Message.objects.filter(dialogue=concluded, is_internal=False).count()

    stale = Invitation.objects.create(
        initiative=cast.initiative, email="a@example.org", invited_by=cast.owner, created_at=days_ago(61)
    )
    fresh = Invitation.objects.create(
        initiative=cast.initiative, email="b@example.org", invited_by=cast.owner, created_at=days_ago(59)
    )
    old_log = AccessLog.objects.create(actor=cast.coordinator, what="support_request", created_at=days_ago(731))
    new_log = AccessLog.objects.create(actor=cast.coordinator, what="support_request", created_at=days_ago(729))
    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=days_ago(1))

    report = apply_retention(now=NOW)

    assert not User.objects.filter(pk=old_signup.pk).exists()
    assert User.objects.filter(pk=new_signup.pk).exists()
    assert set(Notification.objects.filter(recipient=person).values_list("pk", flat=True)) == {new_read.pk, unread.pk}
    assert not Message.objects.filter(dialogue=concluded, is_internal=True).exists()
    assert Message.objects.filter(dialogue=concluded, is_internal=False).count() == public_before
    assert not Invitation.objects.filter(pk=stale.pk).exists() and Invitation.objects.filter(pk=fresh.pk).exists()
    assert not AccessLog.objects.filter(pk=old_log.pk).exists() and AccessLog.objects.filter(pk=new_log.pk).exists()
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert report["unverified_signups"] == 1
    assert report["read_notifications"] == 1
    assert report["internal_notes"] == 1
    assert report["stale_invitations"] == 1
    assert report["sessions"] >= 1


def test_internal_notes_of_recently_ended_dialogues_stay(settings):
    settings.PRIVACY_INTERNAL_NOTE_DAYS = 365
    cast = make_cast()
    concluded = dialogue_in(Dialogue.State.CONCLUDED, cast, now=days_ago(100))
    internal_note(concluded, cast.coordinator, days_ago(99))
    assert apply_retention(now=NOW)["internal_notes"] == 0
    assert Message.objects.filter(dialogue=concluded, is_internal=True).exists()


def test_inactive_residents_are_warned_once_then_anonymised_unless_they_log_in(settings):
    settings.PRIVACY_INACTIVE_ACCOUNT_DAYS = 1000
    settings.PRIVACY_INACTIVE_WARNING_DAYS = 30
    sleeper = UserFactory(last_login=days_ago(980))
    returner = UserFactory(last_login=days_ago(980))
    active = UserFactory(last_login=days_ago(10))
    staff = make_cast().coordinator
    type(staff).objects.filter(pk=staff.pk).update(last_login=days_ago(980))

    first = apply_retention(now=NOW)
    assert first["inactive_accounts_warned"] == 2
    assert set(InactivityWarning.objects.values_list("user", flat=True)) == {sleeper.pk, returner.pk}
    assert Notification.objects.filter(recipient=sleeper, kind="privacy_inactive_account").count() == 1
    assert apply_retention(now=NOW)["inactive_accounts_warned"] == 0  # once

    User.objects.filter(pk=returner.pk).update(last_login=NOW + timedelta(days=1))
    later = apply_retention(now=NOW + timedelta(days=31))
    assert later["inactive_accounts_anonymised"] == 1
    assert Erasure.objects.get(user=sleeper).by == Erasure.By.RETENTION
    assert not Erasure.objects.filter(user__in=[returner, active, staff]).exists()
    assert User.objects.get(pk=sleeper.pk).display_name == ""


def test_expired_downloads_are_deleted(settings, tmp_path):
    settings.PRIVACY_EXPORT_ROOT = tmp_path
    settings.PRIVACY_EXPORT_LINK_HOURS = 48
    person = UserFactory()
    export_store(person, now=NOW)
    old, new = sorted(tmp_path.glob("*.zip"))[0], tmp_path / "new.zip"
    new.write_bytes(b"PK")
    os.utime(old, (days_ago(3).timestamp(), days_ago(3).timestamp()))
    assert apply_retention(now=NOW)["export_files"] == 1
    assert not old.exists() and new.exists()


def test_the_command_reports_every_rule():
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "read_notifications: 0" in out.getvalue() and "inactive_accounts_anonymised: 0" in out.getvalue()


def test_incoming_mails_and_out_of_office_notices_are_kept_for_their_period(settings):
    settings.PRIVACY_INBOUND_MAIL_DAYS = 90
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.ASSIGNED, cast)
    old, new = (
        InboundMail.objects.create(sender=cast.lead.email, raw=b"From: x", outcome="posted", user=cast.lead)
        for _ in range(2)
    )
    InboundMail.objects.filter(pk=old.pk).update(received_at=days_ago(91))
    AwayNotice.objects.create(user=cast.lead, dialogue=dialogue, noticed_at=days_ago(91))
    recent = AwayNotice.objects.create(user=cast.lead, dialogue=dialogue, noticed_at=days_ago(89))
    assert apply_retention(now=NOW)["inbound_mail"] == 2
    assert list(InboundMail.objects.values_list("pk", flat=True)) == [new.pk]
    assert list(AwayNotice.objects.values_list("pk", flat=True)) == [recent.pk]
