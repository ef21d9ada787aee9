"""A search's result pages: the number of matches and the pages are right, read in one query (mokum/pagination.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative
from tests.initiatives.factories import InitiativeFactory

S = Initiative.Status


@pytest.fixture
def gardens(db):
    """45 public initiatives about a vegetable garden, 3 drafts about one, and 5 public ones about something else."""
    for n in range(45):
        InitiativeFactory(title=f"Moestuin {n}", themes=["greenery"] if n % 3 == 0 else [])
    for n in range(3):
        InitiativeFactory(title=f"Moestuin in voorbereiding {n}", status=S.DRAFT)
    for n in range(5):
        InitiativeFactory(title=f"Buurtbus {n}", summary="Ouderen naar de markt.", description="Een bus.")


def initiative_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "initiatives_initiative"' in q["sql"]]


def test_a_search_counts_its_matches_and_shows_them_in_pages(client, gardens):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/initiatives/", {"q": "moestuin"})
    assert response.status_code == 200
    assert "45 initiatives" in response.text
    assert "Page 1 of 3" in response.text
    assert len(response.context["initiatives"]) == 20
    # The page and the number of matches come from one query; no count of its own.
    assert len(initiative_queries(queries)) == 1

    seen = []
    for number, size in ((1, 20), (2, 20), (3, 5)):
        page = client.get("/initiatives/", {"q": "moestuin", "page": number})
        assert page.status_code == 200
        assert f"Page {number} of 3" in page.text
        assert len(page.context["initiatives"]) == size
        seen += [initiative.title for initiative in page.context["initiatives"]]
    assert sorted(seen) == sorted(f"Moestuin {n}" for n in range(45))  # every match once, no draft


@pytest.mark.parametrize("page", ["4", "0", "twee", "-1"])
def test_a_page_past_the_last_or_not_a_number_is_not_found(client, gardens, page):
    assert client.get("/initiatives/", {"q": "moestuin", "page": page}).status_code == 404


def test_the_last_page_by_name(client, gardens):
    response = client.get("/initiatives/", {"q": "moestuin", "page": "last"})
    assert response.status_code == 200
    assert len(response.context["initiatives"]) == 5
    assert "Page 3 of 3" in response.text


def test_a_search_with_filters_counts_only_what_the_filters_keep(client, gardens):
    response = client.get("/initiatives/", {"q": "moestuin", "theme": "greenery", "district": "west"})
    assert response.status_code == 200
    assert "15 initiatives" in response.text  # 0, 3, …, 42
    assert response.context["paginator"].num_pages == 1


def test_a_search_without_matches(client, gardens):
    response = client.get("/initiatives/", {"q": "fietsenstalling"})
    assert response.status_code == 200
    assert "0 initiatives" in response.text
    assert list(response.context["initiatives"]) == []


def test_the_list_without_a_search_still_counts_on_its_own(client, gardens):
    """Without a search the newest come from an index; the count is its own (cheaper) query, and right."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/initiatives/")
    assert "50 initiatives" in response.text
    assert len(initiative_queries(queries)) == 2
