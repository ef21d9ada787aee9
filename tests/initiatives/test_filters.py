"""Finding initiatives: filters as plain GET parameters, search, sorting and pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from districts.models import Area
from initiatives.models import Initiative
from tests.conftest import USES_POSTGRES
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status


def titles(client, query=""):
    response = client.get(f"/initiatives/{query}")
    assert response.status_code == 200
    return [initiative.title for initiative in response.context["initiatives"]]


@pytest.fixture
def initiatives():
    area = Area.objects.get(name="Westerpark")
    return {
        "garden": InitiativeFactory(
            title="Moestuin op het Zeeburgereiland",
            summary="Samen groente kweken.",
            description="Veertig bewoners willen samen groente kweken.",
            district=area.district,
            area=area,
            themes=["greenery"],
        ),
        "bus": InitiativeFactory(
            title="Buurtbus voor ouderen",
            summary="Een elektrische buurtbus.",
            description="Een vrijwillige chauffeur rijdt ouderen naar de markt.",
            district=Area.objects.get(name="Weesp/Driemond").district,
            themes=["mobility", "care"],
            status=S.REALISED,
        ),
        "draft": InitiativeFactory(title="Geheime moestuin", status=S.DRAFT, themes=["greenery"]),
        "hidden": InitiativeFactory(
            title="Verborgen moestuin", hidden_at=timezone.now(), hidden_reason="Reclame", themes=["greenery"]
        ),
    }


def test_the_list_shows_only_public_initiatives(client, initiatives):
    assert sorted(titles(client)) == ["Buurtbus voor ouderen", "Moestuin op het Zeeburgereiland"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?district=west", ["Moestuin op het Zeeburgereiland"]),
        ("?district=weesp", ["Buurtbus voor ouderen"]),
        ("?theme=care", ["Buurtbus voor ouderen"]),
        ("?theme=greenery&district=weesp", []),
        ("?status=realised", ["Buurtbus voor ouderen"]),
        ("?q=moestuin", ["Moestuin op het Zeeburgereiland"]),
        ("?q=CHAUFFEUR", ["Buurtbus voor ouderen"]),
        ("?q=", ["Moestuin op het Zeeburgereiland", "Buurtbus voor ouderen"]),
    ],
)
def test_filters_combine(client, initiatives, query, expected):
    assert sorted(titles(client, query)) == sorted(expected)


def test_an_area_filter_uses_the_areas_listed_under_their_district(client, initiatives):
    area = Area.objects.get(name="Westerpark")
    assert titles(client, f"?area={area.pk}") == ["Moestuin op het Zeeburgereiland"]
    page = client.get("/initiatives/").content.decode()
    assert '<optgroup label="West">' in page


@pytest.mark.parametrize("query", ["?district=atlantis", "?status=draft", "?theme=<script>", "?area=abc", "?sort=x"])
def test_a_bad_filter_value_shows_an_error_not_a_crash(client, initiatives, query):
    response = client.get(f"/initiatives/{query}")
    assert response.status_code == 200
    assert list(response.context["initiatives"]) == []
    assert "Select a valid choice" in response.content.decode() or "Selecteer een geldige keuze" in (
        response.content.decode()
    )


def test_a_search_longer_than_allowed_is_refused_clearly(client, initiatives):
    response = client.get("/initiatives/", {"q": "tuin " * 100})
    assert list(response.context["initiatives"]) == []
    assert response.context["filter"].form.errors["q"]


def test_sorting_by_support_newest_and_activity(client):
    now = timezone.now()
    old_popular = InitiativeFactory(title="Oud en geliefd", supporter_count=50)
    new_quiet = InitiativeFactory(title="Nieuw en stil", supporter_count=1)
    Initiative.objects.filter(pk=old_popular.pk).update(created_at=now - timedelta(days=30), last_activity_at=now)
    Initiative.objects.filter(pk=new_quiet.pk).update(last_activity_at=now - timedelta(days=3))
    assert titles(client) == ["Nieuw en stil", "Oud en geliefd"]
    assert titles(client, "?sort=newest") == ["Nieuw en stil", "Oud en geliefd"]
    assert titles(client, "?sort=supported") == ["Oud en geliefd", "Nieuw en stil"]
    assert titles(client, "?sort=active") == ["Oud en geliefd", "Nieuw en stil"]


def test_twenty_per_page_and_page_links_keep_the_filters(client):
    for _ in range(23):
        InitiativeFactory(themes=["culture"])
    first = client.get("/initiatives/?theme=culture")
    assert len(first.context["initiatives"]) == 20
    assert 'href="?theme=culture&amp;page=2"' in first.content.decode()
    assert len(client.get("/initiatives/?theme=culture&page=2").context["initiatives"]) == 3
    assert client.get("/initiatives/?page=9").status_code == 404


def test_theme_and_district_links_keep_the_other_filters(client, initiatives):
    page = client.get("/initiatives/?district=west&q=tuin").content.decode()
    assert 'href="?district=west&amp;q=tuin&amp;theme=greenery"' in page
    assert 'href="?district=weesp&amp;q=tuin"' in page


@pytest.mark.postgres
def test_search_understands_dutch_word_forms(client, initiatives):
    # "moestuinen" and "chauffeurs" are other forms of words in the texts; a plain text match finds neither.
    assert titles(client, "?q=moestuinen") == ["Moestuin op het Zeeburgereiland"]
    assert titles(client, "?q=chauffeurs") == ["Buurtbus voor ouderen"]
    assert titles(client, "?q=moestuin -groente") == []


@pytest.mark.postgres
def test_search_ranks_the_best_match_first_unless_another_order_is_chosen(client):
    InitiativeFactory(title="Buurtfeest", description="Met muziek en ook een moestuin om te bezoeken.")
    InitiativeFactory(title="Moestuin aan de Amstel", summary="Een moestuin.", description="Moestuin voor de buurt.")
    assert titles(client, "?q=moestuin") == ["Moestuin aan de Amstel", "Buurtfeest"]


@pytest.mark.postgres
def test_the_search_uses_its_gin_index():
    assert USES_POSTGRES
    for _ in range(30):
        InitiativeFactory()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    # Without an order: with the newest-first order the planner may as well walk the index of that order
    # (initiative_newest) and filter thirty rows; a search is ordered by rank anyway.
    plan = Initiative.objects.search("geveltuinen").order_by().explain()
    assert "initiative_search" in plan
