import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.kinds import get_kind
from notifications.models import Notification

logger = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(minutes=5)


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
    transaction.on_commit(lambda: enqueue_delivery(ids))
    return ids


def enqueue_delivery(ids) -> bool:
    """Hand notifications to the broker; when it is unreachable they stay pending for the sweep."""
    from notifications.tasks import deliver_notifications

    if not ids:
        return True
    try:
        deliver_notifications.delay(list(ids))
    except Exception:  # noqa: BLE001 - a broker that is down must not undo the action that was just saved
        logger.warning("Broker unreachable; %d notification(s) wait for the sweep", len(ids), exc_info=True)
        return False
    return True


def language_of(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def render_notification_email(notification) -> EmailMultiAlternatives:
    """Build the e-mail for `notification` in its recipient's language."""
    recipient = notification.recipient
    with translation.override(language_of(recipient)):
        spec = notification.kind_spec
        context = {
            "notification": notification,
            "recipient": recipient,
            "subject": notification.subject,
            "body": notification.body,
            "action": spec.action,
            "link": absolute_url(notification.url) if notification.url else "",
            "preferences_link": absolute_url("/notifications/"),
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
        subject = f"[Kracht van Mokum] {notification.subject}"
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def notification_deliver(*, notification_id: int, now=None) -> bool:
    """E-mail one pending notification; return False when there was nothing (left) to send.

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
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            notification.email_status = Notification.EmailStatus.SKIPPED
        else:
            render_notification_email(notification).send()
            notification.email_status = Notification.EmailStatus.SENT
            notification.emailed_at = now
        notification.save(update_fields=["email_status", "emailed_at"])
    return notification.email_status == Notification.EmailStatus.SENT


def notifications_sweep(*, now=None) -> int:
    """Hand over notifications that were never delivered (the broker was down); return how many."""
    now = now or timezone.now()
    ids = list(Notification.objects.undelivered(before=now - SWEEP_AFTER).values_list("pk", flat=True)[:1000])
    enqueue_delivery(ids)
    return len(ids)


def notification_mark_read(*, notification, now=None) -> None:
    """Mark one notification as read."""
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user, now=None) -> int:
    """Mark every unread notification of `user` as read; return how many."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=now or timezone.now())
