"""Thin tasks: ids in, a service call each; transient errors retry with back-off, messages are acked late.

A delivery that fails for a reason another try cannot fix (a poison message: a header Django refuses, an
address the mail server rejects for good, a template error) is marked failed with its reason and the batch
goes on; only transient failures (a mail server or database briefly away) make the task retry.
"""

import logging
from smtplib import SMTPException, SMTPRecipientsRefused, SMTPResponseException

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.template import TemplateSyntaxError
from django.utils import timezone

from notifications.digest import digests_scan
from notifications.models import Notification, ReminderSent
from notifications.reminders import CHUNK, reminder_deliver, reminder_fail
from notifications.services import SWEEP_AFTER, notification_deliver, notification_fail
from notifications.signals import notifications_written, reminders_recorded

logger = logging.getLogger(__name__)

# A mail server or database that is briefly away: worth another try later.
TRANSIENT = (SMTPException, OSError, OperationalError, InterfaceError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    # Below the broker's visibility timeout (settings.py), so a retry waiting in a worker is not handed out twice;
    # after the last retry the sweep keeps trying.
    "retry_backoff_max": 240,
    "max_retries": 8,
}
# A message that cannot be built, whatever the retry: a header or address Django refuses (BadHeaderError and
# UnicodeError are ValueErrors), a notification whose details do not fill its text, a broken template.
POISON = (ValueError, LookupError, TypeError, TemplateSyntaxError)


def is_transient(error: BaseException) -> bool:
    """Tell whether another try may succeed: no for a poison message or an SMTP 5xx rejection, yes otherwise.

    Anything unforeseen (a deployment error, say) counts as transient: retried and swept, never given up.
    """
    if isinstance(error, SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, SMTPResponseException):
        return not 500 <= error.smtp_code < 600
    return not isinstance(error, POISON)


def _each(ids, deliver, fail):
    """Deliver every id; mark poison ones failed; when some failed transiently, raise the first (the task retries).

    Each delivery is idempotent, so the retry skips what was delivered or failed and tries only the rest again.
    """
    failure = None
    for pk in ids:
        try:
            deliver(pk)
        except Exception as error:  # noqa: BLE001 - one bad message must not block the rest of the batch
            if is_transient(error):
                logger.warning("Delivery of %s failed (%r); it is retried later", pk, error)
                failure = failure or error
            else:
                logger.error("Delivery of %s failed for good and is marked failed: %r", pk, error)
                fail(pk, f"{type(error).__name__}: {error}")
    if failure is not None:
        raise failure


@shared_task(**RETRY)
def deliver_notifications(notification_ids):
    """E-mail the given notifications; each one at most once, whatever retries happen."""
    _each(
        notification_ids,
        lambda pk: notification_deliver(notification_id=pk),
        lambda pk, reason: notification_fail(notification_id=pk, reason=reason),
    )


@shared_task(**RETRY)
def deliver_reminders(reminder_ids):
    """Send the given reminders and digests, or give up those whose clock moved on; each one once."""
    _each(
        reminder_ids,
        lambda pk: reminder_deliver(reminder_id=pk),
        lambda pk, reason: reminder_fail(reminder_id=pk, reason=reason),
    )


@shared_task(acks_late=True)
def sweep_notifications():
    """Deliver what could not be handed to the broker earlier."""
    return notifications_sweep()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def send_daily_digests():
    """Send today's digests (working days only); a second run the same day sends nothing."""
    return digests_scan()


# -- handing work to the broker ---------------------------------------------------------------------------
# The services announce what they wrote (signals.py) once it is committed; only this module talks to the broker.


@receiver(notifications_written, dispatch_uid="notifications_enqueue_delivery")
def _notifications_written(sender, ids, **kwargs):
    enqueue_delivery(ids)


@receiver(reminders_recorded, dispatch_uid="notifications_enqueue_reminders")
def _reminders_recorded(sender, ids, **kwargs):
    enqueue_reminders(ids)


def enqueue_delivery(ids) -> bool:
    """Hand notifications to the broker; when it is unreachable they stay pending for the sweep."""
    if not ids:
        return True
    try:
        deliver_notifications.delay(list(ids))
    except Exception as error:  # noqa: BLE001 - a broker that is down must not undo the action that was just saved
        logger.warning("Broker unreachable (%r); %d notification(s) wait for the sweep", error, len(ids))
        return False
    return True


def enqueue_reminders(ids) -> bool:
    """Hand reminders to the broker in chunks; when it is unreachable they wait for the sweep."""
    ids = list(ids)
    try:
        for start in range(0, len(ids), CHUNK):
            deliver_reminders.delay(ids[start : start + CHUNK])
    except Exception as error:  # noqa: BLE001 - a broker that is down must not undo the scan that was just saved
        logger.warning("Broker unreachable (%r); %d reminder(s) wait for the sweep", error, len(ids))
        return False
    return True


def notifications_sweep(*, now=None) -> int:
    """Hand over notifications and reminders that were never handed to the broker; return how many.

    Both stay in the database, pending, while the broker is down; every handover is harmless to repeat.
    """
    now = now or timezone.now()
    ids = list(Notification.objects.undelivered(before=now - SWEEP_AFTER).values_list("pk", flat=True)[:1000])
    enqueue_delivery(ids)
    reminders = list(
        ReminderSent.objects.filter(
            sent_at__isnull=True,
            given_up_at__isnull=True,
            failed_at__isnull=True,
            recipient__isnull=False,
            created_at__lt=now - SWEEP_AFTER,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )
    enqueue_reminders(reminders)
    return len(ids) + len(reminders)
