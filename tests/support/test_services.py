from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from notifications.models import Notification
from support import workflow
from support.models import SupportRequest
from support.services import SupportError, default_due_date, support_request_create, support_request_transition
from tests.accounts.factories import UserFactory, city_coordinator, coordinator, supporter
from tests.support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db

S = SupportRequest.Status
DUE = timezone.localdate() + timedelta(days=10)


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def move(support_request, action, actor, **kwargs):
    return support_request_transition(support_request=support_request, action=action, actor=actor, **kwargs)


def test_the_whole_lifecycle_tells_everyone_involved(initiative, initiator, west_coordinator, west_supporter):
    request = support_request_create(
        initiative=initiative, actor=initiator, need="subsidy", description="Welke subsidie past bij ons?"
    )
    assert request.status == S.NEW
    assert kinds_for(west_coordinator) == ["support_request_new"]

    move(request, workflow.ASSIGN, west_coordinator, supporter=west_supporter, due_date=DUE)
    assert (request.status, request.supporter, request.due_date, request.assigned_by) == (
        S.ASSIGNED,
        west_supporter,
        DUE,
        west_coordinator,
    )
    assert kinds_for(west_supporter) == ["support_request_assigned_supporter"]

    move(request, workflow.START, west_supporter)
    assert request.status == S.IN_PROGRESS

    move(request, workflow.FINISH, west_supporter, note="  Samen de aanvraag voor het Buurtbudget geschreven.  ")
    assert request.status == S.DONE
    assert request.closing_note == "Samen de aanvraag voor het Buurtbudget geschreven."
    assert request.closed_at is not None
    assert kinds_for(initiator) == [
        "support_request_assigned_initiative",
        "support_request_done",
        "support_request_started",
    ]
    done = Notification.objects.get(recipient=initiator, kind="support_request_done")
    assert "Buurtbudget" in done.body
    assert [h.status for h in request.history.order_by("history_date")] == ["new", "assigned", "in_progress", "done"]
    assert request.history.latest().history_user == west_supporter


def test_a_coordinator_closing_for_the_supporter_tells_the_supporter(initiative, west_coordinator, west_supporter):
    request = SupportRequestFactory(initiative=initiative, status=S.IN_PROGRESS, supporter=west_supporter)
    move(request, workflow.DECLINE, west_coordinator, note="Dit valt buiten wat het platform doet.")
    assert request.status == S.DECLINED
    assert kinds_for(west_supporter) == ["support_request_declined"]


def test_reassigning_hands_over_and_starts_afresh(initiative, west_coordinator, west_supporter):
    request = SupportRequestFactory(initiative=initiative, status=S.IN_PROGRESS, supporter=west_supporter, due_date=DUE)
    other = supporter("west")
    move(request, workflow.REASSIGN, west_coordinator, supporter=other, due_date=DUE + timedelta(days=3))
    assert (request.status, request.supporter) == (S.ASSIGNED, other)
    assert kinds_for(west_supporter) == ["support_request_unassigned"]
    assert kinds_for(other) == ["support_request_assigned_supporter"]


@pytest.mark.parametrize(("state", "action"), sorted(workflow.TRANSITIONS, key=str))
def test_every_edge_of_the_workflow(initiative, west_coordinator, west_supporter, state, action):
    request = SupportRequestFactory(
        initiative=initiative,
        status=state,
        supporter=None if state == S.NEW else west_supporter,
        due_date=None if state == S.NEW else DUE,
    )
    edge = workflow.TRANSITIONS[(state, action)]
    next_state, permission = edge.target, edge.who
    actor = west_supporter if permission == "support.start_request" else west_coordinator
    move(request, action, actor, supporter=supporter("west"), due_date=DUE, note="Klaar.")
    assert request.status == next_state


@pytest.mark.parametrize(
    ("state", "action"),
    [(S.NEW, workflow.START), (S.NEW, workflow.FINISH), (S.DONE, workflow.REASSIGN), (S.DECLINED, workflow.START)],
)
def test_steps_outside_the_table_are_refused_with_a_reason(initiative, west_coordinator, west_supporter, state, action):
    request = SupportRequestFactory(
        initiative=initiative,
        status=state,
        supporter=west_supporter if state != S.NEW else None,
        closing_note="Klaar." if state in (S.DONE, S.DECLINED) else "",
    )
    with pytest.raises(SupportError, match="not possible"):
        move(request, action, west_coordinator, supporter=west_supporter, due_date=DUE, note="x")
    request.refresh_from_db()
    assert request.status == state


def test_people_without_the_right_are_refused(initiative, initiator, west_supporter):
    request = SupportRequestFactory(initiative=initiative)
    for actor in (initiator, west_supporter, coordinator("zuid"), city_coordinator(), UserFactory()):
        with pytest.raises(PermissionDenied):
            move(request, workflow.ASSIGN, actor, supporter=west_supporter, due_date=DUE)
    with pytest.raises(PermissionDenied):
        support_request_create(initiative=initiative, actor=UserFactory(), need="subsidy", description="Hulp")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"supporter": None}, "Choose a supporter"),
        ({"due_date": None}, "Give a due date"),
        ({"due_date": date(2020, 1, 1)}, "cannot be in the past"),
    ],
)
def test_an_assignment_needs_a_supporter_and_a_due_date(initiative, west_coordinator, west_supporter, kwargs, message):
    request = SupportRequestFactory(initiative=initiative)
    with pytest.raises(SupportError, match=message):
        move(request, workflow.ASSIGN, west_coordinator, **{"supporter": west_supporter, "due_date": DUE, **kwargs})


def test_only_a_supporter_of_the_initiatives_district_can_be_assigned(initiative, west_coordinator):
    request = SupportRequestFactory(initiative=initiative)
    for person in (supporter("zuid"), UserFactory(), coordinator("west")):
        with pytest.raises(SupportError, match="not a supporter"):
            move(request, workflow.ASSIGN, west_coordinator, supporter=person, due_date=DUE)


def test_closing_needs_a_note(initiative, west_supporter):
    request = SupportRequestFactory(initiative=initiative, status=S.IN_PROGRESS, supporter=west_supporter)
    with pytest.raises(SupportError, match="closing note"):
        move(request, workflow.FINISH, west_supporter, note="   ")
    request.refresh_from_db()
    assert request.status == S.IN_PROGRESS


@pytest.mark.parametrize(("need", "description"), [("money", "Hulp"), ("subsidy", "   ")])
def test_a_request_needs_a_known_need_and_a_description(initiative, initiator, need, description):
    with pytest.raises(SupportError):
        support_request_create(initiative=initiative, actor=initiator, need=need, description=description)
    assert not SupportRequest.objects.exists()


def test_a_withdrawn_initiative_cannot_ask_for_help(initiator, initiative):
    initiative.status = "withdrawn"
    initiative.save()
    with pytest.raises(PermissionDenied):
        support_request_create(initiative=initiative, actor=initiator, need="subsidy", description="Hulp")


def test_the_default_due_date_counts_ten_working_days():
    # Friday 27 November 2026: two working weeks later is Friday 11 December.
    friday = timezone.make_aware(timezone.datetime(2026, 11, 27, 15, 0))
    assert default_due_date(now=friday) == date(2026, 12, 11)
