"""The privacy statement, accessibility statement, terms of use and contact pages: readable by anyone."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from districts.models import District

pytestmark = pytest.mark.django_db

STATEMENTS = {
    "pages:privacy": ("Privacyverklaring", "Privacy statement"),
    "pages:accessibility": ("Toegankelijkheidsverklaring", "Accessibility statement"),
    "pages:terms": ("Gebruiksvoorwaarden", "Terms of use"),
}


def visitor(language):
    client = Client()
    client.cookies["django_language"] = language
    return client


def heading(response):
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.parametrize("name", STATEMENTS)
@pytest.mark.parametrize(("language", "index"), [("nl", 0), ("en", 1)])
def test_each_statement_is_public_in_both_languages(name, language, index):
    response = visitor(language).get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert heading(response) == STATEMENTS[name][index]


def test_the_privacy_statement_says_what_is_kept_why_how_long_who_sees_it_and_the_persons_rights():
    page = visitor("nl").get(reverse("pages:privacy")).content.decode()
    for section in (
        "Welke gegevens bewaren we?",
        "Waarom gebruiken we ze?",
        "Hoe lang bewaren we ze?",
        "Wie kan je gegevens zien?",
        "Je rechten",
        "Vragen of een klacht",
    ):
        assert section in page
    # The place where the generated register of personal data goes.
    assert 'id="register"' in page
    assert "Autoriteit Persoonsgegevens" in page


def test_the_accessibility_statement_follows_the_public_sector_format():
    page = visitor("nl").get(reverse("pages:accessibility")).content.decode()
    for part in (
        "WCAG",
        "2.1",
        "AA",
        "Nalevingsstatus",
        "Hoe we testen",
        "axe",
        "375 pixels",
        "Bekende problemen",
        "Ombudsman",
    ):
        assert part in page


def test_the_terms_say_what_is_not_allowed_and_how_reporting_and_hiding_work():
    page = visitor("en").get(reverse("pages:terms")).content.decode()
    for part in ("What is not allowed", "Report as inappropriate", "How hiding works", "the reason"):
        assert part in page


def test_the_contact_page_lists_every_district_and_each_has_its_own_page():
    page = visitor("nl").get(reverse("pages:contact")).content.decode()
    for district in District.objects.all():
        assert district.name in page
        assert district.address in page
    west = District.objects.get(slug="west")
    west.email = "platform-west@example.org"
    west.save()
    detail = visitor("nl").get(reverse("pages:district_contact", kwargs={"slug": "west"}))
    assert heading(detail) == "Contact West"
    assert 'href="mailto:platform-west@example.org"' in detail.content.decode()
    assert visitor("nl").get("/contact/atlantis/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/initiatives/", "/accounts/login/", "/privacy/"])
def test_every_page_links_to_the_legal_pages_in_its_footer(path):
    page = visitor("nl").get(path).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    for name in ("pages:contact", "pages:privacy", "pages:accessibility", "pages:terms"):
        assert f'href="{reverse(name)}"' in footer


def test_the_sign_up_form_points_to_the_terms_and_the_privacy_statement():
    page = visitor("nl").get(reverse("account_signup")).content.decode()
    form = re.search(r'<form[^>]*action="/accounts/signup/".*?</form>', page, re.S).group(0)
    assert "Als je een account aanmaakt, ga je akkoord met de" in form
    assert f'href="{reverse("pages:terms")}"' in form
    assert f'href="{reverse("pages:privacy")}"' in form
