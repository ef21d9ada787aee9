"""Who may do what with support requests, the catalogue and events. Views, templates and services ask here."""

import rules

from accounts.rules import is_any_coordinator, is_city_coordinator, is_district_coordinator
from accounts.selectors import user_roles
from initiatives.models import Initiative
from initiatives.rules import is_initiator
from support import workflow


@rules.predicate
def is_any_supporter(user):
    """Holds for a supporter (coach) of at least one district."""
    return bool(user_roles(user).supporter_of)


@rules.predicate
def initiative_can_ask_for_help(user, initiative):
    """Holds for an initiative that is still going (not withdrawn, not refused, not hidden)."""
    return initiative.status not in Initiative.Status.closed() and initiative.hidden_at is None


@rules.predicate
def is_request_initiator(user, support_request):
    """Holds for an owner or co-initiator of the initiative that asked for help."""
    return is_initiator(user, support_request)


@rules.predicate
def is_request_coordinator(user, support_request):
    """Holds for a coordinator of the district of the initiative that asked for help."""
    return support_request.initiative.district_id in user_roles(user).coordinator_of


@rules.predicate
def is_assigned_supporter(user, support_request):
    """Holds for the supporter the request is assigned to."""
    return user.is_authenticated and support_request.supporter_id == user.pk


def state_allows(permission):
    """Return a predicate that holds when the request's state lets `permission` move it."""
    states = workflow.states_for(permission)

    @rules.predicate(name=f"state_allows({permission})")
    def predicate(user, support_request):
        return support_request.status in states

    return predicate


@rules.predicate
def is_event_organiser(user, event):
    """Holds for the person who organises the event."""
    return user.is_authenticated and event.organiser_id == user.pk


@rules.predicate
def is_published(user, obj):
    """Holds for a published scheme, guide or event."""
    return obj.published


is_coordinator = is_any_coordinator | is_city_coordinator

# Support requests.
rules.add_perm("support.add_request", is_initiator & initiative_can_ask_for_help)
rules.add_perm("support.view_request", is_request_initiator | is_assigned_supporter | is_request_coordinator)
rules.add_perm("support.assign_request", is_request_coordinator & state_allows("support.assign_request"))
rules.add_perm("support.decline_new_request", is_request_coordinator & state_allows("support.decline_new_request"))
rules.add_perm("support.start_request", is_assigned_supporter & state_allows("support.start_request"))
rules.add_perm(
    "support.close_request",
    (is_assigned_supporter | is_request_coordinator) & state_allows("support.close_request"),
)
rules.add_perm("support.use_inbox", is_any_supporter | is_any_coordinator)

# The catalogue of schemes and the guides: kept by the coordinators, shared by the whole city.
rules.add_perm("support.manage_catalogue", is_coordinator)
rules.add_perm("support.view_scheme", is_published | is_coordinator)
rules.add_perm("support.view_article", is_published | is_coordinator)

# Events.
can_change_event = is_event_organiser | is_district_coordinator | is_city_coordinator
rules.add_perm("support.add_event", is_coordinator)
rules.add_perm("support.change_event", can_change_event)
rules.add_perm("support.view_attendees", can_change_event)


@rules.predicate
def is_linked_to_a_dialogue(user, event):
    """Holds for an event that is about a dialogue."""
    return event is not None and event.dialogue_id is not None


# The dialogue's own rules decide as well: only its district's coordinators put points on its record.
rules.add_perm("support.post_agreed_points", can_change_event & is_linked_to_a_dialogue)
rules.add_perm("support.view_event", is_published | can_change_event)
rules.add_perm("support.register_event", rules.is_authenticated & is_published)
# obj is the event's district, or None for a city-wide event (the city coordinators').
rules.add_perm("support.organise_event_in", is_city_coordinator | is_district_coordinator)
