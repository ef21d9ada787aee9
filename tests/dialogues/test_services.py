"""The dialogue services: clocks and deadlines, the reasoning requirement, automatic moves, overdue once,
holidays moving deadlines, commitments, notifications, and the append-only history."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.models import Role
from dialogues.clocks import dialogues_apply_expired_clocks, dialogues_log_overdue, dialogues_recompute_deadlines
from dialogues.commitments import commitment_drop, commitment_mark_done
from dialogues.errors import ActionNotAllowed, ActionRefused, DialogueChanged
from dialogues.models import (
    REASONING_MIN_LENGTH,
    AppendOnly,
    Commitment,
    Dialogue,
    DialogueAssignment,
    DialogueEvent,
    Outcome,
    WaitingOn,
)
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import OVERDUE, Action
from districts.models import Holiday
from districts.workdays import AMSTERDAM, add_working_days, end_of_day, load_holidays
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.dialogues.factories import REASONING, commitment, dialogue_in, make_cast, step

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State
# Monday 7 December 2026, 10:00 in Amsterdam: clear of holidays for the next weeks.
MONDAY = datetime(2026, 12, 7, 10, tzinfo=AMSTERDAM)


@pytest.fixture
def cast():
    return make_cast()


def opened(cast, now=MONDAY):
    return dialogue_open(initiative=cast.initiative, question="Mogen wij geveltuinen?", actor=cast.coordinator, now=now)


def test_open_starts_the_triage_clock_and_tells_the_initiative(cast):
    from initiatives.models import Follow

    follower = UserFactory()
    Follow.objects.create(initiative=cast.initiative, user=follower)
    dialogue = opened(cast)
    assert (dialogue.state, dialogue.waiting_on, dialogue.district) == (
        S.REQUESTED,
        WaitingOn.COORDINATOR,
        cast.initiative.district,
    )
    assert dialogue.deadline_at == end_of_day(date(2026, 12, 14))  # 5 working days
    assert dialogue.turn_days == 5 and dialogue.turn_started_at == MONDAY
    assert dialogue.events.get().action == "open"
    told = set(Notification.objects.filter(kind="dialogue_opened").values_list("recipient", flat=True))
    assert told == {cast.owner.pk, cast.co_initiator.pk, follower.pk}


def test_an_initiator_asks_for_a_dialogue_and_the_coordinator_is_told(cast):
    dialogue = dialogue_open(initiative=cast.initiative, question="Mag de stoep open?", actor=cast.owner, now=MONDAY)
    assert (dialogue.state, dialogue.waiting_on) == (S.REQUESTED, WaitingOn.COORDINATOR)
    event = dialogue.events.get()
    assert (event.action, event.actor_kind) == ("open", "initiator")
    told = set(Notification.objects.filter(kind="dialogue_requested").values_list("recipient", flat=True))
    assert told == {cast.coordinator.pk}


def test_only_the_initiators_or_a_coordinator_of_the_district_open_and_only_for_an_active_initiative(cast):
    for person in (cast.lead, cast.other_coordinator, cast.city, cast.resident):
        with pytest.raises(ActionRefused):
            dialogue_open(initiative=cast.initiative, question="Vraag", actor=person)
    cast.initiative.status = "submitted"
    cast.initiative.save()
    with pytest.raises(ActionRefused):
        dialogue_open(initiative=cast.initiative, question="Vraag", actor=cast.coordinator)
    assert not Dialogue.objects.exists()


def test_assignment_snapshots_department_and_job_title(cast):
    dialogue = step(opened(cast), A.ASSIGN, cast.coordinator, MONDAY, official=cast.lead)
    lead = dialogue.assignments.get(is_lead=True)
    assert (lead.department_name, lead.job_title) == ("Gebiedsteam West", Role.JobTitle.AREA_MANAGER)
    assert dialogue.waiting_on == WaitingOn.OFFICIALS
    assert dialogue.deadline_at == end_of_day(date(2026, 12, 21))  # 10 working days for a first answer
    # The official changes jobs: what happened keeps the role they had.
    role = Role.objects.get(user=cast.lead, kind=Role.Kind.OFFICIAL)
    role.job_title = Role.JobTitle.CIVIL_SERVANT
    role.save()
    answered = step(dialogue, A.ANSWER, cast.lead, MONDAY + timedelta(days=1), text="Eerste antwoord.")
    message = answered.messages.get()
    with translation.override("en"):
        assert message.actor_role == "official (area manager, Gebiedsteam West)"
    lead.refresh_from_db()
    assert lead.job_title == Role.JobTitle.AREA_MANAGER


def test_only_officials_of_the_district_can_be_assigned(cast):
    with pytest.raises(ValidationError) as error:
        step(opened(cast), A.ASSIGN, cast.coordinator, MONDAY, official=cast.other_official)
    assert "official" in error.value.message_dict


def test_first_answer_records_the_first_response_and_starts_the_answer_clock(cast):
    dialogue = step(opened(cast), A.ASSIGN, cast.coordinator, MONDAY, official=cast.lead)
    later = MONDAY + timedelta(days=2)
    dialogue = step(dialogue, A.ANSWER, cast.lead, later, text="We gaan ermee aan de slag.")
    assert dialogue.state == S.IN_DIALOGUE and dialogue.first_response_at == later
    assert dialogue.deadline_at == add_working_days(later, 10, load_holidays())
    dialogue = step(dialogue, A.ANSWER, cast.lead, later + timedelta(days=1), text="Nog een antwoord.")
    assert dialogue.first_response_at == later  # only the first one counts


def test_a_question_moves_the_ball_and_the_answer_brings_it_back(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast, now=MONDAY)
    asked = step(dialogue, A.ASK, cast.lead, MONDAY, text="Hoeveel bewoners doen mee?")
    assert (asked.state, asked.waiting_on, asked.turn_days) == (S.AWAITING_INITIATIVE, WaitingOn.INITIATIVE, 15)
    # The initiative adds something while the officials wait: their own clock keeps running.
    replied = step(asked, A.REPLY, cast.owner, MONDAY + timedelta(days=3), text="Twaalf huishoudens.")
    assert (replied.state, replied.waiting_on, replied.turn_days) == (S.IN_DIALOGUE, WaitingOn.OFFICIALS, 10)
    again = step(replied, A.REPLY, cast.co_initiator, MONDAY + timedelta(days=4), text="En de school.")
    assert (again.clock, again.deadline_at) == (replied.clock, replied.deadline_at)


def test_reasoning_must_have_real_length(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    short = "Het mag niet."
    with pytest.raises(ValidationError) as error:
        step(dialogue, A.PROPOSE, cast.lead, None, outcome_type="declined", summary="Nee.", reasoning=short)
    assert str(REASONING_MIN_LENGTH) in error.value.message_dict["reasoning"][0]
    assert str(len(short)) in error.value.message_dict["reasoning"][0]
    with pytest.raises(ValidationError) as error:
        step(dialogue, A.PROPOSE, cast.lead, None, outcome_type="declined", summary="x" * 201, reasoning=REASONING)
    assert "summary" in error.value.message_dict
    exactly = "a" * REASONING_MIN_LENGTH
    proposed = step(dialogue, A.PROPOSE, cast.lead, None, outcome_type="declined", summary="Nee.", reasoning=exactly)
    assert proposed.state == S.OUTCOME_PROPOSED
    # The database holds the line too, whatever code writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(
            dialogue=proposed,
            type="agreed",
            summary="Ja",
            reasoning="te kort",
            decided_at=timezone.now(),
            actor_kind="official",
        )


def test_commitments_need_what_who_and_a_date_that_has_not_passed(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    bad = [
        {"what": "", "owner": cast.lead, "due_date": date(2030, 1, 1)},
        {"what": "Tegels", "owner": None, "owner_label": "", "due_date": date(2030, 1, 1)},
        {"what": "Tegels", "owner": cast.lead, "due_date": date(2020, 1, 1)},
    ]
    with pytest.raises(ValidationError) as error:
        step(
            dialogue,
            A.PROPOSE,
            cast.lead,
            None,
            outcome_type="agreed",
            summary="Ja.",
            reasoning=REASONING,
            commitments=bad,
        )
    assert len(error.value.message_dict["commitments"]) == 3
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE and not Commitment.objects.exists()


def test_accepting_concludes_with_the_outcome_type_kept_apart(cast):
    dialogue = dialogue_in(S.OUTCOME_PROPOSED, cast)
    concluded = step(dialogue, A.ACCEPT, cast.owner, None)
    outcome = concluded.outcomes.get()
    assert (outcome.status, outcome.settlement) == (Outcome.Status.ACCEPTED, Outcome.Settlement.BY_INITIATIVE)
    assert concluded.public_status == "concluded_agreed"
    declined = make_cast()
    d = dialogue_in(S.IN_DIALOGUE, declined)
    d = step(d, A.PROPOSE, declined.lead, None, outcome_type="declined", summary="Nee.", reasoning=REASONING)
    d = step(d, A.ACCEPT, declined.owner, None)
    assert d.public_status == "concluded_not_agreed"
    assert str(d.public_label) != str(concluded.public_label)


def test_contest_resume_returns_the_outcome_and_its_commitments_no_longer_stand(cast):
    dialogue = dialogue_in(S.CONTESTED, cast)
    assert dialogue.outcomes.get().status == Outcome.Status.CONTESTED
    resumed = step(dialogue, A.RESUME, cast.coordinator, None, reason="Er is meer overleg nodig.")
    assert resumed.state == S.IN_DIALOGUE
    assert resumed.outcomes.get().status == Outcome.Status.RETURNED
    assert not Commitment.objects.live().exists()


def test_reopen_only_within_the_window(cast):
    dialogue = dialogue_in(S.CONCLUDED, cast)
    limit = add_working_days(dialogue.concluded_at, dialogue.district.reopen_days, load_holidays())
    with pytest.raises(ActionNotAllowed):
        step(dialogue, A.REQUEST_REOPEN, cast.owner, limit + timedelta(seconds=1), reason="Te laat.")
    reopened = step(dialogue, A.REQUEST_REOPEN, cast.owner, None, reason="De tegels zijn niet gewipt.")
    assert (reopened.state, reopened.waiting_on) == (S.REOPENED, WaitingOn.COORDINATOR)
    again = step(reopened, A.REOPEN, cast.coordinator, None, reason="Terecht.")
    assert again.state == S.IN_DIALOGUE and again.outcome_type == "" and again.concluded_at is None
    assert again.outcomes.get().status == Outcome.Status.SUPERSEDED


def test_reassign_keeps_the_clock_and_one_lead(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    handed = step(dialogue, A.REASSIGN, cast.coordinator, None, official=cast.district_official, reason="Verlof.")
    assert (handed.clock, handed.deadline_at) == (dialogue.clock, dialogue.deadline_at)
    leads = DialogueAssignment.objects.filter(dialogue=dialogue, is_lead=True, ended_at__isnull=True)
    assert [a.official for a in leads] == [cast.district_official]
    # The member becomes lead: still one lead.
    handed = step(handed, A.REASSIGN, cast.coordinator, None, official=cast.member, reason="Zij kent de buurt.")
    assert (
        DialogueAssignment.objects.filter(dialogue=dialogue, is_lead=True, ended_at__isnull=True).get().official
        == cast.member
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DialogueAssignment.objects.create(
            dialogue=dialogue,
            official=cast.lead,
            official_name="x",
            is_lead=True,
            job_title="civil_servant",
            assigned_at=timezone.now(),
        )


def test_a_stale_form_is_refused_and_changes_nothing(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    seen = dialogue.version
    step(dialogue, A.REPLY, cast.owner, None, text="Wij hebben nog een vraag.")
    with pytest.raises(DialogueChanged) as error:
        dialogue_transition(dialogue=dialogue, action=A.ASK, actor=cast.lead, text="Hoeveel?", expected_version=seen)
    assert "reload" in error.value.message.lower()
    assert not dialogue.messages.filter(kind="question").exists()


def test_expired_clocks_move_on_by_themselves():
    waiting_cast, proposed_cast = make_cast(), make_cast()
    waiting = dialogue_in(S.AWAITING_INITIATIVE, waiting_cast)
    proposed = dialogue_in(S.OUTCOME_PROPOSED, proposed_cast)
    before_deadline = min(waiting.deadline_at, proposed.deadline_at) - timedelta(hours=1)
    assert dialogues_apply_expired_clocks(now=before_deadline) == 0
    after = max(waiting.deadline_at, proposed.deadline_at) + timedelta(minutes=1)
    assert dialogues_apply_expired_clocks(now=after) == 2
    waiting.refresh_from_db()
    proposed.refresh_from_db()
    assert (waiting.state, waiting.waiting_on) == (S.IN_DIALOGUE, WaitingOn.OFFICIALS)
    assert waiting.events.last().action == A.INITIATIVE_TIME_UP and waiting.events.last().actor_kind == "system"
    assert proposed.state == S.CONCLUDED
    assert proposed.outcomes.get().settlement == Outcome.Settlement.BY_DEADLINE
    assert dialogues_apply_expired_clocks(now=after) == 0


def test_the_platform_cannot_move_a_clock_before_its_deadline(cast):
    waiting = dialogue_in(S.AWAITING_INITIATIVE, cast)
    with pytest.raises(ActionNotAllowed):
        dialogue_transition(dialogue=waiting, action=A.INITIATIVE_TIME_UP, actor=None, now=waiting.deadline_at)


def test_overdue_is_logged_once_per_clock(cast):
    dialogue = dialogue_in(S.ASSIGNED, cast)
    late = dialogue.deadline_at + timedelta(days=1)
    assert dialogues_log_overdue(now=dialogue.deadline_at) == 0
    assert dialogues_log_overdue(now=late) == 1
    assert dialogues_log_overdue(now=late + timedelta(days=3)) == 0
    event = DialogueEvent.objects.get(dialogue=dialogue, action=OVERDUE)
    assert (event.created_at, event.clock, event.waiting_on) == (
        dialogue.deadline_at,
        dialogue.clock,
        WaitingOn.OFFICIALS,
    )
    # The database refuses a second one for the same clock, whatever code tries.
    with pytest.raises(IntegrityError), transaction.atomic():
        DialogueEvent.objects.create(
            dialogue=dialogue,
            action=OVERDUE,
            to_state=dialogue.state,
            clock=dialogue.clock,
            waiting_on="officials",
            actor_kind="system",
            created_at=late,
        )
    # A new turn is a new clock: it can become overdue once too.
    answered = step(dialogue, A.ANSWER, cast.lead, late, text="Sorry voor de vertraging.")
    assert dialogues_log_overdue(now=answered.deadline_at + timedelta(days=1)) == 1
    assert DialogueEvent.objects.filter(dialogue=dialogue, action=OVERDUE).count() == 2


def test_waiting_on_the_initiative_is_never_logged_overdue(cast):
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    assert dialogues_log_overdue(now=dialogue.deadline_at + timedelta(days=5)) == 0


def test_overdue_and_long_overdue_are_derived(cast):
    dialogue = step(opened(cast), A.ASSIGN, cast.coordinator, MONDAY, official=cast.lead)
    assert not dialogue.is_overdue(dialogue.deadline_at)
    assert dialogue.is_overdue(dialogue.deadline_at + timedelta(microseconds=1))
    assert dialogue.long_overdue_at == end_of_day(date(2027, 1, 6))  # 20 working days, over Christmas
    assert not dialogue.is_long_overdue(dialogue.long_overdue_at) and dialogue.is_long_overdue(
        dialogue.long_overdue_at + timedelta(seconds=1)
    )


def test_a_holiday_added_later_moves_open_deadlines(cast, django_capture_on_commit_callbacks):
    dialogue = step(opened(cast), A.ASSIGN, cast.coordinator, MONDAY, official=cast.lead)
    assert dialogue.deadline_at == end_of_day(date(2026, 12, 21))
    ended = dialogue_in(S.WITHDRAWN, make_cast())
    # The city closes on Friday 11 December: every open turn that spans it gets one day more, once the
    # change is committed (a task, not the admin's request, walks the open dialogues).
    with django_capture_on_commit_callbacks() as callbacks:
        closure = Holiday.objects.create(date=date(2026, 12, 11), name="Sluitingsdag", kind=Holiday.Kind.CLOSURE_DAY)
    dialogue.refresh_from_db()
    assert dialogue.deadline_at == end_of_day(date(2026, 12, 21))
    for callback in callbacks:
        callback()
    dialogue.refresh_from_db()
    assert dialogue.deadline_at == end_of_day(date(2026, 12, 22))
    assert dialogue.first_answer_due_at == dialogue.deadline_at  # still the first-answer turn
    assert dialogue.long_overdue_at == end_of_day(date(2027, 1, 7))
    ended.refresh_from_db()
    assert ended.deadline_at is None
    # Moving it past the deadline, then removing it, brings the deadline back.
    closure.date = date(2027, 2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        closure.save()
    dialogue.refresh_from_db()
    assert dialogue.deadline_at == end_of_day(date(2026, 12, 21))
    with django_capture_on_commit_callbacks(execute=True):
        closure.delete()
    assert dialogues_recompute_deadlines() == 0


def test_internal_notes_notify_nobody_and_no_notification_carries_message_text(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    before = Notification.objects.count()
    step(dialogue, A.NOTE, cast.lead, None, text="GEHEIM: de wethouder wil dit eigenlijk niet.")
    assert Notification.objects.count() == before
    step(Dialogue.objects.get(pk=dialogue.pk), A.ANSWER, cast.lead, None, text="Openbaar antwoord.")
    for notification in Notification.objects.all():
        rendered = f"{notification.subject} {notification.body} {notification.params}"
        assert "GEHEIM" not in rendered and "Openbaar antwoord" not in rendered


def test_notifications_go_to_the_other_side_not_to_the_actor(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    Notification.objects.all().delete()
    step(dialogue, A.ASK, cast.lead, None, text="Wanneer kunnen we langskomen?")
    assert set(Notification.objects.values_list("recipient", "kind")) == {
        (cast.owner.pk, "dialogue_question"),
        (cast.co_initiator.pk, "dialogue_question"),
    }
    Notification.objects.all().delete()
    step(Dialogue.objects.get(pk=dialogue.pk), A.REPLY, cast.owner, None, text="Dinsdag.")
    assert set(Notification.objects.values_list("recipient", flat=True)) == {cast.lead.pk, cast.member.pk}
    Notification.objects.all().delete()
    proposed = step(
        Dialogue.objects.get(pk=dialogue.pk),
        A.PROPOSE,
        cast.lead,
        None,
        outcome_type="agreed",
        summary="Ja.",
        reasoning=REASONING,
    )
    notice = Notification.objects.get(recipient=cast.owner)
    assert notice.kind == "dialogue_outcome_proposed" and notice.kind_spec.decides
    Notification.objects.all().delete()
    step(proposed, A.CONTEST, cast.owner, None, reason="Niet mee eens.")
    assert set(Notification.objects.values_list("recipient", flat=True)) == {cast.coordinator.pk}


def test_commitments_are_marked_done_by_their_owner_or_dropped_by_a_coordinator(cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    dialogue = step(
        dialogue,
        A.PROPOSE,
        cast.lead,
        None,
        outcome_type="agreed",
        summary="Ja.",
        reasoning=REASONING,
        commitments=[commitment(owner=cast.lead), commitment(label="Stadsdeel West, afdeling Groen", days=5)],
    )
    step(dialogue, A.ACCEPT, cast.owner, None)
    mine, theirs = Commitment.objects.order_by("-due_date")
    assert mine.owner == cast.lead and theirs.owner_label == "Stadsdeel West, afdeling Groen"
    for person in (cast.owner, cast.member, cast.resident, cast.other_coordinator):
        with pytest.raises(ActionRefused):
            commitment_mark_done(commitment=mine, actor=person)
    commitment_mark_done(commitment=mine, actor=cast.lead)
    mine.refresh_from_db()
    assert mine.status == Commitment.Status.DONE and mine.done_by == cast.lead
    with pytest.raises(ActionNotAllowed):
        commitment_mark_done(commitment=mine, actor=cast.lead)
    with pytest.raises(ActionRefused):
        commitment_drop(commitment=theirs, actor=cast.lead, reason="Geen tijd.")
    with pytest.raises(ValidationError):
        commitment_drop(commitment=theirs, actor=cast.coordinator, reason="  ")
    commitment_drop(commitment=theirs, actor=cast.coordinator, reason="Het budget is op.")
    theirs.refresh_from_db()
    assert theirs.status == Commitment.Status.DROPPED and theirs.dropped_reason == "Het budget is op."
    assert list(dialogue.events.filter(action__startswith="commitment_").values_list("action", flat=True)) == [
        "commitment_done",
        "commitment_dropped",
    ]


def test_an_open_commitment_past_its_due_date_is_overdue(cast):
    dialogue = dialogue_in(S.CONCLUDED, cast)
    item = Commitment.objects.get(dialogue=dialogue)
    assert not item.is_overdue(item.due_date)
    assert item.is_overdue(item.due_date + timedelta(days=1))
    assert list(Commitment.objects.overdue(item.due_date + timedelta(days=1))) == [item]
    commitment_mark_done(commitment=item, actor=cast.lead)
    item.refresh_from_db()
    assert not item.is_overdue(item.due_date + timedelta(days=1))


def test_events_are_append_only(cast):
    dialogue = dialogue_in(S.ASSIGNED, cast)
    event = dialogue.events.first()
    event.reason = "anders"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    assert dialogue.events.count() == 3


def test_every_notification_renders_in_both_languages():
    cast = make_cast()
    from initiatives.models import Follow

    Follow.objects.create(initiative=cast.initiative, user=UserFactory())
    contested = dialogue_in(S.CONTESTED, cast, escalated=True)
    resumed = step(contested, A.RESUME, cast.board, None, reason="Praat verder.")
    step(resumed, A.WITHDRAW, cast.owner, None, reason="Klaar ermee.")
    other = make_cast()
    reopened = dialogue_in(S.REOPENED, other)
    step(reopened, A.REFUSE_REOPEN, other.coordinator, None, reason="Nee.")
    third = make_cast()
    step(
        dialogue_in(S.IN_DIALOGUE, third),
        A.CLOSE,
        third.coordinator,
        None,
        closure_kind="duplicate",
        reason="x",
        referral="y",
    )
    waiting = dialogue_in(S.AWAITING_INITIATIVE, make_cast())
    dialogues_apply_expired_clocks(now=waiting.deadline_at + timedelta(hours=1))
    fourth = make_cast()
    handed = step(dialogue_in(S.REOPENED, fourth), A.REOPEN, fourth.coordinator, None, reason="Goed punt.")
    step(handed, A.REASSIGN, fourth.coordinator, None, official=fourth.district_official, reason="Verlof.")
    concluded = dialogue_in(S.CONCLUDED, make_cast())
    item = concluded.commitments.get()
    commitment_mark_done(commitment=item, actor=item.owner)
    asking = make_cast()
    requested = dialogue_open(initiative=asking.initiative, question="Kan dit?", actor=asking.owner)
    step(requested, A.RECORD, asking.coordinator, None, text="Afgesproken: we bellen volgende week.")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    from dialogues import notices  # noqa: F401 - the kinds this app registers
    from notifications.kinds import KINDS

    ours = {name for name in KINDS if name.startswith(("dialogue_", "commitment_"))}
    assert ours <= kinds, ours - kinds
    for notification in Notification.objects.all():
        for language in ("nl", "en"):
            with translation.override(language):
                assert notification.subject and notification.body
