from datetime import timedelta

import icalendar
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape

from mokum.dates import long_date
from support.models import Article, Event, Registration, Scheme, SupportRequest
from tests.accounts.factories import UserFactory, city_coordinator, coordinator, supporter
from tests.initiatives.factories import InitiativeFactory, owner_of
from tests.support.factories import ArticleFactory, EventFactory, SchemeFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

S = SupportRequest.Status
MARKUP_ERROR = "Please write plain text"


def english(user):
    user.preferred_language = "en"
    user.save()
    return user


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(english(user))
        return client

    return login


# --- Support requests ---------------------------------------------------------------------------------------------


def test_an_initiator_asks_for_help_and_sees_matching_schemes(as_user, initiative, initiator, west_coordinator):
    SchemeFactory(name="Buurtbudget West", themes=["greenery"], districts=["west"])
    SchemeFactory(name="Cultuurfonds", themes=["culture"])
    client = as_user(initiator)
    url = f"/support/requests/new/?initiative={initiative.pk}&need=subsidy"
    page = client.get(url).content.decode()
    assert "Buurtbudget West" in page and "Cultuurfonds" not in page
    assert 'value="subsidy" required id="id_need_1" checked' in page
    answer_time = (
        "The coordinator asks a supporter to help you within 5 working days, "
        f"by {long_date(initiative.district.triage_deadline(timezone.now()))}."
    )
    assert answer_time in page

    response = client.post(url, {"need": "subsidy", "description": "Welke subsidie past bij ons?"})
    request = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/support/requests/{request.pk}/"
    assert (request.status, request.created_by, request.need) == (S.NEW, initiator, "subsidy")
    detail = client.get(response["Location"]).content.decode()
    assert "Welke subsidie past bij ons?" in detail and "Buurtbudget West" in detail
    assert f"Your request for help has been sent. {answer_time}" in detail


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"need": "subsidy", "description": ""}, "This field is required"),
        ({"need": "subsidy", "description": "<script>alert(1)</script>"}, MARKUP_ERROR),
        ({"need": "subsidy", "description": "x" * 3001}, "at most 3000 characters"),
        ({"need": "money", "description": "Hulp"}, "Select a valid choice"),
        ({}, "This field is required"),
    ],
)
def test_bad_requests_for_help_get_a_clear_error_and_save_nothing(as_user, initiative, initiator, data, error):
    response = as_user(initiator).post(f"/support/requests/new/?initiative={initiative.pk}", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(("query", "status"), [("", 404), ("?initiative=abc", 404), ("?initiative=999999", 404)])
def test_asking_help_for_no_or_an_unknown_initiative_is_not_found(as_user, initiator, query, status):
    assert as_user(initiator).get(f"/support/requests/new/{query}").status_code == status


def test_only_initiators_may_ask_help_and_visitors_are_sent_to_log_in(client, as_user, initiative):
    url = f"/support/requests/new/?initiative={initiative.pk}"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert as_user(UserFactory()).get(url).status_code == 403
    assert as_user(coordinator("west")).post(url, {"need": "subsidy", "description": "x"}).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("initiator", 200),
        ("coordinator", 200),
        ("assigned", 200),
        ("resident", 404),
        ("other_supporter", 404),
        ("coordinator_elsewhere", 404),
        ("city_coordinator", 404),
    ],
)
def test_a_request_is_seen_only_by_those_involved(as_user, initiative, west_supporter, who, status):
    request = SupportRequestFactory(initiative=initiative, status=S.ASSIGNED, supporter=west_supporter)
    person = {
        "initiator": lambda: owner_of(initiative),
        "coordinator": lambda: coordinator("west"),
        "assigned": lambda: west_supporter,
        "resident": UserFactory,
        "other_supporter": lambda: supporter("west"),
        "coordinator_elsewhere": lambda: coordinator("zuid"),
        "city_coordinator": city_coordinator,
    }[who]()
    assert as_user(person).get(f"/support/requests/{request.pk}/").status_code == status


