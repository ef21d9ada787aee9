"""The open data API: its OpenAPI schema is valid, every response matches it, filters and pages work, and
nothing private ever leaves: no internal note or reason, no e-mail address, no name beyond display names.
"""

import json
import re

import pytest
from django.core.management import call_command
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from dialogues.models import Dialogue
from initiatives.models import Initiative
from tests.accounts.factories import UserFactory
from tests.dashboard.factories import INTERNAL_NOTE, INTERNAL_REASON, MARCH, build_hand_set
from tests.dialogues.factories import make_cast
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def spec(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/districts/", "/api/v1/initiatives/", "/api/v1/dialogues/", "/api/v1/statistics/"} <= set(
        spec["paths"]
    )
    assert all(set(operations) == {"get"} for operations in spec["paths"].values())  # read-only


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


@pytest.fixture
def data():
    hand = build_hand_set()
    cast = make_cast()  # another initiative with an official and a reassignment reason for staff only
    from dialogues.services import dialogue_open, dialogue_transition
    from tests.accounts.factories import official

    d = dialogue_open(initiative=cast.initiative, question="Een vraag?", actor=cast.coordinator)
    d = dialogue_transition(dialogue=d, action="assign", actor=cast.coordinator, official=cast.lead)
    dialogue_transition(
        dialogue=d, action="reassign", actor=cast.coordinator, official=official("west"), reason=INTERNAL_REASON
    )
    hidden = InitiativeFactory(title="Verborgen initiatief")
    dialogue_open(initiative=hidden, question="Geheime vraag?", actor=cast.coordinator)
    hidden.hidden_at, hidden.hidden_reason = d.created_at, "Spam."
    hidden.save()
    InitiativeFactory(status="draft", title="Nog een concept")
    return hand


def endpoints(data):
    first = Dialogue.objects.public().order_by("pk").first()
    initiative = Initiative.objects.public().order_by("pk").first()
    return [
        "/api/v1/",
        "/api/v1/districts/",
        "/api/v1/districts/west/",
        "/api/v1/initiatives/",
        "/api/v1/initiatives/?district=west&status=active&theme=greenery",
        "/api/v1/initiatives/?q=Groene",
        f"/api/v1/initiatives/{initiative.pk}/",
        "/api/v1/dialogues/",
        "/api/v1/dialogues/?district=west&state=concluded",
        f"/api/v1/dialogues/{first.pk}/",
        f"/api/v1/dialogues/{data.dialogues[1].pk}/",
        f"/api/v1/dialogues/{data.dialogues[4].pk}/",
        "/api/v1/statistics/",
        f"/api/v1/statistics/?start={MARCH['start']}&end={MARCH['end']}&theme=greenery",
        "/api/v1/statistics/?period=all",
        "/api/v1/dialogues/?page_size=2&page=2",
    ]


def test_every_response_matches_the_schema(client, spec, data):
    openapi = OpenAPI.from_dict(spec)
    for url in endpoints(data):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:500])
        assert response["Content-Type"] == "application/json"
        if url == "/api/v1/":
            continue  # the router's index of links is not part of the described API
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_nothing_private_in_any_response(client, data):
    from accounts.models import User

    emails = set(User.objects.values_list("email", flat=True))
    for url in endpoints(data):
        body = client.get(url).content.decode()
        assert INTERNAL_NOTE not in body, url
        assert INTERNAL_REASON not in body, url
        assert not EMAIL.search(body), (url, EMAIL.search(body))
        assert not any(email in body for email in emails), url
        assert "Verborgen initiatief" not in body and "Geheime vraag" not in body and "Nog een concept" not in body


def test_a_dialogue_in_the_open(client, data):
    d1 = data.dialogues[1]
    body = client.get(f"/api/v1/dialogues/{d1.pk}/").json()
    assert body["state"] == "concluded" and body["public_status"] == "concluded_agreed"
    assert body["outcome"]["type"] == "agreed" and len(body["outcome"]["reasoning"]) >= 150
    assert body["commitments"][0]["what"] == "Tegels wippen"
    # The owner of a commitment appears as a display name (or a department), never as an address.
    assert body["commitments"][0]["owner"] == data.lead_a.display_name
    assert body["lead_department"] == "Afdeling A"
    assert data.lead_a.display_name not in body["outcome"]["decided_by_role"]  # a role, not a person
    d8 = client.get(f"/api/v1/dialogues/{data.dialogues[8].pk}/").json()
    assert d8["is_overdue"] is True and d8["waiting_on"] == "officials" and d8["deadline_at"]


