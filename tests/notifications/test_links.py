"""Links in e-mails point at the address the site is configured with, and lead to the right page."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings

from initiatives.models import Initiative
from initiatives.services import initiative_transition
from initiatives.workflow import Action
from tests.accounts.factories import coordinator
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db(transaction=True)

WEST = "https://west.example.org"


def links_in(message):
    return re.findall(r"https?://[^\s\"<>]+", message.body)


@override_settings(SITE_URL=WEST, ALLOWED_HOSTS=["west.example.org"])
def test_the_link_in_a_notification_leads_to_the_page_on_the_sites_own_address(client):
    initiative = InitiativeFactory(status=Initiative.Status.SUBMITTED, title="Moestuin op het Mercatorplein")
    initiator = owner_of(initiative)

    initiative_transition(initiative=initiative, action=Action.ACCEPT, actor=coordinator("west"))

    (message,) = [message for message in mail.outbox if message.to == [initiator.email]]
    links = links_in(message)
    assert links and all(link.startswith(WEST + "/") for link in links), links
    assert "localhost" not in message.body
    page_link = f"{WEST}{initiative.get_absolute_url()}"
    assert page_link in links

    client.force_login(initiator)
    address = urlsplit(page_link)
    page = client.get(address.path, HTTP_HOST=address.netloc, secure=True)
    assert page.status_code == 200
    assert "Moestuin op het Mercatorplein" in page.content.decode()
