"""The page cache: visitors' pages come from the cache, every change shows at once, logged-in people never get
a cached page, each visitor gets a CSRF token of their own, and the API's rate limit still applies."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dialogues.models import Dialogue
from dialogues.services import dialogue_transition
from dialogues.workflow import Action
from initiatives.services import initiative_update_post, support_add
from mokum.pagecache import data_version, public_data_changed
from tests.accounts.factories import UserFactory, coordinator
from tests.dialogues.factories import dialogue_in, make_cast
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FIGURES_CACHE_SECONDS = 60


def visitor(language=None):
    client = Client()
    if language:
        client.cookies["django_language"] = language
    return client


def test_a_visitors_second_request_comes_from_the_cache_without_queries():
    initiative = InitiativeFactory(title="Geveltuinen in de Javastraat")
    client = visitor()
    first = client.get(initiative.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = client.get(initiative.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert "Geveltuinen in de Javastraat" in second.content.decode()


@pytest.mark.parametrize("address", ["/", "/initiatives/", "/initiatives/?district=west&q=tuin", "/districts/west/"])
def test_visitors_pages_are_cached(address):
    client = visitor()
    client.get(address)
    assert client.get(address)["X-Page-Cache"] == "hit"


def test_a_change_shows_at_once():
    initiative = InitiativeFactory(title="Speelplek Ambonplein")
    owner = owner_of(initiative)
    client = visitor()
    assert "0 steunbetuigers" in client.get(initiative.get_absolute_url()).content.decode()
    assert "Speelplek Ambonplein" in client.get("/initiatives/").content.decode()

    support_add(initiative=initiative, user=UserFactory())
    initiative_update_post(initiative=initiative, author=owner, text="De tekening is klaar.")

    page = client.get(initiative.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "1 steunbetuiger" in page.content.decode() and "De tekening is klaar." in page.content.decode()
    assert "1 steunbetuiger" in client.get("/initiatives/").content.decode()


def test_a_new_message_in_a_dialogue_shows_at_once():
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    client = visitor()
    client.get(dialogue.get_absolute_url())
    dialogue_transition(dialogue=dialogue, action=Action.REPLY, actor=cast.owner, text="Wij hebben een tekening.")
    assert "Wij hebben een tekening." in client.get(dialogue.get_absolute_url()).content.decode()


def test_the_version_is_raised_again_after_commit(django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        InitiativeFactory()
    assert callbacks, "a bump after commit is scheduled"
    assert data_version() > before


def test_logging_in_changes_nothing_for_visitors():
    person = UserFactory()
    client = visitor()
    client.get("/")
    Client().force_login(person)  # saves last_login only
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_logged_in_people_never_get_a_cached_page():
    initiative = InitiativeFactory()
    anonymous = visitor()
    anonymous.get(initiative.get_absolute_url())
    person = UserFactory(display_name="Fenna de Vries")
    client = Client()
    client.force_login(person)
    for _n in range(2):
        response = client.get(initiative.get_absolute_url())
        assert "X-Page-Cache" not in response
        assert "Fenna de Vries" in response.content.decode()
    assert "X-Page-Cache" not in client.get("/")


def test_pages_are_cached_per_language():
    initiative = InitiativeFactory()
    assert visitor().get(initiative.get_absolute_url()).headers["Content-Language"] == "nl"
    english = visitor("en").get(initiative.get_absolute_url())
    assert english["X-Page-Cache"] == "miss"
    assert "Initiators" in english.content.decode()


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/")
    page = second.get("/")
    assert page["X-Page-Cache"] == "hit"
    tokens = TOKEN.findall(page.content.decode())
    assert tokens and "--mokum-page-cache" not in page.content.decode()
    assert "csrftoken" in page.cookies, "the visitor gets their CSRF cookie, as on an uncached page"
    switched = second.post("/language/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]})
    assert switched.status_code == 302


def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache():
    client = visitor()
    client.get("/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/")


def test_pages_that_are_not_visitors_pages_are_never_cached():
    client = visitor()
    for _n in range(2):
        assert "X-Page-Cache" not in client.get("/accounts/login/")


def test_without_the_setting_nothing_is_cached(settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = visitor()
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_the_api_serves_visitors_from_the_cache_and_still_limits_them():
    InitiativeFactory()
    client = visitor()
    statuses = [client.get("/api/v1/initiatives/") for _n in range(61)]
    assert statuses[1]["X-Page-Cache"] == "hit"
    assert [r.status_code for r in statuses[:60]] == [200] * 60
    assert statuses[60].status_code == 429


def test_the_dashboards_figures_are_cached_and_follow_changes():
    person = coordinator("west")
    client = Client()
    client.force_login(person)
    initiative = InitiativeFactory(district=person.roles.get().district)
    client.get("/dashboard/west/")
    with CaptureQueriesContext(connection) as cached:
        client.get("/dashboard/west/")
    public_data_changed()
    with CaptureQueriesContext(connection) as fresh:
        client.get("/dashboard/west/")
    assert len(cached) < len(fresh)
    assert initiative.pk


def test_an_unreachable_redis_never_breaks_a_page(monkeypatch):
    from django_redis.cache import RedisCache

    nowhere = RedisCache(  # nothing listens on port 1
        "redis://127.0.0.1:1/0",
        {"OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2}},
    )
    monkeypatch.setattr("mokum.pagecache.cache", nowhere)
    initiative = InitiativeFactory()
    client = visitor()
    for _n in range(2):
        response = client.get(initiative.get_absolute_url())
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_the_holidays_pages_count_with_are_read_once_per_version_and_a_new_closure_day_counts_at_once(
    settings, django_assert_num_queries
):
    import datetime

    from districts.models import Holiday
    from mokum.pagecache import holidays_for_pages

    settings.HOLIDAYS_CACHE_SECONDS = 300
    before = holidays_for_pages()
    with django_assert_num_queries(0):
        assert holidays_for_pages() == before
    closure = datetime.date(2031, 6, 13)
    assert closure not in before
    Holiday.objects.create(date=closure, name="Sluitingsdag", kind=Holiday.Kind.CLOSURE_DAY)
    with django_assert_num_queries(1):
        assert holidays_for_pages() == before | {closure}
