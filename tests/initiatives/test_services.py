from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from initiatives import selectors, services
from initiatives.models import Follow, Initiative, Initiator, Invitation, Report, Support, Theme
from initiatives.services import InitiativeError, NotPermitted
from initiatives.workflow import Action
from notifications.models import Notification
from tests.accounts import factories as people
from tests.initiatives.factories import InitiativeFactory, InitiativeUpdateFactory, co_initiator, owner_of

pytestmark = pytest.mark.django_db

S = Initiative.Status


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# Registering and the intake


def test_a_resident_registers_a_draft_that_only_they_and_the_coordinators_see():
    resident = people.UserFactory()
    initiative = services.initiative_create(
        owner=resident,
        title="Taalcafé in de bibliotheek",
        summary="Elke week Nederlands oefenen.",
        description="Met vrijwilligers als taalmaatje.",
        ask="",
        district=people.district("west"),
        area=None,
        network=None,
        image=None,
        image_alt="",
        themes=Theme.objects.filter(slug__in=["social", "culture"]),
    )
    assert initiative.status == S.DRAFT
    assert initiative.initiator_links.get().role == Initiator.Role.OWNER
    assert sorted(initiative.themes.values_list("slug", flat=True)) == ["culture", "social"]
    assert initiative not in Initiative.objects.public()
    assert initiative.history.get().history_user == resident


def test_initiators_edit_a_draft_but_not_once_it_is_submitted():
    initiative = InitiativeFactory(status=S.DRAFT)
    owner = owner_of(initiative)
    services.initiative_edit(initiative=initiative, actor=owner, title="Geveltuinen overal")
    assert Initiative.objects.get(pk=initiative.pk).title == "Geveltuinen overal"

    services.initiative_transition(initiative=initiative, action=Action.SUBMIT, actor=owner)
    with pytest.raises(NotPermitted):
        services.initiative_edit(initiative=initiative, actor=owner, title="Nog iets anders")
    assert Initiative.objects.get(pk=initiative.pk).title == "Geveltuinen overal"


def test_submitting_puts_it_in_the_queue_and_tells_the_districts_coordinators():
    initiative = InitiativeFactory(status=S.DRAFT, submitted_at=None)
    west, oost = people.coordinator("west"), people.coordinator("oost")
    now = timezone.now()
    services.initiative_transition(initiative=initiative, action=Action.SUBMIT, actor=owner_of(initiative), now=now)
    initiative.refresh_from_db()
    assert initiative.submitted_at == now
    assert list(selectors.intake_queue(west)) == [initiative]
    assert list(selectors.intake_queue(oost)) == []
    assert kinds_for(west) == ["initiative_submitted"] and kinds_for(oost) == []


def test_an_answered_question_keeps_its_place_in_the_queue():
    coordinator = people.coordinator("west")
    first = InitiativeFactory(status=S.SUBMITTED, submitted_at=timezone.now() - timedelta(days=5))
    second = InitiativeFactory(status=S.SUBMITTED, submitted_at=timezone.now() - timedelta(days=2))
    services.initiative_transition(initiative=first, action=Action.ASK, actor=coordinator, note="Wie doet mee?")
    services.initiative_transition(initiative=first, action=Action.ANSWER, actor=owner_of(first), note="Twintig buren.")
    assert list(selectors.intake_queue(coordinator)) == [first, second]


def test_accepting_makes_it_public_and_mails_the_initiators_after_commit(django_capture_on_commit_callbacks):
    initiative = InitiativeFactory(status=S.SUBMITTED, accepted_at=None)
    owner, partner = owner_of(initiative), co_initiator(initiative)
    owner.preferred_language = "en"
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(initiative=initiative, action=Action.ACCEPT, actor=people.coordinator("west"))
    initiative.refresh_from_db()
    assert initiative.accepted_at is not None and initiative in Initiative.objects.public()
    assert kinds_for(owner) == kinds_for(partner) == ["initiative_accepted"]
    english = next(message for message in mail.outbox if message.to == [owner.email])
    assert english.subject == f"[Kracht van Mokum] Your initiative “{initiative.title}” is accepted"


@pytest.mark.parametrize(
    ("action", "kind", "status"),
    [
        (Action.ASK, "initiative_information_requested", S.INFORMATION_REQUESTED),
        (Action.REFUSE, "initiative_refused", S.REFUSED),
    ],
)
def test_the_question_or_the_reason_reaches_the_initiators(action, kind, status):
    initiative = InitiativeFactory(status=S.INTAKE)
    note = "Hoeveel buren doen mee, en wie onderhoudt de tuinen?"
    services.initiative_transition(initiative=initiative, action=action, actor=people.coordinator("west"), note=note)
    initiative.refresh_from_db()
    assert (initiative.status, initiative.intake_note) == (status, note)
    notification = Notification.objects.get(recipient=owner_of(initiative))
    assert notification.kind == kind and note in notification.body
    assert initiative.is_editable == (status == S.INFORMATION_REQUESTED)


