"""Every role's main pages and the pages of the e-mail journey on a phone, 375 px wide: nothing scrolls
sideways, the menu opens without JavaScript, and every page passes axe."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse
from playwright.sync_api import expect

from dialogues.models import Dialogue
from initiatives.models import Initiative
from support.models import SupportRequest
from tests.accounts.factories import UserFactory
from tests.dialogues.factories import dialogue_in, make_cast
from tests.e2e.helpers import log_in_as
from tests.initiatives.factories import InitiativeFactory
from tests.support.factories import ArticleFactory, EventFactory, SchemeFactory, SupportRequestFactory

PHONE = {"width": 375, "height": 800}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser_context_args(viewport=PHONE)]


def assert_fits_the_phone(page, axe_check):
    """Fail when the page scrolls sideways at the phone's width, or when axe finds a violation."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"
    axe_check(page)


def visit_all(page, live_server, axe_check, paths):
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.ok, f"{path} answered {response.status}"
        assert_fits_the_phone(page, axe_check)


def test_every_role_s_main_pages_fit_a_phone(live_server, page, axe_check):
    cast = make_cast()
    concluded = dialogue_in(Dialogue.State.CONCLUDED, cast)  # outcome and commitments table
    answering = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)  # the officials' answer forms
    InitiativeFactory(status=Initiative.Status.SUBMITTED, accepted_at=None, title="Buurtmoestuin Bos en Lommer")
    help_request = SupportRequestFactory(
        initiative=cast.initiative, supporter=cast.supporter, status=SupportRequest.Status.ASSIGNED
    ).get_absolute_url()
    scheme = SchemeFactory(name="Buurtbudget West", districts=["west"])
    article = ArticleFactory(title="Zo vraag je een subsidie aan")
    event = EventFactory(title="Samen een subsidieaanvraag schrijven")
    initiative = cast.initiative.get_absolute_url()

    # A visitor; the menu folds away on a phone and opens without JavaScript.
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(menu.get_by_role("link", name="Initiatieven")).to_be_visible()
    assert_fits_the_phone(page, axe_check)
    visit_all(
        page,
        live_server,
        axe_check,
        [
            "/initiatives/",
            initiative,
            concluded.get_absolute_url(),
            "/districts/",
            "/districts/west/",
            "/statistics/",
            "/support/",
            "/support/schemes/",
            scheme.get_absolute_url(),
            "/support/articles/",
            article.get_absolute_url(),
            "/support/events/",
            event.get_absolute_url(),
        ],
    )

    pages_by_role = [
        (
            cast.owner,
            ["/initiatives/new/", "/initiatives/mine/", "/accounts/profile/", "/notifications/", initiative],
        ),
        (cast.lead, ["/inbox/", answering.get_absolute_url(), concluded.get_absolute_url(), "/notifications/"]),
        (cast.coordinator, ["/dashboard/", "/dashboard/west/overdue/", "/initiatives/intake/", "/support/inbox/"]),
        (cast.city, ["/dashboard/", "/dashboard/overdue/"]),
        (cast.supporter, ["/support/inbox/", help_request]),
    ]
    for person, paths in pages_by_role:
        log_in_as(page, live_server, person)
        visit_all(page, live_server, axe_check, paths)


def test_the_e_mail_journey_fits_a_phone(live_server, page, axe_check):
    """Sign up, confirm the address from the e-mail, log in, forget the password and set a new one."""
    visit_all(page, live_server, axe_check, ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"])
    resident = UserFactory()
    address = EmailAddress.objects.get(user=resident)
    address.verified = False
    address.save()
    confirm = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    reset = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(resident), "key": default_token_generator.make_token(resident)},
    )
    visit_all(
        page, live_server, axe_check, ["/accounts/confirm-email/", confirm, "/accounts/password/reset/done/", reset]
    )
    expect(page.get_by_label("Nieuw wachtwoord", exact=True)).to_be_visible()
