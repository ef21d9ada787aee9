"""An official answers from their mail program: the coordinator assigns in the browser, the official replies to
the assignment e-mail (delivered to `manage.py receive_mail` as a mail server would), and the initiative reads
the answer on the dialogue page."""

import io
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from dialogues.models import Dialogue
from tests.accounts.factories import coordinator, official
from tests.e2e.helpers import log_in_as
from tests.inbound import mails
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Good idea. I will look at the pavement with the Parks department on Monday and call you after."


def named(user, name):
    user.preferred_language = "en"
    user.display_name = name
    user.save()
    return user


def test_the_official_replies_to_the_assignment_mail_and_the_initiative_reads_it(live_server, page, axe_check):
    initiative = InitiativeFactory(title="Front gardens in Kinkerstraat")
    initiator = named(owner_of(initiative), "Fatima El Amrani")
    west_coordinator = named(coordinator("west"), "Samira Haddou")
    jeroen = named(official("west"), "Jeroen Mulder")

    log_in_as(page, live_server, west_coordinator)
    page.goto(live_server.url + initiative.get_absolute_url())
    page.get_by_role("link", name="Open a dialogue").click()
    page.get_by_role("button", name="Open the dialogue").click()
    page.get_by_role("link", name="Assign a lead official").click()
    page.get_by_label("Lead official").select_option(index=1)
    mail.outbox = []
    page.get_by_role("button", name="Confirm: Assign a lead official").click()
    expect(page.get_by_text("Jeroen Mulder — civil servant")).to_be_visible()

    # In Jeroen's mail program: the assignment, with a personal reply address.
    (assignment,) = [message for message in mail.outbox if message.to == [jeroen.email]]
    (reply_to,) = assignment.reply_to
    out = io.StringIO()
    stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(mails.outlook_dutch(jeroen.email, reply_to, ANSWER)))
    try:
        call_command("receive_mail", stdout=out)
    finally:
        sys.stdin = stdin
    assert out.getvalue().strip() == "posted"

    log_in_as(page, live_server, initiator)
    page.goto(live_server.url + Dialogue.objects.get().get_absolute_url())
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Met vriendelijke groet")).to_have_count(0)  # the signature and quote stay out
    axe_check(page)