def test_the_timeline_shows_visitors_the_steps_and_those_involved_the_notes():
    initiative = InitiativeFactory(status=S.SUBMITTED, accepted_at=None)
    coordinator, owner = people.coordinator("west"), owner_of(initiative)
    services.initiative_transition(initiative=initiative, action=Action.ASK, actor=coordinator, note="Wie?")
    services.initiative_transition(initiative=initiative, action=Action.ANSWER, actor=owner, note="Wij.")
    services.initiative_transition(initiative=initiative, action=Action.ACCEPT, actor=coordinator)

    public = selectors.initiative_timeline(initiative, full=False)
    full = selectors.initiative_timeline(initiative, full=True)
    # The question and the answer are for those involved; a visitor sees the acceptance.
    assert [str(entry.label) for entry in public] == ["Accepted: the initiative is public"]
    assert [entry.note for entry in full if entry.note] == ["Wie?", "Wij."]
    assert full[-1].actor == coordinator.display_name


# Support, follow, updates


def test_support_is_counted_once_and_can_be_withdrawn():
    initiative = InitiativeFactory(status=S.ACTIVE)
    resident = people.UserFactory()
    services.support_add(initiative=initiative, user=resident, listed_publicly=False, neighbourhood="Jordaan")
    assert initiative.supporter_count == 1
    with pytest.raises(InitiativeError, match="already support"):
        services.support_add(initiative=initiative, user=resident)
    assert Initiative.objects.get(pk=initiative.pk).supporter_count == 1
    assert Support.objects.get().neighbourhood == "Jordaan"

    assert services.support_withdraw(initiative=initiative, user=resident) is True
    assert services.support_withdraw(initiative=initiative, user=resident) is False
    assert Initiative.objects.get(pk=initiative.pk).supporter_count == 0


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.REALISED, S.WITHDRAWN])
def test_only_an_active_initiative_can_be_supported(status):
    initiative = InitiativeFactory(status=status)
    with pytest.raises(NotPermitted):
        services.support_add(initiative=initiative, user=people.UserFactory())
    assert not Support.objects.exists()


def test_initiators_do_not_count_themselves():
    initiative = InitiativeFactory(status=S.ACTIVE)
    with pytest.raises(NotPermitted):
        services.support_add(initiative=initiative, user=owner_of(initiative))


def test_the_supporter_list_names_only_those_who_chose_so():
    initiative = InitiativeFactory(status=S.ACTIVE)
    named = people.UserFactory(display_name="Noor B.")
    services.support_add(initiative=initiative, user=named, neighbourhood="De Pijp")
    services.support_add(initiative=initiative, user=people.UserFactory(display_name="Geheim"), listed_publicly=False)
    supporters = selectors.supporters_of(initiative)
    assert [row["user__display_name"] for row in supporters.listed] == ["Noor B."]
    assert (supporters.listed_count, supporters.anonymous_count) == (1, 1)


def test_growth_counts_new_supporters_per_week():
    initiative = InitiativeFactory(status=S.ACTIVE)
    now = timezone.now()
    for days_ago in (1, 2, 10, 60):
        services.support_add(initiative=initiative, user=people.UserFactory(), now=now - timedelta(days=days_ago))
    weeks = selectors.support_growth(initiative, now=now)
    assert len(weeks) == 8
    assert [week.new for week in weeks][-2:] == [1, 2]
    assert weeks[0].total - weeks[0].new == 1  # the one from before the eight weeks
    assert weeks[-1].total == 4 and weeks[-1].percent == 100


def test_following_twice_changes_nothing_and_unfollowing_works():
    initiative = InitiativeFactory(status=S.ACTIVE)
    resident = people.UserFactory()
    services.follow_add(initiative=initiative, user=resident)
    services.follow_add(initiative=initiative, user=resident)
    assert Follow.objects.count() == 1
    assert services.follow_remove(initiative=initiative, user=resident) is True
    assert not Follow.objects.exists()


def test_an_update_reaches_supporters_and_followers_once_each_but_not_its_author():
    initiative = InitiativeFactory(status=S.ACTIVE)
    owner = owner_of(initiative)
    supporter, follower, both, stranger = (people.UserFactory() for _ in range(4))
    services.support_add(initiative=initiative, user=supporter)
    services.support_add(initiative=initiative, user=both)
    services.follow_add(initiative=initiative, user=follower)
    services.follow_add(initiative=initiative, user=both)
    services.follow_add(initiative=initiative, user=owner)

    services.initiative_update_post(initiative=initiative, author=owner, text="De tegels zijn gewipt!")

    reached = Notification.objects.filter(kind="initiative_update").values_list("recipient", flat=True)
    assert sorted(reached) == sorted([supporter.pk, follower.pk, both.pk])
    assert stranger.pk not in reached
    assert "De tegels zijn gewipt!" in Notification.objects.filter(kind="initiative_update").first().body


