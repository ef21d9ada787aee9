import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from initiatives.models import Initiative
from initiatives.services import invitation_create, report_create
from tests.accounts.factories import PASSWORD, UserFactory, coordinator
from tests.e2e.helpers import log_in_as
from tests.initiatives.factories import InitiativeFactory, InitiativeUpdateFactory, NetworkFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_register_submit_accept_and_support(live_server, page, axe_check, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    InitiativeFactory(title="Buurtbus voor ouderen", themes=["mobility", "care"], supporter_count=3)
    desk = coordinator("west")

    # A visitor finds the list, in English.
    page.goto(live_server.url + "/initiatives/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiatives")
    expect(page.get_by_role("link", name="Buurtbus voor ouderen")).to_be_visible()
    axe_check(page)

    # A resident signs up and verifies the address from the e-mail.
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("amal@example.org")
    page.get_by_label("Your name as others see it").fill("Amal K.")
    page.get_by_label("Password", exact=True).fill("Fietsen-langs-de-Amstel-9")
    page.get_by_label("Password (again)").fill("Fietsen-langs-de-Amstel-9")
    page.get_by_role("button", name="Create an account").click()
    path = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + path)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # They register an initiative and submit it.
    page.goto(live_server.url + "/initiatives/new/")
    axe_check(page)
    page.get_by_label("Title").fill("Huiswerkklas in de Kolenkit")
    page.get_by_label("In one or two sentences").fill("Studenten helpen kinderen met hun huiswerk.")
    page.get_by_label("Tell us more").fill("Drie middagen per week, in het buurthuis.")
    page.get_by_label("District").select_option(label="West")
    page.get_by_label("Youth").check()
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huiswerkklas in de Kolenkit")
    expect(page.get_by_text("This is a draft")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Submit for intake").click()
    page.get_by_role("button", name="Submit for intake").click()
    expect(page.get_by_text("Your initiative is submitted.")).to_be_visible()
    initiative = Initiative.objects.get(title="Huiswerkklas in de Kolenkit")
    assert initiative.status == "submitted"
    log_out(page)

    # The district's coordinator accepts it from the intake queue.
    log_in(page, live_server, desk.email)
    page.get_by_role("link", name="Intake").click()
    expect(page.get_by_role("heading", name="Huiswerkklas in de Kolenkit")).to_be_visible()
    axe_check(page)
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Huiswerkklas in de Kolenkit"))
    item.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text("The initiative is accepted and now public.")).to_be_visible()
    expect(page.get_by_text("No initiatives are waiting.")).to_be_visible()
    log_out(page)

    # A second resident supports it and the count goes up.
    neighbour = UserFactory(preferred_language="en", display_name="Noor B.")
    log_in(page, live_server, neighbour.email)
    page.goto(live_server.url + initiative.get_absolute_url())
    expect(page.get_by_text("0 supporters")).to_be_visible()
    page.get_by_label("Your neighbourhood").fill("Kolenkit")
    page.get_by_role("button", name="Support this initiative").click()
    expect(page.get_by_text("Thank you! You support this initiative.")).to_be_visible()
    expect(page.locator(".support-count")).to_have_text("1 supporter")
    expect(page.locator(".supporter-list")).to_contain_text("Noor B. (Kolenkit)")
    axe_check(page)


def test_the_other_initiative_pages_are_accessible(live_server, page, axe_check):
    network = NetworkFactory(name="Groen Oost", districts=["west"])
    owner = UserFactory(preferred_language="en")
    asked = InitiativeFactory(status="information_requested", owner=owner, intake_note="Wie doet mee?")
    public = InitiativeFactory(network=network, owner=owner, supporter_count=0)
    update = InitiativeUpdateFactory(initiative=public)
    invitation = invitation_create(initiative=public, email="buur@example.org", invited_by=owner)
    report_create(initiative=public, update=update, reporter=UserFactory(), reason="Reclame")

    # A visitor: a network and an invitation.
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    for path in (network.get_absolute_url(), invitation.get_absolute_url()):
        page.goto(live_server.url + path)
        axe_check(page)

    # An initiator: their list, the edit form with an error, the invite page and a confirmation.
    log_in(page, live_server, owner.email)
    for path in (
        "/initiatives/mine/",
        "/accounts/profile/",
        f"/initiatives/{public.pk}/invite/",
        f"/initiatives/{public.pk}/withdraw/",
        f"/initiatives/{asked.pk}/answer/",
    ):
        page.goto(live_server.url + path)
        axe_check(page)
    page.goto(live_server.url + f"/initiatives/{asked.pk}/edit/")
    page.get_by_label("Title").fill("<b>Vet</b>")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#id_title_error")).to_contain_text("Please write plain text.")
    axe_check(page)
    log_out(page)

    # A coordinator: the moderation queue and the hide confirmation.
    log_in(page, live_server, coordinator("west").email)
    page.goto(live_server.url + "/initiatives/moderation/")
    expect(page.get_by_text("Reason given:")).to_be_visible()
    axe_check(page)
    page.goto(live_server.url + f"/initiatives/{public.pk}/hide/")
    axe_check(page)


def test_the_area_list_follows_the_district_and_errors_are_summarised_and_focused(live_server, page, axe_check):
    log_in_as(page, live_server, UserFactory(preferred_language="en"))
    page.goto(live_server.url + "/initiatives/new/")
    groups = page.locator("#id_area optgroup")
    page.get_by_label("District").select_option(label="West")
    expect(groups).to_have_count(1)
    expect(groups.first).to_have_attribute("label", "West")
    page.get_by_label("District").select_option(label="Oost")
    expect(groups).to_have_count(1)
    expect(groups.first).to_have_attribute("label", "Oost")

    page.get_by_role("button", name="Save as draft").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(re.compile(r"Something is wrong in \d+ fields"))
    expect(page.locator("#id_area optgroup")).to_have_count(1)
    summary.get_by_role("link", name=re.compile("^Title")).click()
    assert page.url.endswith("#id_title")
    axe_check(page)
