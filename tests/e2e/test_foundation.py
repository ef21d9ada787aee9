import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_district_page_and_sign_up(live_server, page, axe_check, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewoners en gemeente, als gelijken in gesprek")
    axe_check(page)

    # The skip link is the first thing a keyboard reaches and it moves focus to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()

    page.get_by_role("link", name="West", exact=True).click()
    expect(page).to_have_url(re.compile(r"/districts/west/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("West")
    axe_check(page)

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Contact")).to_be_visible()
    expect(page.get_by_role("heading", name="Our promises")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Sign up").click()
    axe_check(page)
    page.get_by_label("Email").fill("amal@example.org")
    page.get_by_label("Your name as others see it").fill("Amal K.")
    page.get_by_label("Password", exact=True).fill("Fietsen-langs-de-Amstel-9")
    page.get_by_label("Password (again)").fill("Fietsen-langs-de-Amstel-9")
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Verify Your Email Address", re.I))
    axe_check(page)

    assert User.objects.filter(email="amal@example.org", display_name="Amal K.").exists()
    assert "amal@example.org" in mail.outbox[-1].to
