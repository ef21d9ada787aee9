from notifications.models import Notification


def notifications_for(user, *, limit=50):
    """Return the latest notifications of `user`, newest first."""
    return Notification.objects.filter(recipient=user)[:limit]


def unread_count(user) -> int:
    """Return how many notifications `user` has not read."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
