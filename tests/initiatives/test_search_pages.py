"""A search's result pages: the number of matches and the pages are right, read in one query (mokum/pagination.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Area, District
from initiatives.filters import InitiativeFilter
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


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"district": "west"},
        {"theme": "greenery"},
        {"status": "realised"},
        {"language": "en"},
        {"sort": "supported"},
        {"area": "west-area"},
        {"district": "west", "theme": "greenery", "sort": "newest"},
        {"district": "oost"},
    ],
)
def test_each_page_of_a_search_lists_what_the_filters_select(db, client, filters):
    """A search's pages are read through a prepared query; the ORM's own query for the same filters agrees."""
    area = Area.objects.filter(district__slug="west").order_by("pk").first()
    for n in range(27):
        InitiativeFactory(
            title=f"Moestuin {n}",
            themes=["greenery"] if n % 2 else ["mobility"],
            status=S.REALISED if n % 5 == 0 else S.ACTIVE,
            language="en" if n % 4 == 0 else "nl",
            supporter_count=n * 7 % 11,
            area=area if n % 3 == 0 else None,
            district=District.objects.get(slug="oost" if n % 7 == 0 else "west"),
        )
    data = {"q": "moestuin", **filters}
    if "area" in data:
        data["area"] = str(area.pk)
    expected = InitiativeFilter(data=data).qs
    assert expected.count() > 0 or filters == {"district": "oost"}
    for number in (1, 2):
        response = client.get("/initiatives/", {**data, "page": number})
        rows = list(expected[(number - 1) * 20 : number * 20])
        if not rows and number > 1:
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        assert [i.pk for i in response.context["initiatives"]] == [i.pk for i in rows]
        assert response.context["paginator"].count == expected.count()
        assert [i.theme_list for i in response.context["initiatives"]] == [i.theme_list for i in rows]
