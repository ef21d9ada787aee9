from django.utils.functional import SimpleLazyObject

from accounts.selectors import user_roles


def navigation(request):
    """Give templates the roles of the person asking, loaded only when a template uses them."""
    return {"my_roles": SimpleLazyObject(lambda: user_roles(getattr(request, "user", None)))}
