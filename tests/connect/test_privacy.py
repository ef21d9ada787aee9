"""A person's reactions, offers and skills in their data download, the erasure and the retention job."""

from datetime import timedelta

import pytest
from django.utils import timezone

from connect import services
from connect.models import HelperProfile, HelperSkill, Offer, Reaction, ReactionReport
from privacy.retention import forget_declined_offers
from privacy.selectors import personal_data
from privacy.services import account_erase
from tests.accounts import factories as people
from tests.connect.factories import need_of, offer_on, reaction_on
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour():
    person = people.UserFactory(display_name="Zwaan Quist")
    initiative = InitiativeFactory(status="active")
    reaction_on(initiative, author=person, body="Ik woon ernaast en help graag")
    ReactionReport.objects.create(reaction=reaction_on(initiative), reporter=person, reason="Grof")
    offer_on(need_of(initiative), helper=person, message="Bel me op 0612345678")
    services.helper_profile_save(
        user=person, skills=["design"], district=people.district("west"), hear_about_needs=True
    )
    return person


def test_the_download_holds_the_reactions_reports_offers_and_skills(neighbour):
    data = personal_data(neighbour)
    assert [row.get("text") for row in data["reactions"] if "text" in row] == ["Ik woon ernaast en help graag"]
    assert [row["reason"] for row in data["reactions"] if "reason" in row] == ["Grof"]
    assert data["help"][0] == {"skills": ["design"], "district": "West", "hear_about_needs": True}
    assert data["help"][1]["message"] == "Bel me op 0612345678"


def test_erasure_removes_offers_reports_and_skills_and_keeps_reactions_under_a_former_participant(client, neighbour):
    reaction = Reaction.objects.get(author=neighbour)
    account_erase(user=neighbour)
    assert not Offer.objects.exists() and not Offer.history.filter(message__contains="0612345678").exists()
    assert not ReactionReport.objects.exists()
    assert not HelperSkill.objects.exists() and not HelperProfile.objects.exists()
    html = client.get(reaction.initiative.get_absolute_url()).content.decode()
    assert "Ik woon ernaast en help graag" in html
    assert "Zwaan Quist" not in html and "a former participant" in html


def test_declined_offers_are_removed_after_the_period_and_others_stay(settings):
    settings.PRIVACY_DECLINED_OFFER_DAYS = 30
    now = timezone.now()
    need = need_of(InitiativeFactory())
    old = offer_on(need, state="declined")
    Offer.objects.filter(pk=old.pk).update(decided_at=now - timedelta(days=31))
    recent = offer_on(need, state="declined")
    Offer.objects.filter(pk=recent.pk).update(decided_at=now - timedelta(days=29))
    accepted = offer_on(need, state="accepted")
    Offer.objects.filter(pk=accepted.pk).update(decided_at=now - timedelta(days=400))
    assert forget_declined_offers(now=now) == 1
    assert set(Offer.objects.values_list("pk", flat=True)) == {recent.pk, accepted.pk}
