"""Role predicates that every app composes into its own permissions."""

import rules

from accounts.selectors import user_roles


def district_id_of(obj):
    """Return the district id of a district or of anything that belongs to one."""
    if obj is None:
        return None
    from districts.models import District

    if isinstance(obj, District):
        return obj.pk
    return getattr(obj, "district_id", None)


@rules.predicate
def is_city_coordinator(user):
    """Holds for the central city's coordinators."""
    return user_roles(user).city_coordinator


@rules.predicate
def is_any_coordinator(user):
    """Holds for a coordinator of at least one district."""
    return bool(user_roles(user).coordinator_of)


@rules.predicate
def is_district_coordinator(user, obj):
    """Holds for a coordinator of the district that `obj` belongs to."""
    return district_id_of(obj) in user_roles(user).coordinator_of


@rules.predicate
def is_district_official(user, obj):
    """Holds for an official of the district that `obj` belongs to."""
    return district_id_of(obj) in user_roles(user).official_of


@rules.predicate
def is_district_supporter(user, obj):
    """Holds for a supporter (coach) of the district that `obj` belongs to."""
    return district_id_of(obj) in user_roles(user).supporter_of


@rules.predicate
def is_any_official(user):
    """Holds for an official of at least one district."""
    return bool(user_roles(user).official_of)
