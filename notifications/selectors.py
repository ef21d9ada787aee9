from notifications.models import Notification, ReminderSent


def notifications_for(user, *, limit=50):
    """Return the latest notifications of `user`, newest first."""
    return Notification.objects.filter(recipient=user)[:limit]


def unread_count(user) -> int:
    """Return how many notifications `user` has not read."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()


def failed_delivery_count() -> int:
    """Return how many notifications and reminders could not be sent for good (two indexed counts)."""
    notifications = Notification.objects.filter(email_status=Notification.EmailStatus.FAILED).count()
    reminders = ReminderSent.objects.filter(failed_at__isnull=False).count()
    return notifications + reminders
