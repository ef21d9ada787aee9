"""Who may do what with initiatives. One place answers it; views, templates and services ask here."""

import rules

from initiatives.models import Initiator


@rules.predicate
def is_initiator(user, obj):
    """Holds for an owner or co-initiator of the initiative `obj` (or of the initiative `obj` belongs to)."""
    if not user.is_authenticated or obj is None:
        return False
    initiative_id = getattr(obj, "initiative_id", None) or obj.pk
    cache = getattr(user, "_mokum_initiator_of", None)
    if cache is None:
        cache = {}
        user._mokum_initiator_of = cache  # per request: the user object lives as long as the request
    if initiative_id not in cache:
        cache[initiative_id] = Initiator.objects.filter(initiative_id=initiative_id, user=user).exists()
    return cache[initiative_id]
