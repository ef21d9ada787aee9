"""The official's inbox: assigned open dialogues, overdue first then by days left, filters and counts."""

import dataclasses
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Dialogue
from dialogues.workflow import Action
from districts.models import Department
from tests.accounts.factories import DepartmentFactory, coordinator, district, official
from tests.dialogues.factories import dialogue_at, dialogue_in, make_cast
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State
INBOX = "/inbox/"
# The lead answered and asked the initiative something back: the turn is the initiative's.
ASKED = [A.ASSIGN, A.ANSWER, A.ASK]


def assigned_dialogue(cast, *, started, official=None, title="Initiatief"):
    """Open and assign a dialogue at `started`; its first-answer deadline is 10 working days later."""
    initiative = InitiativeFactory(district=cast.initiative.district, title=title)
    return dialogue_at(initiative, [A.ASSIGN], coordinator=cast.coordinator, lead=official or cast.lead, now=started)


def test_inbox_lists_assigned_open_dialogues_overdue_first_then_by_days_left(client):
    cast = make_cast()
    now = timezone.now()
    later = assigned_dialogue(cast, started=now - timedelta(days=1), title="Later")
    overdue = assigned_dialogue(cast, started=now - timedelta(days=30), title="Te laat")
    sooner = assigned_dialogue(cast, started=now - timedelta(days=8), title="Bijna")
    waiting = dialogue_at(
        InitiativeFactory(title="Wacht", owner=cast.owner), ASKED, coordinator=cast.coordinator, lead=cast.lead
    )
    dialogue_in(
        S.CONCLUDED,
        dataclasses.replace(cast, initiative=InitiativeFactory(title="Gesloten Zeeheldenzaak", owner=cast.owner)),
    )
    assigned_dialogue(cast, started=now, official=cast.district_official, title="Van een ander")

    client.force_login(cast.lead)
    response = client.get(INBOX)
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [d.pk for d in rows] == [overdue.pk, sooner.pk, later.pk, waiting.pk]
    assert rows[0].clock_facts["overdue"] and not rows[1].clock_facts["overdue"]
    counts = response.context["counts"]
    assert (counts["total"], counts["my_turn"], counts["overdue"], counts["waiting_initiative"]) == (4, 3, 1, 1)
    html = response.content.decode()
    assert html.index("Te laat") < html.index("Bijna") < html.index("Later") < html.index("Wacht")
    assert "Zeeheldenzaak" not in html and "Van een ander" not in html


def test_inbox_filters_by_state_district_and_department(client):
    cast = make_cast()
    now = timezone.now()
    assigned_dialogue(cast, started=now, title="In West")
    asked = dialogue_at(
        InitiativeFactory(title="Gevraagd", owner=cast.owner), ASKED, coordinator=cast.coordinator, lead=cast.lead
    )
    # The same person is also an official in Oost, in another department.
    from accounts.models import Role

    oost_department = DepartmentFactory(name="Gebiedsteam Oost", district=district("oost"))
    Role.objects.create(
        user=cast.lead, kind="official", district=district("oost"), department=oost_department, job_title="area_manager"
    )
    oost_initiative = InitiativeFactory(district=district("oost"), title="In Oost")
    dialogue_at(oost_initiative, [A.ASSIGN], coordinator=coordinator("oost"), lead=cast.lead)

    client.force_login(cast.lead)

    def titles(query):
        response = client.get(INBOX, query)
        assert response.status_code == 200
        return sorted(d.initiative.title for d in response.context["page"].object_list)

    assert titles({}) == ["Gevraagd", "In Oost", "In West"]
    assert titles({"state": "awaiting_initiative"}) == [asked.initiative.title]
    assert titles({"district": "oost"}) == ["In Oost"]
    assert titles({"department": Department.objects.get(name="Gebiedsteam Oost").pk}) == ["In Oost"]
    assert titles({"state": "nonsense", "district": "nowhere"}) == ["Gevraagd", "In Oost", "In West"]


def test_coordinators_see_what_waits_on_them(client):
    cast = make_cast()
    requested = dialogue_in(S.REQUESTED, cast)
    dialogue_in(S.REQUESTED, make_cast("oost"))
    client.force_login(cast.coordinator)
    response = client.get(INBOX)
    assert [d.pk for d in response.context["page"].object_list] == [requested.pk]
    assert response.context["counts"]["my_turn"] == 1


def test_inbox_is_for_officials_and_coordinators(client):
    cast = make_cast()
    assert client.get(INBOX).status_code == 302
    for person in (cast.owner, cast.resident, cast.supporter):
        client.force_login(person)
        assert client.get(INBOX).status_code == 403
    client.force_login(official())
    response = client.get(INBOX)
    assert response.status_code == 200 and response.context["counts"]["total"] == 0
    assert reverse("dialogues:inbox") == INBOX
