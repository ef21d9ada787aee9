"""Who may do what with personal data."""

import rules

from privacy.services import needs_administrator


@rules.predicate
def is_resident_account(user):
    """Holds for an account without a staff role: the person may erase it themselves."""
    return user.is_authenticated and not needs_administrator(user)


rules.add_perm("privacy.erase_own_account", is_resident_account)
rules.add_perm("privacy.see_own_data", rules.is_authenticated)
rules.add_perm("privacy.view_accesslog", rules.is_superuser)
rules.add_perm("privacy.view_erasure", rules.is_superuser)
