import re

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from support.models import Registration, SupportRequest
from support.services import event_register
from tests.accounts.factories import UserFactory, coordinator, supporter
from tests.e2e.helpers import log_in_as
from tests.initiatives.factories import InitiativeFactory, owner_of
from tests.support.factories import EventFactory, SchemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def english(user):
    user.preferred_language = "en"
    user.save()
    return user


def test_an_initiator_gets_help_with_a_subsidy_from_request_to_closing_note(live_server, page, axe_check):
    initiative = InitiativeFactory(title="Geveltuinen Kinkerbuurt", themes=["greenery"])
    initiator = english(owner_of(initiative))
    west_coordinator = english(coordinator("west"))
    coach = english(supporter("west"))
    coach.display_name = "Mila Verbeek"
    coach.save()
    SchemeFactory(name="Buurtbudget West", themes=["greenery"], districts=["west"], is_example=True)

    log_in_as(page, live_server, initiator)
    page.goto(live_server.url + "/support/")
    axe_check(page)
    page.get_by_role("link", name="Ask for help for Geveltuinen Kinkerbuurt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for help")
    expect(page.get_by_role("link", name="Buurtbudget West")).to_be_visible()
    axe_check(page)
    page.get_by_label("subsidy", exact=True).check()
    page.get_by_label("Describe your question").fill("Which subsidy fits our front gardens, and how do we apply?")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator(".status")).to_have_text("New, waiting for a supporter")
    axe_check(page)
    request = SupportRequest.objects.get()

    log_in_as(page, live_server, west_coordinator)
    page.goto(live_server.url + "/support/inbox/")
    expect(page.get_by_role("heading", name="Waiting for a supporter")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Subsidy").click()
    axe_check(page)
    page.get_by_role("link", name="Assign a supporter").click()
    axe_check(page)
    page.get_by_label("Supporter").select_option(label="Mila Verbeek")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".status")).to_have_text("Assigned to a supporter")

    log_in_as(page, live_server, coach)
    page.goto(live_server.url + "/support/inbox/")
    axe_check(page)
    page.get_by_role("link", name="Subsidy").click()
    expect(page.locator(".status")).to_have_text("Assigned to a supporter")
    axe_check(page)
    page.get_by_role("link", name="Start working on it").click()
    axe_check(page)
    page.get_by_role("button", name="Yes, I am working on it").click()
    expect(page.locator(".status")).to_have_text("In progress")
    page.get_by_role("link", name="Close with a note").click()
    page.get_by_label("Done: the initiative has been helped").check()
    page.get_by_label("Closing note").fill("We wrote the application for the Buurtbudget together.")
    axe_check(page)
    page.get_by_role("button", name="Close the request").click()
    expect(page.locator(".status")).to_have_text("Done")
    axe_check(page)

    log_in_as(page, live_server, initiator)
    page.goto(live_server.url + request.get_absolute_url())
    expect(page.get_by_text("We wrote the application for the Buurtbudget together.")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Done")
    axe_check(page)
    assert Notification.objects.filter(recipient=initiator, kind="support_request_done").exists()


def test_a_resident_joins_the_waiting_list_of_a_full_training_and_moves_up(live_server, page, axe_check):
    event = EventFactory(title="Training: applying for a subsidy", capacity=1)
    first = english(UserFactory())
    seat = event_register(event=event, user=first)
    resident = english(UserFactory())

    log_in_as(page, live_server, resident)
    page.goto(live_server.url + "/support/events/")
    axe_check(page)
    page.get_by_role("link", name="Training: applying for a subsidy").click()
    expect(page.get_by_text("This event is full.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_text("You are on the waiting list, number 1.")).to_be_visible()
    axe_check(page)

    log_in_as(page, live_server, first)
    page.goto(live_server.url + event.get_absolute_url())
    axe_check(page)
    page.get_by_role("link", name="Cancel my registration").click()
    axe_check(page)
    page.get_by_role("button", name="Yes, cancel").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    axe_check(page)
    seat.refresh_from_db()
    assert seat.status == Registration.Status.CANCELLED

    log_in_as(page, live_server, resident)
    page.goto(live_server.url + "/notifications/")
    axe_check(page)
    page.get_by_role("link", name=re.compile("A place has come free for you")).click()
    expect(page).to_have_url(re.compile(rf"/support/events/{event.pk}/$"))
    expect(page.get_by_text("You are registered.")).to_be_visible()
    axe_check(page)