def test_hidden_and_draft_initiatives_are_not_published(client, data):
    hidden = Initiative.objects.get(title="Verborgen initiatief")
    assert client.get(f"/api/v1/initiatives/{hidden.pk}/").status_code == 404
    dialogue = Dialogue.objects.get(initiative=hidden)
    assert client.get(f"/api/v1/dialogues/{dialogue.pk}/").status_code == 404
    draft = Initiative.objects.get(title="Nog een concept")
    assert client.get(f"/api/v1/initiatives/{draft.pk}/").status_code == 404


def test_initiatives_show_initiators_by_display_name_only(client, data):
    body = client.get("/api/v1/initiatives/?q=Groene").json()
    assert [r["title"] for r in body["results"]] == ["Groene straat"]
    initiator = Initiative.objects.get(title="Groene straat").initiator_links.get().user
    assert body["results"][0]["initiators"] == [initiator.display_name]
    assert body["results"][0]["themes"] == ["greenery"]


def test_filters_match_the_pages(client, data):
    concluded = client.get("/api/v1/dialogues/?state=concluded").json()
    assert concluded["count"] == 3
    assert client.get("/api/v1/dialogues/?district=oost").json()["count"] == 0
    assert client.get("/api/v1/initiatives/?theme=greenery").json()["count"] == 1
    assert client.get("/api/v1/dialogues/?state=nonsense").status_code == 400
    assert client.get("/api/v1/statistics/?start=2026-13-01").status_code == 400
    # The schema cannot forbid an end before the start, so the API answers it: an empty period.
    backwards = client.get("/api/v1/statistics/?start=2026-03-31&end=2026-03-01")
    assert backwards.status_code == 200
    assert backwards.json()["city"]["figures"]["opened"] == 0


def test_statistics_match_the_hand_computation(client, data):
    body = client.get(f"/api/v1/statistics/?start={MARCH['start']}&end={MARCH['end']}").json()
    assert body["period"] == {"first_day": "2026-03-01", "last_day": "2026-03-31"}
    west = next(d for d in body["districts"] if d["slug"] == "west")
    f = west["figures"]
    # 3 of the 5 first answers due came in time: D5 went unanswered past its deadline (tests/dashboard).
    assert (f["opened"], f["first_answers_on_time_share"], f["first_answer_days_median"]) == (7, 0.6, 7.0)
    assert (f["first_answers_due"], f["unanswered_past_deadline"]) == (5, 1)
    assert (f["first_answer_days_p90"], f["outcome_days_median"], f["outcome_days_p90"]) == (11.4, 14.0, 22.0)
    assert (f["agreed"], f["partly_agreed"], f["not_agreed"], f["escalations"]) == (1, 1, 1, 1)
    assert west["department_minimum"] == 5 and west["departments_not_shown"] == 2
    district = client.get("/api/v1/districts/west/").json()
    assert district["statistics"]["figures"]["open_now"] >= 3
    assert "email" not in district


def test_pagination(client):
    cast = make_cast()
    for _n in range(5):
        InitiativeFactory(owner=cast.owner)
    body = client.get("/api/v1/initiatives/?page_size=2").json()
    assert body["count"] == 7 and len(body["results"]) == 2 and body["next"]
    assert len(client.get("/api/v1/initiatives/").json()["results"]) == 7
    assert client.get("/api/v1/initiatives/?page_size=1000").status_code == 200  # capped at 200


def test_json_only_and_read_only(client):
    assert client.get("/api/v1/districts/?format=api").status_code == 404
    assert client.post("/api/v1/districts/", {}, content_type="application/json").status_code in (403, 405)
    user = UserFactory()
    client.force_login(user)
    assert client.delete("/api/v1/districts/west/").status_code in (403, 405)


def test_anonymous_visitors_are_rate_limited(client):
    statuses = [client.get("/api/v1/districts/west/").status_code for _n in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    # A signed-in person has a higher limit.
    client.force_login(UserFactory())
    assert client.get("/api/v1/districts/west/").status_code == 200


def test_initiatives_say_and_filter_by_the_language_they_are_written_in(client):
    from tests.initiatives.factories import InitiativeFactory

    InitiativeFactory(title="Mahalle kütüphanesi", language="tr")
    InitiativeFactory(title="Buurtbieb", language="nl")
    results = client.get("/api/v1/initiatives/?language=tr").json()["results"]
    assert [(i["title"], i["language"]) for i in results] == [("Mahalle kütüphanesi", "tr")]
    assert client.get("/api/v1/initiatives/?language=xx").status_code == 400