def test_coordinator_assigns_supporter_starts_and_closes(as_user, initiative, initiator, west_coordinator):
    coach = english(supporter("west"))
    request = SupportRequestFactory(initiative=initiative)
    client = as_user(west_coordinator)
    page = client.get(f"/support/requests/{request.pk}/assign/").content.decode()
    assert escape(coach.display_name) in page  # a name such as "d'Hondt" is escaped
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(f"/support/requests/{request.pk}/assign/", {"supporter": coach.pk, "due_date": due})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.supporter) == (S.ASSIGNED, coach)

    client = as_user(coach)
    assert client.post(f"/support/requests/{request.pk}/start/").status_code == 302
    response = client.post(
        f"/support/requests/{request.pk}/close/", {"outcome": "finish", "note": "Aanvraag samen ingediend."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.DONE

    page = as_user(initiator).get(f"/support/requests/{request.pk}/").content.decode()
    assert "Aanvraag samen ingediend." in page and "Done" in page


def test_wrong_steps_are_refused(as_user, initiative, initiator, west_supporter, west_coordinator):
    request = SupportRequestFactory(initiative=initiative)
    assert as_user(initiator).get(f"/support/requests/{request.pk}/assign/").status_code == 403
    assert as_user(west_supporter).get(f"/support/requests/{request.pk}/assign/").status_code == 404
    assert as_user(initiator).post(f"/support/requests/{request.pk}/start/").status_code == 403
    # A new request can only be declined, not finished, by the coordinator.
    response = as_user(west_coordinator).post(
        f"/support/requests/{request.pk}/close/", {"outcome": "finish", "note": "Klaar."}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = as_user(west_coordinator).post(
        f"/support/requests/{request.pk}/close/", {"outcome": "decline", "note": "<b>nee</b>"}
    )
    assert MARKUP_ERROR in response.content.decode()
    request.refresh_from_db()
    assert request.status == S.NEW


def test_assigning_someone_who_is_no_supporter_or_a_past_date_is_a_form_error(as_user, initiative, west_coordinator):
    request = SupportRequestFactory(initiative=initiative)
    client = as_user(west_coordinator)
    outsider = supporter("zuid")
    response = client.post(
        f"/support/requests/{request.pk}/assign/", {"supporter": outsider.pk, "due_date": "2030-01-01"}
    )
    assert "Select a valid choice" in response.content.decode()
    coach = supporter("west")
    response = client.post(f"/support/requests/{request.pk}/assign/", {"supporter": coach.pk, "due_date": "2020-01-01"})
    assert "cannot be in the past" in response.content.decode()
    response = client.post(f"/support/requests/{request.pk}/assign/", {"supporter": coach.pk, "due_date": "31-31-2031"})
    assert "Enter a valid date" in response.content.decode()
    request.refresh_from_db()
    assert request.status == S.NEW


def test_the_inbox_shows_supporters_their_requests_and_coordinators_the_waiting_ones(as_user, west_coordinator):
    coach = supporter("west")
    later = SupportRequestFactory(status=S.ASSIGNED, supporter=coach, due_date=timezone.localdate() + timedelta(9))
    sooner = SupportRequestFactory(status=S.IN_PROGRESS, supporter=coach, due_date=timezone.localdate() + timedelta(2))
    waiting = SupportRequestFactory(initiative=InitiativeFactory(title="Wacht op hulp"))
    SupportRequestFactory(initiative=InitiativeFactory(title="Elders", district_id=later.initiative.district_id + 1))

    page = as_user(coach).get("/support/inbox/").content.decode()
    assert page.index(sooner.initiative.title) < page.index(later.initiative.title)
    assert waiting.initiative.title not in page

    page = as_user(west_coordinator).get("/support/inbox/").content.decode()
    assert "Wacht op hulp" in page and "Elders" not in page
    assert as_user(UserFactory()).get("/support/inbox/").status_code == 403


# --- Catalogue ----------------------------------------------------------------------------------------------------


def test_the_catalogue_searches_and_filters_without_javascript(client):
    SchemeFactory(name="Buurtbudget West", themes=["greenery"], districts=["west"], provider_type="district")
    SchemeFactory(name="Energiefonds", themes=["energy"])
    SchemeFactory(name="Gesloten fonds", themes=["greenery"], deadline=timezone.localdate() - timedelta(days=1))
    SchemeFactory(name="Voorbeeld", themes=["culture"], districts=["zuid"], is_example=True)
    SchemeFactory(name="Concept", published=False)

    def found(query):
        page = client.get(f"/support/schemes/?{query}").content.decode()
        return sorted(
            name for name in ("Buurtbudget", "Energiefonds", "Gesloten", "Voorbeeld", "Concept") if name in page
        )

    assert found("") == ["Buurtbudget", "Energiefonds", "Gesloten", "Voorbeeld"]
    assert found("q=energie") == ["Energiefonds"]
    assert found("theme=greenery") == ["Buurtbudget", "Gesloten"]
    assert found("district=west") == ["Buurtbudget", "Energiefonds", "Gesloten"]
    assert found("provider_type=district") == ["Buurtbudget"]
    assert found("theme=greenery&open_now=on") == ["Buurtbudget"]
    assert "example" in client.get("/support/schemes/?district=zuid", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize("query", ["theme=nonsense", "district=atlantis", "provider_type=bank", "q=" + "x" * 500])
def test_bad_filters_say_so_and_do_not_break(client, query):
    response = client.get(f"/support/schemes/?{query}")
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_coordinators_keep_the_catalogue(client, as_user):
    data = {
        "name": "Buurtbudget Noord",
        "provider_type": "district",
        "provider_name": "Stadsdeel Noord",
        "description": "Geld voor de buurt.",
        "themes": ["1"],
        "eligibility": "Bewoners uit Noord.",
        "link": "example.org/buurtbudget",
        "amount_min": "500",
        "amount_max": "5000",
        "published": "on",
    }
    from initiatives.models import Theme

    data["themes"] = [str(Theme.objects.get(slug="social").pk)]
    assert as_user(UserFactory()).post("/support/schemes/new/", data).status_code == 403
    client = as_user(coordinator("noord"))
    response = client.post("/support/schemes/new/", data)
    scheme = Scheme.objects.get()
    assert response.status_code == 302 and scheme.link == "https://example.org/buurtbudget"
    assert list(scheme.themes.values_list("slug", flat=True)) == ["social"]

    bad = {
        **data,
        "name": "<img src=x onerror=alert(1)>",
        "amount_min": "9000",
        "deadline": "2027-01-01",
        "opens_on": "2027-02-01",
    }
    response = client.post(f"/support/schemes/{scheme.pk}/edit/", bad)
    page = response.content.decode()
    assert (
        MARKUP_ERROR in page
        and "cannot be lower than the lowest" in page
        and "cannot be before the scheme opens" in page
    )
    response = client.post(f"/support/schemes/{scheme.pk}/edit/", {**data, "themes": []})
    assert "This field is required" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.name == "Buurtbudget Noord"


def test_unpublished_schemes_and_guides_are_hidden_from_the_public(client):
    scheme = SchemeFactory(published=False)
    article = ArticleFactory(published=False)
    assert client.get(f"/support/schemes/{scheme.pk}/").status_code == 404
    assert client.get(f"/support/articles/{article.slug}/").status_code == 404
    client.force_login(coordinator("west"))
    assert client.get(f"/support/schemes/{scheme.pk}/").status_code == 200
    assert client.get(f"/support/articles/{article.slug}/").status_code == 200


def test_guides_keep_only_safe_markup(as_user, client):
    client = as_user(city_coordinator())
    body = (
        '<p>Stap <strong>één</strong></p><script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">link</a>'
    )
    response = client.post(
        "/support/articles/new/",
        {"title": "Subsidie aanvragen", "category": "subsidy", "language": "nl", "summary": "Kort.", "body": body},
    )
    article = Article.objects.get()
    assert response["Location"] == "/support/articles/subsidie-aanvragen/"
    assert "<script" not in article.body and "javascript:" not in article.body and "onclick" not in article.body
    assert "<strong>één</strong>" in article.body
    page = client.get("/support/articles/subsidie-aanvragen/").content.decode()
    assert "<strong>één</strong>" in page and "alert(1)</script>" not in page

    response = client.post(
        "/support/articles/new/",
        {
            "title": "<b>Vet</b>",
            "slug": "new",
            "category": "press",
            "language": "xx",
            "summary": "",
            "body": "<script></script>",
        },
    )
    page = response.content.decode()
    assert MARKUP_ERROR in page and "address is taken" in page and "Select a valid choice" in page
    assert Article.objects.count() == 1


# --- Events -------------------------------------------------------------------------------------------------------


def test_a_resident_registers_lands_on_the_waiting_list_and_cancels(as_user):
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    client = as_user(first)
    assert client.post(f"/support/events/{event.pk}/register/").status_code == 302
    assert "You are registered" in client.get(f"/support/events/{event.pk}/").content.decode()

    client = as_user(second)
    client.post(f"/support/events/{event.pk}/register/")
    page = client.get(f"/support/events/{event.pk}/").content.decode()
    assert "You are on the waiting list, number 1." in page

    client = as_user(first)
    assert "Yes, cancel" in client.get(f"/support/events/{event.pk}/cancel/").content.decode()
    assert client.post(f"/support/events/{event.pk}/cancel/").status_code == 302
    assert Registration.objects.get(user=second).status == Registration.Status.CONFIRMED


def test_register_needs_a_post_and_a_login(client):
    event = EventFactory()
    assert client.get(f"/support/events/{event.pk}/register/").status_code in (302, 405)
    response = client.post(f"/support/events/{event.pk}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(f"/support/events/{event.pk}/register/").status_code == 405
    assert client.post("/support/events/999999/register/").status_code == 404


def test_registering_twice_shows_a_message(as_user):
    event = EventFactory()
    client = as_user(UserFactory())
    client.post(f"/support/events/{event.pk}/register/")
    response = client.post(f"/support/events/{event.pk}/register/", follow=True)
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_organiser_sees_who_comes_and_others_do_not(as_user):
    organiser = coordinator("west")
    event = EventFactory(capacity=1, organiser=organiser)
    first, second = UserFactory(display_name="Eerste Bezoeker"), UserFactory(display_name="Tweede Bezoeker")
    for person in (first, second):
        as_user(person).post(f"/support/events/{event.pk}/register/")
    page = as_user(organiser).get(f"/support/events/{event.pk}/attendees/").content.decode()
    assert page.index("Eerste Bezoeker") < page.index("Waiting list") < page.index("Tweede Bezoeker")
    assert as_user(UserFactory()).get(f"/support/events/{event.pk}/attendees/").status_code == 403
    assert as_user(coordinator("zuid")).get(f"/support/events/{event.pk}/attendees/").status_code == 403


def event_data(**extra):
    start = timezone.localtime() + timedelta(days=10)
    return {
        "kind": "training_residents",
        "title": "Subsidie aanvragen",
        "description": "Samen schrijven.",
        "audience": "Bewoners",
        "district": "",
        "starts_at": start.strftime("%Y-%m-%dT19:00"),
        "ends_at": start.strftime("%Y-%m-%dT21:00"),
        "location": "Buurthuis",
        "online_url": "",
        "capacity": "12",
        "published": "on",
        **extra,
    }


def test_coordinators_organise_events_in_their_own_district(as_user):
    from districts.models import District

    west, zuid = District.objects.get(slug="west"), District.objects.get(slug="zuid")
    client = as_user(coordinator("west"))
    response = client.post("/support/events/new/", event_data(district=west.pk))
    event = Event.objects.get()
    assert response.status_code == 302 and event.district == west and event.capacity == 12
    assert timezone.localtime(event.starts_at).hour == 19

    response = client.post("/support/events/new/", event_data(district=zuid.pk))
    assert "Select a valid choice" in response.content.decode()
    response = client.post("/support/events/new/", event_data())
    assert "This field is required" in response.content.decode()
    assert as_user(UserFactory()).get("/support/events/new/").status_code == 403


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"ends_at": "2026-01-01T10:00"}, "must end after it starts"),
        ({"location": "", "online_url": ""}, "Give a place, an online link, or both"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"capacity": "veel"}, "Enter a whole number"),
        ({"starts_at": "morgen"}, "Enter a valid date/time"),
        ({"title": "<script>x</script>"}, MARKUP_ERROR),
        ({"online_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"kind": "party"}, "Select a valid choice"),
    ],
)
def test_bad_event_input_is_refused_with_a_reason(as_user, extra, error):
    client = as_user(city_coordinator())
    response = client.post("/support/events/new/", event_data(**extra))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Event.objects.exists()


def test_lowering_capacity_below_the_registered_is_a_form_error(as_user):
    organiser = coordinator("west")
    event = EventFactory(capacity=2, organiser=organiser)
    for _ in range(2):
        as_user(UserFactory()).post(f"/support/events/{event.pk}/register/")
    data = event_data(district=event.district_id, capacity="1", title=event.title)
    response = as_user(organiser).post(f"/support/events/{event.pk}/edit/", data)
    assert "2 people are already registered" in response.content.decode()
    assert as_user(coordinator("zuid")).post(f"/support/events/{event.pk}/edit/", data).status_code == 403


# --- Calendar -----------------------------------------------------------------------------------------------------


def test_an_events_calendar_file_parses(client):
    event = EventFactory(
        title="Training subsidie", location="Buurthuis, Kinkerstraat 1", online_url="https://example.org/live"
    )
    response = client.get(f"/support/events/{event.pk}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Training subsidie"
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert entry.decoded("DTEND") == event.ends_at.replace(microsecond=0)
    assert str(entry["LOCATION"]) == "Buurthuis, Kinkerstraat 1"
    assert "https://example.org/live" in str(entry["DESCRIPTION"])
    assert str(entry["URL"]) == f"http://testserver/support/events/{event.pk}/"
    assert str(entry["UID"]).startswith(f"event-{event.pk}@")


def test_the_feed_lists_upcoming_published_events_only(client):
    upcoming = EventFactory(title="Binnenkort")
    EventFactory(title="Voorbij", starts_at=timezone.now() - timedelta(days=3))
    EventFactory(title="Concept", published=False)
    calendar = icalendar.Calendar.from_ical(client.get("/support/events/feed.ics").content)
    assert [str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")] == ["Binnenkort"]
    assert upcoming.pk
    hidden = Event.objects.get(title="Concept")
    assert client.get(f"/support/events/{hidden.pk}/event.ics").status_code == 404
    assert client.get("/support/events/999999/event.ics").status_code == 404


# --- On the initiative page ---------------------------------------------------------------------------------------


def render_section(initiative, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load support_tags %}{% initiative_support initiative %}")
    return template.render(Context({"initiative": initiative, "request": request, "user": user}))


def test_the_initiative_section_shows_matching_schemes_and_requests_to_initiators(initiative, initiator):
    from django.contrib.auth.models import AnonymousUser

    SchemeFactory(name="Groenfonds", themes=["greenery"])
    SchemeFactory(name="Cultuurfonds", themes=["culture"])
    SupportRequestFactory(initiative=initiative, description="Onze vraag")
    html = render_section(initiative, initiator)
    assert "Groenfonds" in html and "Cultuurfonds" not in html
    assert f"/support/requests/new/?initiative={initiative.pk}" in html
    assert "/support/requests/" in html
    public = render_section(initiative, AnonymousUser())
    assert "Groenfonds" in public and "/support/requests/new/" not in public


# --- Pages and query budgets --------------------------------------------------------------------------------------


def make_data(size):
    coach = supporter("west")
    owner = UserFactory()
    for index in range(size):
        initiative = InitiativeFactory(themes=["greenery"], owner=owner)
        SupportRequestFactory(initiative=initiative, status=S.ASSIGNED, supporter=coach, due_date=timezone.localdate())
        SupportRequestFactory(initiative=initiative)
        SchemeFactory(themes=["greenery", "energy"], districts=["west", "zuid"])
        ArticleFactory(language="en" if index % 2 else "nl")
        event = EventFactory()
        Registration.objects.create(event=event, user=owner, status="confirmed", created_at=timezone.now())
    return coach, owner


@pytest.mark.parametrize("size", [2, 12])
def test_key_pages_have_a_fixed_query_budget(client, django_assert_max_num_queries, size):
    coach, owner = make_data(size)
    west_coordinator = coordinator("west")
    request = SupportRequest.objects.filter(supporter=coach).first()
    event = Event.objects.first()
    pages = [
        (None, "/support/", 5),
        (owner, "/support/", 14),
        (None, "/support/schemes/", 6),
        (None, "/support/schemes/?theme=greenery&district=west&open_now=on&q=Regeling", 8),
        (None, "/support/articles/", 1),
        (None, "/support/events/", 1),
        (owner, f"/support/events/{event.pk}/", 6),
        (None, "/support/events/feed.ics", 1),
        (coach, "/support/inbox/", 5),
        (west_coordinator, "/support/inbox/", 7),
        (owner, f"/support/requests/{request.pk}/", 10),
        # One more than before: the answer time reads the holiday calendar (cached between requests).
        (owner, f"/support/requests/new/?initiative={request.initiative_id}", 10),
    ]
    for user, url, budget in pages:
        client.logout()
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_the_initiative_page_shows_its_help_section(client, initiative, initiator):
    SchemeFactory(name="Groenfonds", themes=["greenery"])
    client.force_login(initiator)
    page = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    assert "Groenfonds" in page and f"/support/requests/new/?initiative={initiative.pk}" in page
