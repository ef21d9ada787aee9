"""A neighbour reacts and offers help on a need; the initiator accepts and marks the need met; axe finds nothing."""

import pytest
from playwright.sync_api import expect

from connect.models import Need, Offer, Reaction
from tests.accounts.factories import UserFactory
from tests.connect.factories import need_of
from tests.e2e.helpers import log_in_as
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db(transaction=True)


def english(user):
    user.preferred_language = "en"
    user.save()
    return user


def test_a_neighbour_reacts_and_helps_and_the_initiator_accepts_and_marks_the_need_met(live_server, page, axe_check):
    initiative = InitiativeFactory(title="Geveltuinen Kinkerbuurt", themes=["greenery"])
    initiator = english(owner_of(initiative))
    neighbour = english(UserFactory(display_name="Sanne de Wit"))
    need_of(initiative, text="Two people to carry tiles on Saturday")

    log_in_as(page, live_server, neighbour)
    page.goto(live_server.url + initiative.get_absolute_url())
    expect(page.get_by_role("heading", name="What we need")).to_be_visible()
    page.get_by_label("Your reaction").fill("Great plan! <b>I live</b> two doors down.\n\nCount me in.")
    page.get_by_role("button", name="Post my reaction").click()
    # Markup is refused with the reason, and the text stays in the field to correct.
    expect(page.locator(".error-summary, [role=alert]").first).to_contain_text("plain text")
    axe_check(page)
    page.get_by_label("Your reaction").fill("Great plan! I live two doors down.\n\nCount me in.")
    page.get_by_role("button", name="Post my reaction").click()
    reaction = Reaction.objects.get()
    expect(page.locator(f"#reaction-{reaction.pk}")).to_contain_text("Count me in.")
    axe_check(page)

    page.get_by_role("link", name="I can help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("I can help")
    axe_check(page)
    page.get_by_label("How can you help?").fill("I have a wheelbarrow; call me on Friday.")
    page.get_by_role("button", name="Send my offer").click()
    expect(page.locator("#needs")).to_contain_text("You offered to help.")

    log_in_as(page, live_server, initiator)
    page.goto(live_server.url + initiative.get_absolute_url())
    expect(page.locator("#needs")).to_contain_text("I have a wheelbarrow")
    axe_check(page)
    page.get_by_role("link", name="Accept", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept the help of Sanne de Wit")
    axe_check(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.locator("#needs")).to_contain_text("Helping: Sanne de Wit")
    assert Offer.objects.get().state == Offer.State.ACCEPTED

    page.get_by_role("link", name="Mark as met").click()
    axe_check(page)
    page.get_by_role("button", name="It is met").click()
    expect(page.locator("#needs")).to_contain_text("met")
    assert Need.objects.get().met_at is not None
    axe_check(page)

    # On a phone, the sections fit the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + initiative.get_absolute_url())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    axe_check(page)
