"""Thin tasks: ids in, a service call each; transient errors retry with back-off, messages are acked late."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from notifications.digest import digests_scan
from notifications.reminders import reminder_deliver
from notifications.services import notification_deliver, notifications_sweep

logger = logging.getLogger(__name__)

# A mail server or database that is briefly away: worth another try later.
TRANSIENT = (SMTPException, OSError, OperationalError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    # Below the broker's visibility timeout (settings.py), so a retry waiting in a worker is not handed out twice;
    # after the last retry the sweep keeps trying.
    "retry_backoff_max": 240,
    "max_retries": 8,
}


def _each(ids, deliver):
    """Deliver every id; when some failed for a transient reason, raise the first failure (the task retries).

    Each delivery is idempotent, so the retry skips what was delivered and tries only the rest again.
    """
    failure = None
    for pk in ids:
        try:
            deliver(pk)
        except TRANSIENT as error:
            logger.warning("Delivery of %s failed; it is retried later", pk, exc_info=True)
            failure = failure or error
    if failure is not None:
        raise failure


@shared_task(**RETRY)
def deliver_notifications(notification_ids):
    """E-mail the given notifications; each one at most once, whatever retries happen."""
    _each(notification_ids, lambda pk: notification_deliver(notification_id=pk))


@shared_task(**RETRY)
def deliver_reminders(reminder_ids):
    """Send the given reminders, or give up those whose clock moved on; each one once."""
    _each(reminder_ids, lambda pk: reminder_deliver(reminder_id=pk))


@shared_task(acks_late=True)
def sweep_notifications():
    """Deliver what could not be handed to the broker earlier."""
    return notifications_sweep()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def send_daily_digests():
    """Send today's digests (working days only); a second run the same day sends nothing."""
    return digests_scan()
