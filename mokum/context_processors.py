from django.utils.functional import SimpleLazyObject

from accounts.selectors import user_roles
from notifications.selectors import unread_count


def navigation(request):
    """Give templates the roles of the person asking, loaded only when a template uses them."""
    user = getattr(request, "user", None)
    return {
        "my_roles": SimpleLazyObject(lambda: user_roles(user)),
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user) if user else 0),
    }
