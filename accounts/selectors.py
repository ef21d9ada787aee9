from dataclasses import dataclass, field

from accounts.models import Role


@dataclass(frozen=True)
class RoleSet:
    """The roles one person holds, loaded once per request."""

    city_coordinator: bool = False
    coordinator_of: frozenset = field(default_factory=frozenset)
    official_of: frozenset = field(default_factory=frozenset)
    supporter_of: frozenset = field(default_factory=frozenset)

    @property
    def is_staff_role(self):
        return bool(self.city_coordinator or self.coordinator_of or self.official_of or self.supporter_of)


EMPTY_ROLES = RoleSet()


def user_roles(user) -> RoleSet:
    """Return the roles of `user`, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return EMPTY_ROLES
    cached = getattr(user, "_mokum_roles", None)
    if cached is not None:
        return cached
    # Kept in the shared cache under the data version: any change to a role (accounts is a watched app) gives a
    # new version, so the next request reads them again (mokum/pagecache.py).
    from mokum.pagecache import cached_for_person

    roles = cached_for_person("roles", user.pk, lambda: _load_roles(user))
    user._mokum_roles = roles
    return roles


def _load_roles(user) -> RoleSet:
    kinds: dict[str, set[int | None]] = {kind: set() for kind in Role.Kind.values}
    for kind, district_id in Role.objects.filter(user=user).order_by().values_list("kind", "district_id"):
        kinds[kind].add(district_id)
    return RoleSet(
        city_coordinator=bool(kinds[Role.Kind.CITY_COORDINATOR]),
        coordinator_of=frozenset(kinds[Role.Kind.COORDINATOR]),
        official_of=frozenset(kinds[Role.Kind.OFFICIAL]),
        supporter_of=frozenset(kinds[Role.Kind.SUPPORTER]),
    )


def forget_user_roles(user) -> None:
    """Drop the cached roles of `user` (after a membership changed)."""
    if hasattr(user, "_mokum_roles"):
        del user._mokum_roles