def test_an_empty_update_is_refused():
    initiative = InitiativeFactory(status=S.ACTIVE)
    with pytest.raises(InitiativeError, match="write the update"):
        services.initiative_update_post(initiative=initiative, author=owner_of(initiative), text="   ")


# Co-initiators


def test_an_invitation_is_mailed_after_commit_and_makes_a_co_initiator_once(django_capture_on_commit_callbacks):
    initiative = InitiativeFactory(status=S.DRAFT)
    owner = owner_of(initiative)
    owner.preferred_language = "en"
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(initiative=initiative, email=" Amal@Example.org ", invited_by=owner)
    assert invitation.email == "amal@example.org"
    (message,) = mail.outbox
    assert message.to == ["amal@example.org"]
    assert f"http://testserver/initiatives/invitations/{invitation.token}/" in message.body
    assert "invites you to become a co-initiator" in message.body

    amal = people.UserFactory(email="amal@example.org")
    services.invitation_accept(invitation=invitation, user=amal)
    assert initiative.initiator_links.get(user=amal).role == Initiator.Role.CO_INITIATOR
    assert kinds_for(owner) == ["initiative_coinitiator_joined"]
    assert amal.has_perm("initiatives.edit_initiative", initiative)

    with pytest.raises(InitiativeError, match="already been used"):
        services.invitation_accept(invitation=invitation, user=people.UserFactory())


def test_an_invitation_expires():
    initiative = InitiativeFactory(status=S.ACTIVE)
    invitation = services.invitation_create(
        initiative=initiative,
        email="laat@example.org",
        invited_by=owner_of(initiative),
        now=timezone.now() - Invitation.VALID_FOR - timedelta(minutes=1),
    )
    with pytest.raises(InitiativeError, match="expired"):
        services.invitation_accept(invitation=invitation, user=people.UserFactory())
    assert initiative.initiator_links.count() == 1


def test_only_initiators_invite_and_not_someone_who_already_is_one():
    initiative = InitiativeFactory(status=S.ACTIVE)
    with pytest.raises(NotPermitted):
        services.invitation_create(initiative=initiative, email="x@example.org", invited_by=people.UserFactory())
    owner = owner_of(initiative)
    with pytest.raises(InitiativeError, match="already an initiator"):
        services.invitation_create(initiative=initiative, email=owner.email.upper(), invited_by=owner)


# Moderation


def test_a_report_hidden_by_the_coordinator_takes_the_initiative_out_of_public_view():
    initiative = InitiativeFactory(status=S.ACTIVE)
    first, second = people.UserFactory(), people.UserFactory()
    report = services.report_create(initiative=initiative, reporter=first, reason="Noemt een buurman bij naam")
    services.report_create(initiative=initiative, reporter=second, reason="Beledigend")
    with pytest.raises(InitiativeError, match="already reported"):
        services.report_create(initiative=initiative, reporter=first, reason="Nog een keer")

    coordinator = people.coordinator("west")
    with pytest.raises(NotPermitted):
        services.report_resolve(report=report, actor=people.coordinator("oost"), outcome="hidden", reason="Nee")
    with pytest.raises(InitiativeError, match="reason"):
        services.report_resolve(report=report, actor=coordinator, outcome="hidden", reason="")
    services.report_resolve(report=report, actor=coordinator, outcome="hidden", reason="Persoonsgegevens van buren")

    initiative.refresh_from_db()
    assert initiative.hidden_reason == "Persoonsgegevens van buren"
    assert initiative not in Initiative.objects.public()
    assert not Report.objects.filter(resolved_at__isnull=True).exists()  # both reports are handled
    notification = Notification.objects.get(recipient=owner_of(initiative), kind="initiative_hidden")
    assert "Persoonsgegevens van buren" in notification.body
    assert not selectors.open_reports(coordinator).exists()

    services.initiative_unhide(initiative=initiative, actor=coordinator)
    assert initiative in Initiative.objects.public()


def test_a_dismissed_report_leaves_the_update_visible_and_a_hidden_update_is_not_public():
    update = InitiativeUpdateFactory(initiative=InitiativeFactory(status=S.ACTIVE))
    coordinator, visitor = people.coordinator("west"), people.UserFactory()
    report = services.report_create(initiative=update.initiative, update=update, reporter=visitor, reason="Reclame")
    services.report_resolve(report=report, actor=coordinator, outcome="dismissed")
    assert Report.objects.get().outcome == "dismissed"
    assert list(selectors.updates_for(update.initiative, visitor)) == [update]

    services.update_hide(update=update, actor=coordinator, reason="Reclame voor een bedrijf")
    assert list(selectors.updates_for(update.initiative, visitor)) == []
    assert list(selectors.updates_for(update.initiative, owner_of(update.initiative))) == [update]
    assert Notification.objects.filter(kind="initiative_update_hidden").exists()
