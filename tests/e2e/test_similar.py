"""A resident registering an initiative is shown a similar one, asks to join it, and its initiator accepts."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiator
from tests.accounts.factories import UserFactory, district
from tests.e2e.helpers import log_in_as
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_is_shown_a_similar_initiative_and_joins_it(live_server, page, axe_check):
    existing = InitiativeFactory(
        title="Moestuinen in het Oosterpark", district=district("oost"), themes=["greenery"], supporter_count=12
    )
    InitiativeFactory(title="Schaakclub voor ouderen", district=district("west"))
    resident = UserFactory(display_name="Sanne de V.")
    log_in_as(page, live_server, resident)

    # Registering: before saving anything, they look for similar initiatives.
    page.goto(live_server.url + "/initiatives/new/")
    page.get_by_role("button", name="English").click()
    page.get_by_label("Title").fill("Een moestuin in de Kolenkit")
    page.get_by_label("District").select_option(label="West")
    page.get_by_role("button", name="Look for similar initiatives").click()
    similar = page.locator("#similar-check")
    expect(similar.get_by_role("link", name="Moestuinen in het Oosterpark", exact=True)).to_be_visible()
    expect(similar.get_by_text("Schaakclub")).to_have_count(0)
    expect(page.get_by_label("Title")).to_have_value("Een moestuin in de Kolenkit")
    axe_check(page)

    # They would rather join: they ask to become a co-initiator.
    similar.get_by_role("link", name=re.compile("^Ask to become a co-initiator")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask to become a co-initiator")
    page.get_by_label("A message for the initiators").fill("Ik woon om de hoek en heb een schoffel.")
    axe_check(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()

    # Their own draft shows the similar initiative too, before they submit it.
    page.goto(live_server.url + "/initiatives/new/")
    page.get_by_label("Title").fill("Een moestuin in de Kolenkit")
    page.get_by_label("In one or two sentences").fill("Groente kweken met de buren.")
    page.get_by_label("Tell us more").fill("Op het braakliggende veld achter de school.")
    page.get_by_label("District").select_option(label="West")
    page.get_by_label("Greenery").check()
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een moestuin in de Kolenkit")
    section = page.get_by_role("region", name="Similar initiatives")
    expect(section.get_by_role("link", name="Moestuinen in het Oosterpark", exact=True)).to_be_visible()
    axe_check(page)

    # The initiator sees the request on their initiative's page and accepts it.
    log_in_as(page, live_server, owner_of(existing))
    page.goto(live_server.url + existing.get_absolute_url())
    page.get_by_role("button", name="English").click()
    requests = page.get_by_role("heading", name="Requests to join").locator("..")
    expect(requests.get_by_text("Ik woon om de hoek en heb een schoffel.")).to_be_visible()
    axe_check(page)
    requests.get_by_role("link", name=re.compile("^Accept")).click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Sanne de V. is now a co-initiator.")).to_be_visible()
    assert Initiator.objects.filter(initiative=existing, user=resident, role="co_initiator").exists()
