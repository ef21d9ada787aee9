"""Similar initiatives on a hand-built set: Dutch plurals and near-duplicate titles found, unrelated ones not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogues.models import Dialogue
from initiatives import connecting
from initiatives.models import Initiative, JoinRequest, NetworkInvitation
from initiatives.similarity import similar_initiatives, similar_to
from tests.accounts.factories import UserFactory, coordinator, district
from tests.dialogues.factories import dialogue_in, make_cast
from tests.initiatives.factories import InitiativeFactory, NetworkFactory
from tests.initiatives.test_queries import log_in, queries_for

pytestmark = pytest.mark.django_db

S = Initiative.Status


def initiative(title, where="west", status=S.ACTIVE, summary="", description=""):
    return InitiativeFactory(
        title=title,
        district=district(where),
        status=status,
        summary=summary or "Bewoners doen iets samen.",
        description=description or "Wij willen iets samen doen met de mensen uit de straat.",
    )


def titles(results):
    return [item.title for item in results]


def test_a_dutch_plural_is_found_and_an_unrelated_initiative_is_not():
    plural = initiative("Moestuinen voor iedereen", where="oost")
    initiative("Schaakclub voor ouderen", where="west")
    initiative("Buurtbarbecue op het plein", where="noord")
    found = similar_initiatives(title="Een moestuin in het Westerpark", district_id=district("west").pk)
    assert titles(found) == [plural.title]
    assert found[0].in_district == 0  # Oost: elsewhere in the city


@pytest.mark.postgres
def test_a_near_duplicate_title_without_a_shared_word_is_found_by_its_letters():
    near = initiative("Zwerfafval-opruimacties", where="noord")
    initiative("Schaakclub voor ouderen", where="noord")
    found = similar_initiatives(title="Zwerfafvalopruimactie", district_id=district("west").pk)
    assert titles(found) == [near.title]


def test_only_public_initiatives_are_shown_and_never_the_initiative_itself():
    source = initiative("Geveltuinen in de Kinkerstraat")
    shown = initiative("Geveltuin aan de gracht")
    initiative("Geveltuinen overal", status=S.DRAFT)
    initiative("Geveltuinen in de Jan Evertsenstraat", status=S.SUBMITTED)
    hidden = initiative("Geveltuinen bij de school")
    Initiative.objects.filter(pk=hidden.pk).update(hidden_at=hidden.created_at, hidden_reason="Reclame")
    assert titles(similar_to(source)) == [shown.title]


def test_a_few_in_the_same_district_come_first_then_a_few_elsewhere():
    source = initiative("Speeltuin opknappen", where="west")
    here = [initiative(f"Speeltuin {n} opknappen", where="west") for n in range(5)]
    there = [initiative(f"Speeltuin {n} vernieuwen", where="zuid") for n in range(5)]
    found = similar_to(source, in_district=2, elsewhere=3)
    assert [item.in_district for item in found] == [1, 1, 0, 0, 0]
    assert {item.pk for item in found[:2]} <= {item.pk for item in here}
    assert {item.pk for item in found[2:]} <= {item.pk for item in there}


def test_the_outcome_of_a_similar_initiatives_dialogue_comes_along():
    cast = make_cast("oost")
    concluded = dialogue_in(Dialogue.State.CONCLUDED, cast)
    Initiative.objects.filter(pk=cast.initiative.pk).update(title="Moestuinen in het Oosterpark")
    found = similar_initiatives(title="Moestuin op het dak", district_id=district("west").pk)
    assert [(item.pk, item.concluded_dialogue_id) for item in found] == [(cast.initiative.pk, concluded.pk)]
    assert found[0].concluded_outcome == concluded.outcome_type != ""


def test_similar_initiatives_are_one_query_however_many_there_are():
    for n in range(30):
        initiative(f"Moestuin nummer {n}", where=["west", "oost", "zuid"][n % 3])
    west = district("west").pk
    with CaptureQueriesContext(connection) as queries:
        found = similar_initiatives(title="Moestuinen", district_id=west)
    assert len(found) == 6
    assert len(queries) == 1


def test_an_empty_or_wordless_title_finds_nothing_and_does_not_fail():
    initiative("Moestuin")
    assert similar_initiatives(title="   ") == []
    assert similar_initiatives(title="?!") == []


@pytest.mark.parametrize("who", ["visitor", "initiator", "coordinator"])
def test_the_initiative_page_costs_the_same_with_no_and_with_many_similar_initiatives(client, who):
    source = initiative("Moestuin in het Westerpark")
    log_in(client, who, source)
    alone = len(queries_for(client, source.get_absolute_url()))
    for n in range(20):
        other = initiative(f"Moestuinen {n}", where=["west", "oost"][n % 2])
        if n % 5 == 0:
            connecting.initiative_link(initiative=source, other=other, kind="related", actor=coordinator("west"))
    JoinRequest.objects.create(initiative=source, user=UserFactory(), message="Ik doe mee.")
    NetworkInvitation.objects.create(network=NetworkFactory(), initiative=source)
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Moestuinen 0" in html
    assert len(queries_for(client, source.get_absolute_url())) == alone


def test_the_page_shows_a_similar_initiatives_outcome_and_offers_each_reader_what_they_may_do(client, settings):
    settings.LANGUAGE_CODE = "en"
    cast = make_cast("oost")
    concluded = dialogue_in(Dialogue.State.CONCLUDED, cast)
    Initiative.objects.filter(pk=cast.initiative.pk).update(title="Moestuinen <in> het Oosterpark")
    other = cast.initiative
    source = initiative("Moestuin in het Westerpark")
    draft = initiative("Moestuin op het dak", status=S.DRAFT)

    html = client.get(source.get_absolute_url()).content.decode()
    assert "Moestuinen &lt;in&gt; het Oosterpark" in html
    assert "In Oost the municipality agreed to something like this." in html
    reasoning = f'<a href="{concluded.get_absolute_url()}#outcome-title">Read the reasoning'
    assert reasoning in html
    assert "Link to this one" not in html and "Support it" not in html

    client.force_login(coordinator("west"))
    html = client.get(source.get_absolute_url()).content.decode()
    link = reverse("initiatives:link", kwargs={"pk": source.pk})
    assert f'<a href="{link}?other={other.pk}">Link to this one' in html

    # A draft's initiators are offered to join the others instead of going on alone.
    client.force_login(draft.initiator_links.get().user)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("initiatives:support", kwargs={"pk": other.pk})}">Support it' in html
    assert f'<a href="{reverse("initiatives:join", kwargs={"pk": other.pk})}">Ask to become a co-initiator' in html
