"""The workflow engine itself (mokum/workflow.py), through the real flows of the three apps: it locks the row,
refuses a stale form, a missing edge, a person without the permission and a missing field without writing
anything, and lets nothing leave before the transaction commits."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from connect import workflow as connect_workflow
from connect.services import OFFER_FLOW, ConnectError, OfferNotPossible
from connect.services import NotPermitted as OfferRefused
from dialogues import workflow as dialogue_workflow
from dialogues.errors import ActionNotAllowed, ActionRefused, DialogueChanged, DialogueError
from dialogues.flow import DIALOGUE_FLOW
from dialogues.models import Dialogue, DialogueEvent, Message
from dialogues.services import dialogue_transition
from dialogues.workflow import Action as DialogueAction
from initiatives import workflow as initiative_workflow
from initiatives.connecting import JOIN_REQUEST_FLOW, NETWORK_INVITATION_FLOW
from initiatives.models import Initiative
from initiatives.services import INITIATIVE_FLOW, InitiativeError, InitiativeFlow, NotPermitted, initiative_transition
from initiatives.workflow import Action as InitiativeAction
from mokum.workflow import MissingField, NotAllowed, Refused, StaleVersion, WorkflowError, take
from notifications.models import Notification
from notifications.signals import notifications_written
from support import workflow as support_workflow
from support.services import SUPPORT_REQUEST_FLOW, SupportError, support_request_transition
from tests.accounts import factories as people
from tests.concurrency import run_together
from tests.dialogues.factories import dialogue_in, make_cast
from tests.initiatives.factories import InitiativeFactory, owner_of
from tests.support.factories import SupportRequestFactory

S = Initiative.Status
FLOWS = [DIALOGUE_FLOW, INITIATIVE_FLOW, SUPPORT_REQUEST_FLOW, OFFER_FLOW, JOIN_REQUEST_FLOW, NETWORK_INVITATION_FLOW]


@pytest.mark.parametrize("flow", FLOWS, ids=lambda flow: type(flow).__name__)
def test_every_handler_and_audience_an_edge_names_exists(flow):
    missing = [name for name in flow.table.handler_names() if not hasattr(flow, f"_{name}")]
    audiences = {name for edge in flow.table.values() for notice in edge.notices for name in notice.to}
    missing += [f"to {name}" for name in audiences if not hasattr(flow, f"_to_{name}")]
    assert not missing


def test_the_app_errors_are_one_family():
    assert issubclass(ActionNotAllowed, NotAllowed) and issubclass(ActionRefused, Refused)
    assert issubclass(DialogueChanged, StaleVersion) and issubclass(DialogueError, WorkflowError)
    assert issubclass(NotPermitted, Refused) and issubclass(InitiativeError, WorkflowError)
    assert issubclass(SupportError, WorkflowError)
    assert issubclass(ConnectError, WorkflowError) and issubclass(OfferRefused, Refused)
    assert issubclass(OfferNotPossible, NotAllowed)
    # A support refusal stays a PermissionDenied (views answer 403), and a missing field a ValidationError.
    assert issubclass(SUPPORT_REQUEST_FLOW.refused_error, PermissionDenied)
    assert issubclass(MissingField, ValidationError)


def history_of(initiative):
    return list(initiative.history.values_list("status", flat=True))


@pytest.mark.django_db
def test_a_refused_permission_writes_nothing():
    initiative = InitiativeFactory(status=S.SUBMITTED)
    people.coordinator("west")
    before = history_of(initiative)
    with pytest.raises(Refused) as refused:
        initiative_transition(initiative=initiative, action=InitiativeAction.ACCEPT, actor=people.UserFactory())
    assert isinstance(refused.value, NotPermitted) and refused.value.message
    initiative.refresh_from_db()
    assert initiative.status == S.SUBMITTED and history_of(initiative) == before
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_missing_edge_is_not_allowed_and_writes_nothing():
    request = SupportRequestFactory(status=support_workflow.S.NEW)
    with pytest.raises(NotAllowed):
        support_request_transition(
            support_request=request, action=support_workflow.START, actor=people.coordinator("west")
        )
    request.refresh_from_db()
    assert request.status == support_workflow.S.NEW and request.history.count() == 1


@pytest.mark.django_db
def test_a_missing_field_names_the_field_and_writes_nothing():
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    events = DialogueEvent.objects.filter(dialogue=dialogue).count()
    with pytest.raises(MissingField) as error:
        dialogue_transition(dialogue=dialogue, action=DialogueAction.ASK, actor=cast.lead, text="  ")
    assert set(error.value.message_dict) == {"text"}
    dialogue.refresh_from_db()
    assert dialogue.state == Dialogue.State.IN_DIALOGUE
    assert DialogueEvent.objects.filter(dialogue=dialogue).count() == events
    assert not Message.objects.filter(dialogue=dialogue, kind="question").exists()


@pytest.mark.django_db
def test_a_stale_version_is_refused_before_anything_is_written():
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    seen = dialogue.version
    dialogue_transition(dialogue=dialogue, action=DialogueAction.NOTE, actor=cast.lead, text="Even bellen.")
    with pytest.raises(StaleVersion):
        dialogue_transition(
            dialogue=dialogue, action=DialogueAction.ASK, actor=cast.lead, text="Hoe breed?", expected_version=seen
        )
    dialogue.refresh_from_db()
    assert (dialogue.state, dialogue.version) == (Dialogue.State.IN_DIALOGUE, seen + 1)
    assert not Message.objects.filter(dialogue=dialogue, kind="question").exists()


@pytest.fixture
def delivered():
    """Collect the notification ids handed over for delivery (a signal sent only after commit)."""
    collected = []

    def receive(sender, ids=(), **kwargs):
        collected.extend(ids)

    notifications_written.connect(receive, weak=False)
    yield collected
    notifications_written.disconnect(receive)


@pytest.mark.django_db
def test_notices_leave_only_after_commit(delivered, django_capture_on_commit_callbacks):
    initiative = InitiativeFactory(status=S.DRAFT)
    coordinator = people.coordinator("west")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        initiative_transition(initiative=initiative, action=InitiativeAction.SUBMIT, actor=owner_of(initiative))
    written = Notification.objects.get(recipient=coordinator, kind="initiative_submitted")
    assert delivered == [] and callbacks
    for callback in callbacks:
        callback()
    assert delivered == [written.pk]


class Boom(Exception):
    pass


@pytest.mark.django_db
def test_a_rolled_back_step_sends_nothing_and_runs_no_callback(delivered, django_capture_on_commit_callbacks):
    initiative = InitiativeFactory(status=S.DRAFT)
    people.coordinator("west")
    ran = []

    class CountingFlow(InitiativeFlow):
        def _queue(self, step):
            super()._queue(step)
            step.after_commit(lambda: ran.append(step.action))

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom), transaction.atomic():
        take(CountingFlow(), obj=initiative, action=InitiativeAction.SUBMIT, actor=owner_of(initiative))
        raise Boom
    assert callbacks == [] and ran == [] and delivered == []
    initiative.refresh_from_db()
    assert initiative.status == S.DRAFT and not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        take(CountingFlow(), obj=initiative, action=InitiativeAction.SUBMIT, actor=owner_of(initiative))
    assert ran == [InitiativeAction.SUBMIT] and len(delivered) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_one_wins_on_the_locked_row():
    """Accept and refuse of one initiative at the same moment: the row lock lets one through; the other finds
    the status changed and is refused, so the history holds exactly one decision."""
    initiative = InitiativeFactory(status=S.SUBMITTED)
    first, second = people.coordinator("west"), people.coordinator("west")

    def decide(action, actor):
        return lambda: initiative_transition(
            initiative=Initiative(pk=initiative.pk), action=action, actor=actor, note="Besluit van de intake."
        )

    results = run_together(decide(InitiativeAction.ACCEPT, first), decide(InitiativeAction.REFUSE, second))

    assert sorted(kind for kind, _result in results) == ["ok", "refused"]
    assert all(isinstance(error, NotAllowed) for kind, error in results if kind == "refused")
    initiative.refresh_from_db()
    assert initiative.status in (S.ACTIVE, S.REFUSED)
    assert [record.history_change_reason for record in initiative.history.order_by("history_date")][1:] == [
        InitiativeAction.ACCEPT if initiative.status == S.ACTIVE else InitiativeAction.REFUSE
    ]


TABLE_MODULES = [dialogue_workflow, initiative_workflow, support_workflow, connect_workflow]


@pytest.mark.parametrize("module", TABLE_MODULES, ids=lambda m: m.__name__)
def test_the_readme_shows_every_table_as_it_is(module):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"```mermaid\n{module.diagram()}\n```" in readme
