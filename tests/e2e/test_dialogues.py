"""The whole journey of a dialogue in a browser: opened and assigned by the coordinator, answered and asked
by the official, answered by the initiator, a reasoned outcome with a commitment, accepted; then a visitor
reads the concluded dialogue without any internal note. Every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from dialogues.models import Dialogue
from tests.accounts.factories import DepartmentFactory, coordinator, district, official
from tests.e2e.helpers import log_in_as
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db(transaction=True)

INTERNAL = "Internal: check the budget with Parks before promising anything."
REASONING = (
    "We looked at the pavement with the Parks department: it is wide enough for front gardens of thirty "
    "centimetres on the sunny side. The municipality lifts the tiles; the residents plant and keep the gardens."
)


def english(user, name):
    user.preferred_language = "en"
    user.display_name = name
    user.save()
    return user


def test_a_dialogue_from_opening_to_a_reasoned_outcome(live_server, page, axe_check):
    initiative = InitiativeFactory(title="Front gardens in Kinkerstraat", ask="Lift the tiles for our front gardens.")
    initiator = english(owner_of(initiative), "Fatima El Amrani")
    west_coordinator = english(coordinator("west"), "Samira Haddou")
    area_team = DepartmentFactory(name="Gebiedsteam West", district=district("west"))
    jeroen = english(official("west", department=area_team, job_title=Role.JobTitle.AREA_MANAGER), "Jeroen Mulder")

    # The coordinator opens a dialogue from the initiative's page and assigns the area manager.
    log_in_as(page, live_server, west_coordinator)
    page.goto(live_server.url + initiative.get_absolute_url())
    axe_check(page)
    page.get_by_role("link", name="Open a dialogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a dialogue")
    expect(page.get_by_label("The question")).to_have_value("Lift the tiles for our front gardens.")
    axe_check(page)
    page.get_by_role("button", name="Open the dialogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogue about “Front gardens in Kinkerstraat”")
    expect(page.locator(".status-with_coordinator")).to_have_text("with the platform coordinator")
    axe_check(page)
    page.get_by_role("link", name="Assign a lead official").click()
    axe_check(page)
    page.get_by_label("Lead official").select_option(label="Jeroen Mulder — area manager, Gebiedsteam West")
    page.get_by_role("button", name="Confirm: Assign a lead official").click()
    expect(page.get_by_text("Jeroen Mulder — area manager, Gebiedsteam West")).to_be_visible()
    dialogue = Dialogue.objects.get()
    dialogue_url = live_server.url + dialogue.get_absolute_url()

    # The official finds it in the inbox, answers, keeps an internal note and asks a question.
    log_in_as(page, live_server, jeroen)
    page.goto(live_server.url + "/inbox/")
    expect(page.locator(".inbox-counts")).to_contain_text("Waiting on you: 1")
    axe_check(page)
    page.get_by_role("link", name="Front gardens in Kinkerstraat").click()
    expect(page).to_have_url(re.compile(rf"/dialogues/{dialogue.pk}/$"))
    page.get_by_label("Your answer").fill("Thank you! I will look at the pavement this week with Parks.")
    page.get_by_role("button", name="Post answer").click()
    expect(page.get_by_text("Your answer is in the dialogue.")).to_be_visible()
    expect(page.locator(".status-waiting_municipality")).to_be_visible()
    page.get_by_label("Internal note").fill(INTERNAL)
    page.get_by_role("button", name="Save internal note").click()
    expect(page.get_by_text(INTERNAL)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Ask the initiative a question").click()
    expect(page.get_by_text("the initiative, with 15 working days")).to_be_visible()
    axe_check(page)
    page.get_by_label("Your question to the initiative").fill("How many neighbours will look after the gardens?")
    page.get_by_role("button", name="Confirm: Ask the initiative a question").click()
    expect(page.locator(".status-waiting_initiative")).to_have_text("waiting for the initiative")

    # The initiator answers; the internal note is not on their page.
    log_in_as(page, live_server, initiator)
    page.goto(dialogue_url)
    expect(page.get_by_text("How many neighbours will look after the gardens?")).to_be_visible()
    expect(page.get_by_text(INTERNAL)).to_have_count(0)
    axe_check(page)
    page.get_by_label("Your answer").fill("Twenty-two households, and the school on the corner.")
    page.get_by_role("button", name="Post answer").click()
    expect(page.locator(".status-waiting_municipality")).to_be_visible()

    # The official proposes a reasoned outcome with a commitment.
    log_in_as(page, live_server, jeroen)
    page.goto(dialogue_url)
    page.get_by_role("link", name="Propose an outcome").click()
    axe_check(page)
    page.get_by_label("agreed", exact=True).check()
    page.get_by_label("Summary").fill("The municipality lifts the tiles; the residents keep the gardens.")
    page.get_by_label("Reasoning").fill("Too short.")
    page.get_by_role("button", name="Confirm: Propose an outcome").click()
    expect(page.get_by_text("at least 150 characters")).to_have_count(3)  # the help text, the error, the summary
    axe_check(page)
    page.get_by_label("Reasoning").fill(REASONING)
    first = page.locator("fieldset.commitment-row").first
    first.get_by_label("What will be done").fill("Lift the tiles on the sunny side")
    first.get_by_label(re.compile("^Who does it")).select_option(label="Jeroen Mulder (Gebiedsteam West)")
    first.get_by_label("Due date").fill("2030-04-01")
    page.get_by_role("button", name="Confirm: Propose an outcome").click()
    expect(page.locator(".status-outcome_proposed")).to_have_text("outcome proposed")

    # The initiator accepts it.
    log_in_as(page, live_server, initiator)
    page.goto(dialogue_url)
    page.get_by_role("link", name="Accept the outcome").click()
    expect(page.get_by_text(REASONING)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Confirm: Accept the outcome").click()
    expect(page.get_by_text("You accepted the outcome. The dialogue is concluded with")).to_be_visible()

    # A visitor reads the concluded dialogue with its reasoning and commitment, and no internal note.
    page.context.clear_cookies()
    page.goto(dialogue_url)
    page.get_by_role("button", name="English").click()
    expect(page.locator(".status-concluded_agreed")).to_have_text("concluded — agreed")
    expect(page.get_by_text(REASONING)).to_be_visible()
    expect(page.get_by_role("rowheader", name="Lift the tiles on the sunny side")).to_be_visible()
    expect(page.get_by_text("Twenty-two households, and the school on the corner.")).to_be_visible()
    assert INTERNAL not in page.content()
    axe_check(page)
    page.goto(live_server.url + initiative.get_absolute_url())
    expect(page.get_by_role("link", name="Lift the tiles for our front gardens.")).to_be_visible()
    assert INTERNAL not in page.content()
    axe_check(page)


def test_commitment_kept_and_a_dialogue_closed_with_a_referral(live_server, page, axe_check):
    from tests.dialogues.factories import dialogue_in, make_cast

    cast = make_cast()
    concluded = dialogue_in(Dialogue.State.CONCLUDED, cast)
    english(cast.lead, "Jeroen Mulder")
    english(cast.coordinator, "Samira Haddou")

    log_in_as(page, live_server, cast.lead)
    page.goto(live_server.url + concluded.get_absolute_url())
    page.get_by_role("link", name=re.compile(r"^Mark done\W+Tegels wippen voor de geveltuinen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark a commitment as done")
    axe_check(page)
    page.get_by_role("button", name="Confirm: it is done").click()
    expect(page.get_by_text("The commitment is marked as done.")).to_be_visible()
    expect(page.get_by_text("marked “Tegels wippen voor de geveltuinen” as done")).to_be_visible()

    other_cast = make_cast()
    other = dialogue_in(Dialogue.State.ASSIGNED, other_cast)
    log_in_as(page, live_server, english(other_cast.coordinator, "Anouk de Wit"))
    page.goto(live_server.url + other.get_absolute_url())
    page.get_by_role("link", name="Close as duplicate or not competent").click()
    axe_check(page)
    page.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(page.locator(".error-summary, .error").first).to_be_visible()
    axe_check(page)
    page.get_by_label("the municipality is not competent").check()
    page.get_by_label("Reasoning").fill("This is about the train timetable, which the city does not decide.")
    page.get_by_label("Where can the initiative go instead?").fill("NS customer service, via ns.nl.")
    page.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(page.locator(".status-closed")).to_have_text("closed")
    expect(page.get_by_text("NS customer service, via ns.nl.").first).to_be_visible()
    axe_check(page)


def test_disagreeing_with_an_outcome_in_dutch_is_not_a_formal_objection(live_server, page, axe_check):
    from tests.dialogues.factories import dialogue_in, make_cast

    cast = make_cast()
    proposed = dialogue_in(Dialogue.State.OUTCOME_PROPOSED, cast)
    cast.owner.preferred_language = "nl"
    cast.owner.save()

    log_in_as(page, live_server, cast.owner)
    page.goto(live_server.url + proposed.get_absolute_url())
    expect(page.locator(".next-step-for-you")).to_contain_text("Jij bent aan de beurt")
    axe_check(page)
    page.get_by_role("link", name="Niet eens met de uitkomst").click()
    expect(page.get_by_role("heading", name="Geen formeel bezwaar")).to_be_visible()
    axe_check(page)
    page.get_by_label("Waarom ben je het niet eens met de uitkomst?").fill("De planning is te laat voor het voorjaar.")
    page.get_by_role("button", name="Niet eens met de uitkomst").click()
    expect(page.get_by_text("Je hebt laten weten dat je het niet eens bent met de uitkomst.")).to_be_visible()
    expect(page.locator(".next-step")).to_contain_text("De coördinator beslist uiterlijk")
    axe_check(page)
