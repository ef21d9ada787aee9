"""The Dutch site says "je", one word per thing, also in allauth's and Django's own messages on the account pages."""

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NL_PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# "u", "uw" and "alstublieft" address the reader formally; the site says "je".
FORMAL = re.compile(r"(?<![\w.])(?:u|uw|U|Uw)(?![\w.])|a\.u\.b\.|alstublieft")
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|[?!:;,]\.|\.[?!,]|\?\?|!!|,,")


def dutch_visitor():
    client = Client()
    client.cookies["django_language"] = "nl"
    return client


def visible_text(response):
    page = response.content.decode()
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def translations():
    for message in read_po(NL_PO.open("rb")):
        if message.id and not message.fuzzy:
            for text in [message.string] if isinstance(message.string, str) else message.string:
                yield message.id, text


def test_the_dutch_sign_up_page_explains_a_weak_password_in_dutch_with_je():
    response = dutch_visitor().post(
        reverse("account_signup"),
        {
            "email": "noor@example.org",
            "display_name": "Noor",
            "password1": "abc123",
            "password2": "abc123",
            "preferred_language": "nl",
        },
    )
    assert response.status_code == 200
    text = visible_text(response)
    assert "Dit wachtwoord is te kort. Het moet minstens 8 tekens lang zijn." in text
    assert "Dit wachtwoord gebruiken te veel mensen." in text
    assert "Je wachtwoord moet minstens 8 tekens lang zijn." in text  # the help text
    assert "This password" not in text and "Your password" not in text
    assert not FORMAL.search(text), FORMAL.search(text)


def test_the_account_pages_say_je_and_inloggen_in_dutch():
    visitor = dutch_visitor()
    pages = {
        path: visible_text(visitor.get(path))
        for path in (
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/accounts/password/reset/done/",
            "/accounts/confirm-email/",
        )
    }
    person = UserFactory(preferred_language="nl")
    visitor.force_login(person)
    for path in ("/accounts/password/change/", "/accounts/email/", "/accounts/logout/"):
        pages[path] = visible_text(visitor.get(path))
    for path, text in pages.items():
        assert not FORMAL.search(text), (path, FORMAL.search(text))
        assert not re.search(r"[Aa]anmeld|[Aa]fmeld|[Rr]egistr", text), (path, text)
    assert "Inloggen" in pages["/accounts/login/"]
    assert "Account aanmaken" in pages["/accounts/signup/"]
    assert "Uitloggen" in pages["/accounts/logout/"]


def test_logging_out_says_so_in_the_sites_words():
    visitor = dutch_visitor()
    visitor.force_login(UserFactory(preferred_language="nl"))
    response = visitor.post(reverse("account_logout"), follow=True)
    assert "Je bent uitgelogd." in response.content.decode()


def test_a_wrong_password_is_explained_in_dutch():
    person = UserFactory()
    response = dutch_visitor().post(reverse("account_login"), {"login": person.email, "password": PASSWORD + "x"})
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in visible_text(response)


def test_no_dutch_translation_says_u_or_doubles_its_punctuation():
    formal = [(msgid, text) for msgid, text in translations() if FORMAL.search(text)]
    doubled = [(msgid, text) for msgid, text in translations() if DOUBLED.search(text)]
    assert formal == []
    assert doubled == []


def test_one_dutch_word_per_thing():
    for msgid, text in translations():
        source = msgid if isinstance(msgid, str) else " ".join(msgid)
        # "Aanmelden" is only for events; logging in is "inloggen", signing up "account aanmaken".
        if re.search(r"[Aa]anmeld|[Aa]fmeld", text):
            assert re.search(r"regist|cancel", source, re.I), (source, text)
        # "Afspraken" are the points agreed at a meeting; a commitment is a "toezegging", the district's
        # response times are "wat we beloven".
        if re.search(r"[Aa]fspra|[Aa]fgesproken", text):
            assert re.search(r"agree", source, re.I), (source, text)
        if re.search(r"commitment", source, re.I):
            assert re.search(r"[Tt]oezegging", text), (source, text)


def test_a_form_sent_without_a_valid_token_is_explained_in_dutch_with_je():
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["django_language"] = "nl"
    response = visitor.post(reverse("account_login"), {"login": "noor@example.org", "password": "x"})
    assert response.status_code == 403
    text = visible_text(response)
    assert "Het formulier kon niet worden verstuurd" in text
    assert "cookies" in text
    assert not FORMAL.search(text), FORMAL.search(text)
