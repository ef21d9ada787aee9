from django.db import connection

from notifications.models import Notification, ReminderSent

UNREAD_SQL = "SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"


def notifications_for(user, *, limit=50):
    """Return the latest notifications of `user`, newest first."""
    return Notification.objects.filter(recipient=user)[:limit]


def unread_count(user) -> int:
    """Return how many notifications `user` has not read."""
    if not user.is_authenticated:
        return 0
    # On every page of a logged-in person: one indexed count (notification_unread), written out so that no
    # queryset has to be built for it.
    with connection.cursor() as cursor:
        cursor.execute(UNREAD_SQL.format(table=Notification._meta.db_table), [user.pk])
        return cursor.fetchone()[0]


def failed_delivery_count() -> int:
    """Return how many notifications and reminders could not be sent for good (two indexed counts)."""
    notifications = Notification.objects.filter(email_status=Notification.EmailStatus.FAILED).count()
    reminders = ReminderSent.objects.filter(failed_at__isnull=False).count()
    return notifications + reminders
