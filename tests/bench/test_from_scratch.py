"""What a page rendered from scratch after a change may still reuse, and the index the public list counts with."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from districts.models import Area, District
from initiatives.models import Initiative
from initiatives.services import support_add
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shared_parts_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FIGURES_CACHE_SECONDS = 60


def test_the_public_index_holds_exactly_the_public_initiatives():
    S = Initiative.Status
    for status in S.values:
        InitiativeFactory(status=status)
        InitiativeFactory(status=status, accepted_at=None)
    InitiativeFactory(status=S.ACTIVE, hidden_at="2026-11-01T10:00:00Z", hidden_reason="Niet vriendelijk.")
    index = next(index for index in Initiative._meta.indexes if index.name == "initiative_public_newest")
    by_index = set(Initiative.objects.filter(index.condition).values_list("pk", flat=True))
    assert by_index == set(Initiative.objects.public().values_list("pk", flat=True))
    assert by_index, "the data set has public initiatives"


def areas_read(queries) -> bool:
    return any('FROM "districts_area"' in query["sql"] for query in queries)


def test_the_lists_filter_survives_other_changes_and_shows_a_new_area_at_once():
    initiative = InitiativeFactory()
    client = Client()
    client.force_login(UserFactory())  # a logged-in person: the page itself is never cached for them
    assert client.get("/initiatives/").status_code == 200
    support_add(initiative=initiative, user=UserFactory())  # any change: every page is rendered from scratch
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/initiatives/")
    assert response.status_code == 200 and not areas_read(queries), "districts and areas did not change"
    Area.objects.create(district=District.objects.get(slug="west"), name="Nieuw Gebied Test", slug="nieuw-gebied")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/initiatives/").content.decode()
    assert areas_read(queries) and "Nieuw Gebied Test" in html
    assert "Nieuw Gebied Test" in client.get("/initiatives/?district=west").content.decode()
    # The links by theme and district are kept with the filter, per query: each marks the filter in use.
    theme = Initiative.themes.rel.model.Slug.values[0]
    for district in ("west", "oost", "west"):
        html = client.get(f"/initiatives/?district={district}&theme={theme}").content.decode()
        current = re.findall(r'href="\?([^"]*)" aria-current="true"', html)
        assert current == [f"district={district}&amp;theme={theme}"] * 2, current


def test_each_release_reads_only_what_its_own_code_stored(monkeypatch):
    from mokum import pagecache

    made = []
    monkeypatch.setattr(pagecache, "code_version", lambda: "release-1")
    assert (
        pagecache.shared_value(("a part",), lambda: made.append(1) or "as release 1 made it") == "as release 1 made it"
    )
    assert pagecache.shared_value(("a part",), lambda: made.append(1) or "again") == "as release 1 made it"
    monkeypatch.setattr(pagecache, "code_version", lambda: "release-2")
    assert (
        pagecache.shared_value(("a part",), lambda: made.append(2) or "as release 2 makes it")
        == "as release 2 makes it"
    )
    assert made == [1, 2], "the new release never read the old release's copy"


def test_the_code_version_is_a_digest_of_the_running_code():
    from mokum.pagecache import code_version

    assert len(code_version()) == 12 and code_version() == code_version()


def test_the_statistics_filter_is_kept_per_question_and_shows_each_its_own_choice_and_errors():
    """The statistics' filter form is made of fixed choices and what was asked: kept per query string and language,
    also after a change to the data, and never shown with another question's choice or errors."""
    from mokum.pagecache import public_data_changed

    english, dutch = Client(), Client()
    english.cookies["django_language"] = "en"
    questions = {
        "?theme=greenery": ('<option value="greenery" selected>', "Choose a date between"),
        "?start=2999-01-01": ("Choose a date between 2000 and 2100.", '<option value="greenery" selected>'),
        "": ("Choose the figures", "Choose a date between"),
    }
    for _round in range(2):
        for query, (shown, not_shown) in questions.items():
            public_data_changed()  # as after any change: the figures are counted again, the form is kept
            html = english.get(f"/statistics/{query}").content.decode()
            assert shown in html and not_shown not in html, query
    html = dutch.get("/statistics/?start=2999-01-01").content.decode()
    assert "Kies een datum tussen 2000 en 2100." in html and "Choose" not in html
