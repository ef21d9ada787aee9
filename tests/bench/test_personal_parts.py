"""Logged-in pages reuse their public parts ({% sharedcache %}, shared_value), but never one person's parts for
another: each person sees their own support, follow, role-dependent links, internal notes and inbox, and every
change shows on their next request."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dialogues.models import Dialogue
from dialogues.services import dialogue_transition
from dialogues.workflow import Action
from initiatives.services import initiative_update_post, support_add, update_hide
from tests.accounts.factories import UserFactory, coordinator
from tests.dialogues.factories import dialogue_in, make_cast
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shared_parts_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FIGURES_CACHE_SECONDS = 60


def logged_in(person):
    client = Client()
    client.force_login(person)
    return client


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200
    if "_auth_user_id" in client.session:
        assert "X-Page-Cache" not in response, "a logged-in person never gets a visitor's page"
    return TOKEN.sub("", response.content.decode())  # a new CSRF token on every page


def test_two_residents_each_see_their_own_support_and_name_and_a_change_at_once():
    initiative = InitiativeFactory(title="Geveltuinen Javastraat")
    fenna, joris = UserFactory(display_name="Fenna de Vries"), UserFactory(display_name="Joris Bakker")
    support_add(initiative=initiative, user=fenna)
    as_fenna, as_joris = logged_in(fenna), logged_in(joris)
    address = initiative.get_absolute_url()
    for _round in range(2):  # the second round reads the shared parts from the cache
        mine, theirs = page(as_fenna, address), page(as_joris, address)
        assert "Je steunt dit initiatief." in mine and "Je steunt dit initiatief." not in theirs
        assert "Dit initiatief steunen" in theirs
        assert "Fenna de Vries" in mine and "Joris Bakker" not in mine
        assert "Joris Bakker" in theirs
    with CaptureQueriesContext(connection) as shared:
        page(as_joris, address)
    support_add(initiative=initiative, user=joris)
    with CaptureQueriesContext(connection) as fresh:
        theirs = page(as_joris, address)
    assert len(shared) < len(fresh), "the public parts came from the cache before the change"
    assert "Je steunt dit initiatief." in theirs and "2 steunbetuigers" in theirs
    assert "2 steunbetuigers" in page(as_fenna, address)


def test_a_hidden_update_only_for_the_coordinator_and_initiators_also_after_the_others_looked():
    initiative = InitiativeFactory()
    owner = owner_of(initiative)
    update = initiative_update_post(initiative=initiative, author=owner, text="Een onaardige tekst.")
    west = coordinator(initiative.district.slug)
    resident = UserFactory()
    address = initiative.get_absolute_url()
    assert "Een onaardige tekst." in page(logged_in(resident), address)
    update_hide(update=update, actor=west, reason="Niet vriendelijk.")
    for _round in range(2):
        assert "Een onaardige tekst." not in page(logged_in(resident), address)
        assert "Een onaardige tekst." in page(logged_in(west), address)
        assert "Een onaardige tekst." in page(logged_in(owner), address)
        assert "Een onaardige tekst." not in page(Client(), address)
    assert "Deze update melden" not in page(logged_in(owner), address), "initiators do not report their own"


def test_internal_notes_never_reach_the_initiative_through_the_shared_timeline():
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    dialogue_transition(dialogue=dialogue, action=Action.NOTE, actor=cast.lead, text="Intern: budget is krap.")
    address = dialogue.get_absolute_url()
    for _round in range(2):
        assert "Intern: budget is krap." in page(logged_in(cast.lead), address)
        assert "Intern: budget is krap." not in page(logged_in(cast.owner), address)
        assert "Intern: budget is krap." not in page(Client(), address)
    dialogue.refresh_from_db()
    dialogue_transition(dialogue=dialogue, action=Action.REPLY, actor=cast.owner, text="Wij hebben een tekening.")
    assert "Wij hebben een tekening." in page(logged_in(cast.lead), address)
    assert "Wij hebben een tekening." in page(logged_in(cast.owner), address)


def test_each_official_sees_their_own_inbox_and_its_changes():
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    question = "Mogen wij geveltuinen aanleggen?"
    lead, other = logged_in(cast.lead), logged_in(cast.other_official)
    for _round in range(2):
        assert question in page(lead, "/inbox/")
        assert question not in page(other, "/inbox/")
    dialogue.refresh_from_db()
    dialogue_transition(dialogue=dialogue, action=Action.WITHDRAW, actor=cast.owner, reason="We stoppen ermee.")
    assert question not in page(lead, "/inbox/"), "a withdrawn dialogue leaves the inbox on the next request"


def test_the_dashboard_shows_a_change_on_the_next_request():
    person = coordinator("west")
    client = logged_in(person)
    before = page(client, "/dashboard/west/")
    assert page(client, "/dashboard/west/") == before
    cast = make_cast("west")
    dialogue_in(Dialogue.State.REQUESTED, cast)
    assert page(client, "/dashboard/west/") != before


OFFERED = "Je hebt hulp aangeboden."


def test_offers_of_help_stay_with_the_helper_and_the_initiators_when_the_page_is_shared():
    from tests.connect.factories import need_of, offer_on

    initiative = InitiativeFactory(title="Buurtfeest Kinkerbuurt")
    need = need_of(initiative, text="Iemand met een aanhanger")
    helper, neighbour = UserFactory(display_name="Sem Jansen"), UserFactory(display_name="Noor Visser")
    offer_on(need, helper=helper, message="Ik heb een aanhanger, bel 06-12345678.")
    address = initiative.get_absolute_url()
    as_helper, as_neighbour, as_owner = logged_in(helper), logged_in(neighbour), logged_in(owner_of(initiative))
    visitor = Client()
    for _round in range(2):  # the second round reads the shared parts from the cache
        for client in (visitor, as_neighbour, as_helper, as_owner):
            html = page(client, address)
            assert ("06-12345678" in html) is (client is as_owner), "an offer's message reaches only the initiators"
            assert (OFFERED in html) is (client is as_helper), "only the helper reads that they offered to help"


REPORT, HIDE, LINK = "Meld deze reactie", "Verberg deze reactie", "Markeren als verwant of dubbel"


def test_the_shared_reactions_keep_each_persons_links_and_show_a_new_reaction_at_once():
    from tests.connect.factories import reaction_on

    initiative = InitiativeFactory(title="Speeltuin Wittenburg")
    author, neighbour = UserFactory(display_name="Ayla Demir"), UserFactory(display_name="Bram Kok")
    reaction_on(initiative, author=author, body="Ik help mee met verven.")
    west = coordinator(initiative.district.slug)
    address = initiative.get_absolute_url()
    as_author, as_neighbour, as_coordinator = logged_in(author), logged_in(neighbour), logged_in(west)
    for _round in range(2):  # the second round reads the list of reactions from the shared cache
        mine, theirs, moderated = page(as_author, address), page(as_neighbour, address), page(as_coordinator, address)
        assert "Ik help mee met verven." in mine and "Ik help mee met verven." in theirs
        assert REPORT not in mine, "nobody is offered to report their own reaction"
        assert REPORT in theirs and HIDE not in theirs
        assert HIDE in moderated, "the district's coordinator hides"
        assert "Plaats mijn reactie" in theirs, "the form stays outside the shared part"
    reaction_on(initiative, author=neighbour, body="Goed idee, ik neem verf mee.")
    mine, theirs = page(as_author, address), page(as_neighbour, address)
    assert "Goed idee, ik neem verf mee." in mine and "Goed idee, ik neem verf mee." in theirs
    assert mine.count(REPORT) == 1 and theirs.count(REPORT) == 1, "each may report only the other one's reaction"


def test_the_shared_similar_initiatives_offer_linking_only_to_the_coordinator():
    initiative = InitiativeFactory(title="Geveltuinen Kinkerstraat")
    InitiativeFactory(title="Geveltuinen Kinkerbuurt", district=initiative.district)
    west = coordinator(initiative.district.slug)
    address = initiative.get_absolute_url()
    as_resident, as_coordinator = logged_in(UserFactory()), logged_in(west)
    for _round in range(2):
        assert LINK not in page(as_resident, address)
        assert LINK in page(as_coordinator, address)


def test_a_new_password_logs_the_other_sessions_out_at_once_although_the_person_is_kept_in_the_cache():
    person = UserFactory()
    first, second = logged_in(person), logged_in(person)
    assert page(first, "/notifications/") and page(second, "/notifications/")
    with CaptureQueriesContext(connection) as again:
        page(second, "/notifications/")
    assert not any('FROM "accounts_user"' in query["sql"] for query in again), "the person came from the cache"
    person.set_password("een-heel-nieuw-wachtwoord-2026")
    person.save()
    response = second.get("/notifications/")
    assert response.status_code == 302 and "/login/" in response["Location"], "the old session ends at once"


def test_a_deactivated_account_is_logged_out_on_its_next_request():
    person = UserFactory()
    client = logged_in(person)
    page(client, "/notifications/")
    page(client, "/notifications/")
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert client.get("/notifications/").status_code == 302


def cache_reads(monkeypatch):
    """Count the round trips to the cache: single reads, and reads of many keys at once (one, whatever the backend
    does inside: the test cache reads them one by one, Redis in one MGET)."""
    from django.core.cache import caches

    backend, reads, inside = caches["default"], [], []
    real_get, real_get_many = backend.get, backend.get_many

    def get(*args, **kwargs):
        if not inside:
            reads.append("get")
        return real_get(*args, **kwargs)

    def get_many(*args, **kwargs):
        reads.append("get_many")
        inside.append(True)
        try:
            return real_get_many(*args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(backend, "get", get)
    monkeypatch.setattr(backend, "get_many", get_many)
    return reads


def test_a_logged_in_page_fetches_its_shared_parts_in_few_round_trips(monkeypatch):
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    resident, lead = logged_in(UserFactory()), logged_in(cast.lead)
    initiative_page, dialogue_page = dialogue.initiative.get_absolute_url(), dialogue.get_absolute_url()
    page(resident, initiative_page), page(lead, dialogue_page)  # the shared parts go into the cache
    reads = cache_reads(monkeypatch)
    page(resident, initiative_page)
    # The session, the data version, the person, the initiative, and its four fragments at once.
    assert reads.count("get_many") == 1 and len(reads) <= 5, reads
    reads.clear()
    page(lead, dialogue_page)
    # The session, the data version, the person, the dialogue, its outcomes, timeline and the holidays' version at
    # once, then the holidays.
    assert reads.count("get_many") == 1 and len(reads) <= 6, reads
