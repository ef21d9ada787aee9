from smtplib import SMTPException

from celery import shared_task

from notifications.services import notification_deliver, notifications_sweep


@shared_task(acks_late=True, autoretry_for=(SMTPException, OSError), retry_backoff=30, max_retries=8)
def deliver_notifications(notification_ids):
    """E-mail the given notifications; each one at most once, whatever retries happen."""
    for notification_id in notification_ids:
        notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def sweep_notifications():
    """Deliver what could not be handed to the broker earlier."""
    return notifications_sweep()
