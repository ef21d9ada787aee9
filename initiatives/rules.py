"""Who may do what with initiatives. One place answers it; views, templates and services ask here."""

import rules

from accounts.rules import is_any_coordinator, is_district_coordinator
from initiatives.models import Initiative, Initiator

S = Initiative.Status


def _known_initiator_of(user) -> dict:
    # Per request: the user object lives as long as the request. (Set through setattr: request.user is a lazy
    # wrapper that passes attributes on to the real user.)
    known = getattr(user, "_mokum_initiator_of", None)
    if known is None:
        known = {}
        user._mokum_initiator_of = known
    return known


def remember_initiator(user, initiative_id, initiator_ids) -> None:
    """Let `is_initiator` answer for this request from the initiators a page read anyway, without a query."""
    if user.is_authenticated:
        _known_initiator_of(user)[initiative_id] = user.pk in initiator_ids


@rules.predicate
def is_initiator(user, obj):
    """Holds for an owner or co-initiator of the initiative `obj` (or of the initiative `obj` belongs to)."""
    if not user.is_authenticated or obj is None:
        return False
    initiative_id = getattr(obj, "initiative_id", None) or obj.pk
    known = _known_initiator_of(user)
    if initiative_id not in known:
        known[initiative_id] = Initiator.objects.filter(initiative_id=initiative_id, user=user).exists()
    return known[initiative_id]


@rules.predicate
def is_public(user, initiative):
    """Holds for an initiative anyone may read: accepted and not hidden."""
    return initiative is not None and initiative.is_public


@rules.predicate
def is_editable(user, initiative):
    """Holds while the initiative is a draft, the intake asked for more information, or it is active."""
    return initiative is not None and initiative.is_editable


@rules.predicate
def is_open_for_support(user, initiative):
    """Holds for an active initiative that is not hidden: the only kind neighbours can still back."""
    return initiative is not None and initiative.status == S.ACTIVE and initiative.hidden_at is None


@rules.predicate
def is_still_running(user, initiative):
    """Holds until the initiative has ended (realised, stranded, withdrawn or not accepted)."""
    return initiative is not None and initiative.status not in (S.REALISED, S.STRANDED, S.WITHDRAWN, S.REFUSED)


@rules.predicate
def is_public_update(user, update):
    """Holds for an update that is not hidden, on an initiative anyone may read."""
    return update is not None and update.hidden_at is None and update.initiative.is_public


can_view = is_public | is_initiator | is_district_coordinator

# Reading: public initiatives for everyone; drafts, the intake and hidden ones only for initiators and
# the coordinators of the initiative's district.
rules.add_perm("initiatives.view_initiative", can_view)
# Registering: any logged-in resident.
rules.add_perm("initiatives.add_initiative", rules.is_authenticated)
# Only initiators change the text: as a draft, when the intake asked for more, and while it is active (the
# change is in its history and its supporters and followers hear of it). Not while the intake reads it.
rules.add_perm("initiatives.edit_initiative", is_initiator & is_editable)
rules.add_perm("initiatives.invite_initiator", is_initiator & is_still_running)
# Status changes; workflow.TRANSITIONS says from which status each one is possible.
rules.add_perm("initiatives.submit_initiative", is_initiator)
rules.add_perm("initiatives.withdraw_initiative", is_initiator)
rules.add_perm("initiatives.conclude_initiative", is_initiator | is_district_coordinator)
rules.add_perm("initiatives.intake_initiative", is_district_coordinator)
rules.add_perm("initiatives.view_intake_queue", is_any_coordinator)
# Updates reach supporters and followers, so they exist only once the initiative is public.
rules.add_perm("initiatives.post_update", is_initiator & is_public)
# Backing is for neighbours: initiators do not count themselves.
rules.add_perm("initiatives.support_initiative", rules.is_authenticated & is_open_for_support & ~is_initiator)
rules.add_perm("initiatives.follow_initiative", rules.is_authenticated & is_public)
# Moderation: anyone logged in reports what is public; the district's coordinators decide.
rules.add_perm("initiatives.report_initiative", rules.is_authenticated & is_public & ~is_initiator)
rules.add_perm("initiatives.report_update", rules.is_authenticated & is_public_update & ~is_initiator)
rules.add_perm("initiatives.moderate_initiative", is_district_coordinator)
rules.add_perm("initiatives.view_moderation_queue", is_any_coordinator)


# -- connecting initiatives: links, requests to join, networks ---------------------------------------------------


@rules.predicate
def is_network_admin(user, network):
    """Holds for an administrator of the network `network`."""
    if not user.is_authenticated or network is None:
        return False
    return network.memberships.filter(user=user, is_admin=True).exists()


@rules.predicate
def is_open_request(user, request):
    """Holds for a request to join or a network invitation that still waits for an answer."""
    return request is not None and request.status == "open"


@rules.predicate
def is_open_for_joining(user, obj):
    """Holds for the running, public initiative that `obj` is (or belongs to): new initiators are still welcome."""
    initiative = getattr(obj, "initiative", obj)
    return is_open_for_support(user, initiative)


# Coordinators mark initiatives of their district as related to, or a duplicate of, another one (shown on both).
rules.add_perm("initiatives.link_initiative", is_district_coordinator)
# "Join them": a neighbour asks to become a co-initiator of a running public initiative; its initiators answer.
rules.add_perm("initiatives.ask_to_join", rules.is_authenticated & is_open_for_support & ~is_initiator)
rules.add_perm("initiatives.answer_join_request", is_initiator & is_open_request & is_open_for_joining)
# A network's administrators invite running public initiatives; the initiators accept or decline.
rules.add_perm("initiatives.invite_to_network", is_network_admin)
rules.add_perm("initiatives.answer_network_invitation", is_initiator & is_open_request & is_open_for_joining)
