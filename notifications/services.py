import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from inbound.selectors import reply_address_for
from mokum.text import email_subject
from notifications.kinds import get_kind
from notifications.models import EmailFrequency, Notification, NotificationPreference
from notifications.signals import notifications_written

logger = logging.getLogger(__name__)

# A pending row older than this was not delivered by its own task (broker down, worker killed): the sweep hands it
# over again. Well above a normal delivery's few seconds, so a busy worker is not handed the same work twice.
SWEEP_AFTER = timedelta(minutes=2)


def notify(*, recipients, kind, params=None, url="", dedupe_key="") -> list[int]:
    """Write a notification of `kind` for each recipient and e-mail them once the transaction commits.

    Call it inside the service's transaction: if the action rolls back, so do its notifications.
    """
    get_kind(kind)
    people = {person.pk: person for person in recipients if person is not None}
    if not people:
        return []
    rows = [
        Notification(recipient_id=pk, kind=kind, params=params or {}, url=url, dedupe_key=dedupe_key) for pk in people
    ]
    if dedupe_key:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            Notification.objects.filter(
                recipient_id__in=people, dedupe_key=dedupe_key, email_status="pending"
            ).values_list("pk", flat=True)
        )
    else:
        ids = [row.pk for row in Notification.objects.bulk_create(rows)]
    transaction.on_commit(lambda: notifications_written.send(sender=Notification, ids=ids))
    return ids


def language_of(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def message_id(key: str) -> str:
    """Return a stable Message-ID for `key`: a mail sent again after a crash is the same message to mail clients."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{key}@{host}>"


def preferences_url() -> str:
    return absolute_url(reverse("notifications:settings"))


def render_notification_email(notification, *, key: str = "") -> EmailMultiAlternatives:
    """Build the e-mail for `notification` in its recipient's language."""
    recipient = notification.recipient
    language = language_of(recipient)
    with translation.override(language):
        spec = notification.kind_spec
        context = {
            "LANGUAGE_CODE": language,
            "notification": notification,
            "recipient": recipient,
            "subject": notification.subject,
            "body": notification.body,
            "action": spec.action,
            "link": absolute_url(notification.url) if notification.url else "",
            "preferences_link": preferences_url(),
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
        subject = email_subject("[Kracht van Mokum]", notification.subject)
    headers = {"Message-ID": message_id(key or f"notification-{notification.pk}")}
    # Where the recipient can write in the dialogue, replying to the mail posts their answer (inbound/).
    reply_to = reply_address_for(notification)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[recipient.email], headers=headers, reply_to=[reply_to] if reply_to else None
    )
    message.attach_alternative(html, "text/html")
    return message


def email_frequency(user) -> str:
    """Return how often `user` wants e-mail (one query; no setting means right away)."""
    chosen = NotificationPreference.objects.filter(user_id=user.pk).values_list("email", flat=True).first()
    return chosen or EmailFrequency.IMMEDIATELY


def email_channel(notification) -> str:
    """Return what happens to the e-mail of `notification`: sent now, kept for the digest, or skipped.

    Kinds that decide a dialogue are always sent right away; the others follow the person's choice.
    """
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return Notification.EmailStatus.SKIPPED
    if notification.kind_spec.decides:
        return Notification.EmailStatus.SENT
    by_frequency: dict[str, str] = {
        EmailFrequency.DAILY: Notification.EmailStatus.DIGEST,
        EmailFrequency.OFF: Notification.EmailStatus.SKIPPED,
    }
    return by_frequency.get(email_frequency(recipient), Notification.EmailStatus.SENT)


def email_now_or_later(notification, *, now, key: str = "") -> None:
    """E-mail `notification` now, or mark it for the digest or as not e-mailed; the caller saves it.

    The mail goes out last, so the caller's UPDATE and COMMIT follow it immediately.
    """
    channel = email_channel(notification)
    if channel == Notification.EmailStatus.SENT:
        render_notification_email(notification, key=key).send()
        notification.emailed_at = now
    notification.email_status = channel


def notification_deliver(*, notification_id: int, now=None) -> bool:
    """E-mail one pending notification (or keep it for the digest); return False when nothing was sent.

    The row stays locked while the mail goes out, so a second worker waits and then finds it sent;
    the row is marked sent only after the mail server accepted the message.
    """
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING)
            .first()
        )
        if notification is None:
            return False
        email_now_or_later(notification, now=now)
        notification.save(update_fields=["email_status", "emailed_at"])
    return notification.email_status == Notification.EmailStatus.SENT


def notification_fail(*, notification_id: int, reason: str) -> bool:
    """Mark the e-mail of a pending notification as failed for good, with the reason; False if it was not pending.

    The sweep and every retry leave it alone from then on; admins find it under "could not be sent".
    """
    return bool(
        Notification.objects.filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING).update(
            email_status=Notification.EmailStatus.FAILED, email_error=reason[:2000]
        )
    )


def notification_mark_read(*, notification, now=None) -> None:
    """Mark one notification as read."""
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user, now=None) -> int:
    """Mark every unread notification of `user` as read; return how many."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=now or timezone.now())


def notification_preference_set(*, user, email: str, now=None) -> NotificationPreference:
    """Set how often `user` is e-mailed about notifications."""
    if email not in EmailFrequency.values:
        raise ValueError(f"Unknown e-mail frequency {email!r}.")
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"email": email})
    return preference
