import pytest
from django.utils.html import escape

from districts.models import District
from tests.accounts import factories

pytestmark = pytest.mark.django_db

EIGHT = ["Centrum", "Nieuw-West", "Noord", "Oost", "Weesp", "West", "Zuid", "Zuidoost"]


def test_the_eight_districts_ship_with_their_areas():
    districts = District.objects.order_by("name")
    assert [d.name for d in districts] == EIGHT
    assert District.objects.get(slug="weesp").kind == District.Kind.STADSGEBIED
    assert all(d.areas.exists() for d in districts)
    assert sum(d.areas.count() for d in districts) == 24
    assert set(District.objects.get(slug="oost").areas.values_list("name", flat=True)) >= {
        "Watergraafsmeer",
        "Oud-Oost",
    }


def test_each_district_has_its_own_deadline_settings():
    west = District.objects.get(slug="west")
    assert (
        west.triage_days,
        west.first_answer_days,
        west.answer_days,
        west.initiative_days,
        west.outcome_reaction_days,
    ) == (5, 10, 10, 15, 10)


def test_the_district_pages_list_every_district(client):
    page = client.get("/districts/").content.decode()
    for name in EIGHT:
        assert name in page


def test_a_district_page_shows_contact_and_coordinators_but_no_e_mail_of_people(client):
    coordinator = factories.coordinator("west")
    board = factories.official("west", job_title="board_member")
    factories.official("oost", job_title="board_member")
    response = client.get("/districts/west/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bos en Lommerplein 250" in page
    assert escape(coordinator.display_name) in page and escape(board.display_name) in page
    assert coordinator.email not in page and board.email not in page


def test_an_unknown_district_is_404(client):
    assert client.get("/districts/amstelveen/").status_code == 404
