"""Who may react, moderate, post needs and help. One place answers it; views, templates and services ask here."""

import rules

from accounts.rules import is_any_coordinator, is_district_coordinator
from initiatives.rules import is_initiator, is_open_for_support
from initiatives.rules import is_public as is_public_initiative


def _initiative_of(obj):
    """Return the initiative of an initiative, a reaction or a need (None for anything else)."""
    return getattr(obj, "initiative", obj)


@rules.predicate
def is_coordinator_here(user, obj):
    """Holds for a coordinator of the district of the initiative `obj` is (or belongs to)."""
    return obj is not None and is_district_coordinator(user, _initiative_of(obj))


@rules.predicate
def initiative_is_public(user, obj):
    """Holds when the initiative `obj` is (or belongs to) is public."""
    return obj is not None and is_public_initiative(user, _initiative_of(obj))


@rules.predicate
def initiative_is_active(user, obj):
    """Holds when the initiative `obj` is (or belongs to) is active and not hidden."""
    return obj is not None and is_open_for_support(user, _initiative_of(obj))


@rules.predicate
def reactions_are_open(user, obj):
    """Holds unless the initiators or the coordinator closed the reactions on the initiative."""
    initiative = _initiative_of(obj)
    if initiative is None:
        return False
    closed = getattr(initiative, "reactions_are_closed", None)  # annotated by the page's query
    if closed is None:
        closed = hasattr(initiative, "reactions_closed")
    return not closed


@rules.predicate
def is_visible_reaction(user, reaction):
    """Holds for a reaction that is not hidden."""
    return reaction is not None and reaction.hidden_at is None


@rules.predicate
def is_top_level(user, reaction):
    """Holds for a reaction that is not itself a reply: replies go one level deep."""
    return reaction is not None and reaction.parent_id is None


@rules.predicate
def is_author(user, reaction):
    """Holds for the person who wrote the reaction."""
    return reaction is not None and user.is_authenticated and reaction.author_id == user.pk


@rules.predicate
def need_is_open(user, need):
    """Holds for a need that has not been met."""
    return need is not None and need.met_at is None


# Reading follows the initiative: anyone reads the reactions of a public initiative.
rules.add_perm("connect.view_reactions", initiative_is_public | is_initiator | is_coordinator_here)
# Any logged-in person reacts on a public initiative while its reactions are open; replies go one level deep.
rules.add_perm("connect.add_reaction", rules.is_authenticated & initiative_is_public & reactions_are_open)
rules.add_perm(
    "connect.reply_reaction",
    rules.is_authenticated & initiative_is_public & reactions_are_open & is_visible_reaction & is_top_level,
)
# Anyone logged in reports someone else's reaction; the district's coordinators hide it, with a reason.
rules.add_perm(
    "connect.report_reaction", rules.is_authenticated & initiative_is_public & is_visible_reaction & ~is_author
)
rules.add_perm("connect.hide_reaction", is_coordinator_here)
# The initiators decide whether their initiative takes reactions; the coordinator may close a heated thread too.
rules.add_perm("connect.close_reactions", is_initiator | is_coordinator_here)
# Needs belong to an active initiative and are posted by its initiators, who also accept or decline help.
rules.add_perm("connect.post_need", is_initiator & initiative_is_active)
rules.add_perm("connect.offer_help", rules.is_authenticated & initiative_is_active & need_is_open & ~is_initiator)
rules.add_perm("connect.decide_offer", is_initiator & initiative_is_active)
rules.add_perm("connect.mark_need_met", (is_initiator | is_coordinator_here) & need_is_open)
# The district's coordinators see open needs across their district.
rules.add_perm("connect.view_district_needs", is_any_coordinator)
# Residents keep a short list of skills.
rules.add_perm("connect.edit_skills", rules.is_authenticated)
