"""The legal pages in a browser, the log-in form's tab order, and focus landing on the message after an action."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def focused_element(page):
    return page.evaluate("() => { const e = document.activeElement; return [e.tagName, e.id, e.textContent.trim()]; }")


def test_email_tab_password_enter_logs_in_and_focus_lands_on_the_message(live_server, page, axe_check):
    person = UserFactory(display_name="Noor A.", preferred_language="nl")
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    axe_check(page)

    page.get_by_label("E-mailadres").focus()
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # Logged in, not on the reset page; the keyboard and the screen reader start at what just happened.
    expect(page).to_have_url(live_server.url + "/")
    message = page.get_by_role("status").filter(has_text="Je bent nu ingelogd als Noor A.")
    expect(message).to_be_visible()
    tag, element_id, text = focused_element(page)
    assert (tag, element_id) == ("DIV", "messages")
    assert "Je bent nu ingelogd" in text
    axe_check(page)

    # The reset link is still there, after the button.
    page.goto(live_server.url + "/accounts/logout/")
    page.locator("main").get_by_role("button", name="Uitloggen").click()
    expect(page.locator("#messages")).to_be_focused()
    page.goto(live_server.url + "/accounts/login/")
    order = page.evaluate(
        """() => [...document.querySelectorAll('main input:not([type=hidden]), main button, main a')]
                 .map(e => e.name || e.textContent.trim())"""
    )
    assert (
        order.index("login") < order.index("password") < order.index("Inloggen") < order.index("Wachtwoord vergeten?")
    )


def fits_the_screen(page):
    width, screen = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"{page.url} is {width}px wide on a {screen}px screen"


def test_the_legal_pages_from_the_footer(live_server, page, axe_check):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    footer = page.get_by_role("navigation", name="Over deze site")
    for link, heading in [
        ("Privacyverklaring", "Privacyverklaring"),
        ("Toegankelijkheidsverklaring", "Toegankelijkheidsverklaring"),
        ("Gebruiksvoorwaarden", "Gebruiksvoorwaarden"),
        ("Contact", "Contact"),
    ]:
        footer.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(page)
        fits_the_screen(page)
        footer = page.get_by_role("navigation", name="Over deze site")

    page.get_by_role("link", name="West", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact West")
    axe_check(page)
    fits_the_screen(page)

    page.get_by_role("button", name="English").click()
    page.get_by_role("navigation", name="About this site").get_by_role("link", name="Privacy statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy statement")
    axe_check(page)

    page.locator(".site-menu > summary").click()  # on a phone the header's links sit behind the menu button
    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    page.get_by_role("link", name="terms of use", exact=True).click()
    expect(page).to_have_url(re.compile(r"/terms/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Terms of use")
    axe_check(page)
