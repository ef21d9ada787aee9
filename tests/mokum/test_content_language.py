"""Text in the language it was written in: initiatives, updates and dialogue messages keep their language, pages
mark it with lang and dir, say in which language it was written, filter and search by it."""

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dialogues.models import Dialogue, Message
from initiatives.models import Initiative
from initiatives.services import initiative_update_post
from notifications.services import notify
from tests.accounts.factories import UserFactory
from tests.conftest import USES_POSTGRES
from tests.dialogues.factories import dialogue_in, make_cast
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db


def in_language(client, language):
    client.cookies["django_language"] = language
    return client


def render(source, **context):
    return Template(source).render(Context(context))


class Written:
    def __init__(self, language):
        self.language = language


def test_text_in_another_language_than_the_page_gets_lang_and_dir():
    with translation.override("nl"):
        assert render("<p{% content_lang x %}>", x=Written("ar")) == '<p lang="ar" dir="rtl">'
        assert render("<p{% content_lang x %}>", x=Written("tr")) == '<p lang="tr" dir="ltr">'
        assert render("<p{% content_lang x %}>", x=Written("nl")) == "<p>"
        assert render("{% written_in x %}", x=Written("tr")) == "Geschreven in het Turks"
        assert render("{% written_in x %}", x=Written("nl")) == ""
    with translation.override("ar"):
        assert render("<p{% content_lang x %}>", x=Written("nl")) == '<p lang="nl" dir="ltr">'
        assert render("<p{% content_lang x %}>", x=Written("ar")) == "<p>"


def test_a_name_inside_a_translated_sentence_is_isolated_and_escaped():
    html = render(
        "{% load i18n %}{% blocktranslate with name=n|bdi %}Hello {{ name }},{% endblocktranslate %}", n="<Jan> 2"
    )
    assert html == "Hello <bdi>&lt;Jan&gt; 2</bdi>,"


def test_every_page_says_its_language_and_direction(client):
    for language, direction in [("nl", "ltr"), ("en", "ltr"), ("tr", "ltr"), ("ar", "rtl")]:
        page = in_language(client, language).get("/").content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in page
    # The switch names each language in itself.
    page = in_language(client, "nl").get("/").content.decode()
    assert 'lang="tr" dir="ltr" class="link-button">Türkçe</button>' in page
    assert 'value="ar" lang="ar" dir="rtl"' in page


def test_a_resident_who_chose_turkish_registers_in_turkish_or_in_another_language(client):
    resident = UserFactory(preferred_language="tr")
    client.force_login(resident)
    form = client.get(reverse("initiatives:create")).context["form"]
    assert form["language"].value() == "tr"
    fields = {
        "title": "Mahalle kütüphanesi",
        "summary": "Komşular kitaplarını paylaşıyor.",
        "description": "Her cumartesi toplum merkezinde.",
        "district": Initiative._meta.get_field("district").related_model.objects.get(slug="west").pk,
        "themes": [Initiative._meta.get_field("themes").related_model.objects.first().pk],
    }
    assert client.post(reverse("initiatives:create"), {**fields, "language": "tr"}).status_code == 302
    assert (
        client.post(reverse("initiatives:create"), {**fields, "title": "Buurtbieb", "language": "nl"}).status_code
        == 302
    )
    assert dict(Initiative.objects.values_list("title", "language")) == {"Mahalle kütüphanesi": "tr", "Buurtbieb": "nl"}
    response = client.post(reverse("initiatives:create"), {**fields, "language": "xx"})
    assert response.status_code == 200 and response.context["form"].errors["language"]


def test_the_initiative_page_marks_and_names_text_in_another_language(client):
    initiative = InitiativeFactory(title="Mahalle kütüphanesi", language="tr")
    initiative_update_post(initiative=initiative, author=owner_of(initiative), text="Yeni raflar geldi.", language="tr")
    page = in_language(client, "nl").get(initiative.get_absolute_url()).content.decode()
    assert '<h1 id="initiative-title" lang="tr" dir="ltr">Mahalle kütüphanesi</h1>' in page
    assert page.count("Geschreven in het Turks") == 2  # the initiative and its update
    assert re.search(r'<div lang="tr" dir="ltr"><p>Yeni raflar geldi.</p></div>', page)
    page = in_language(client, "tr").get(initiative.get_absolute_url()).content.decode()
    assert '<h1 id="initiative-title">Mahalle kütüphanesi</h1>' in page


def test_the_list_filters_by_language_and_refuses_an_unknown_one_politely(client):
    InitiativeFactory(title="Mahalle kütüphanesi", language="tr")
    InitiativeFactory(title="Buurtbieb", language="nl")
    response = client.get("/initiatives/?language=tr")
    assert [i.title for i in response.context["initiatives"]] == ["Mahalle kütüphanesi"]
    assert response.context["filtering"]
    response = client.get("/initiatives/?language=xx")
    assert response.status_code == 200
    assert "Some filters could not be used" in response.content.decode()


@pytest.mark.postgres
def test_search_stems_each_initiative_in_its_own_language():
    assert USES_POSTGRES
    turkish = InitiativeFactory(title="Mahalle kitaplar", description="Komşular bahçeler ve kitaplar.", language="tr")
    arabic = InitiativeFactory(title="مكتبة الحي", description="المكتبات للجيران", language="ar")
    dutch = InitiativeFactory(title="Moestuinen aan de Amstel", description="Samen kweken.", language="nl")
    # The Turkish stemmer finds "kitap" in "kitaplar"; the Dutch one would keep "kitaplar" whole and miss it.
    assert list(Initiative.objects.search("kitap")) == [turkish]
    assert list(Initiative.objects.search("bahçe")) == [turkish]
    assert list(Initiative.objects.search("مكتب")) == [arabic]
    assert list(Initiative.objects.search("moestuin")) == [dutch]
    assert list(Initiative.objects.search("kitap -bahçe")) == []


def test_an_official_with_an_arabic_interface_answers_in_dutch(client):
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    cast.lead.preferred_language = "ar"
    cast.lead.save()
    client.force_login(cast.lead)
    page = client.get(dialogue.get_absolute_url())
    forms = dict(page.context["inline_forms"])
    action = next(action for action in forms if action != "note")
    assert forms[action]["language"].value() == "ar"
    data = {
        f"{action}-version": dialogue.version,
        f"{action}-text": "We komen dinsdag kijken.",
        f"{action}-language": "nl",
    }
    response = client.post(reverse("dialogues:act", args=[dialogue.pk, action]), data)
    assert response.status_code == 302, response.content.decode()[:500]
    message = Message.objects.filter(author=cast.lead).latest("id")
    assert (message.text, message.language) == ("We komen dinsdag kijken.", "nl")
    page = client.get(dialogue.get_absolute_url()).content.decode()
    assert '<div class="timeline-text" lang="nl" dir="ltr"><p>We komen dinsdag kijken.</p></div>' in page


def test_e_mail_goes_out_in_the_recipient_s_language_and_direction(django_capture_on_commit_callbacks):
    for language, direction in [("tr", "ltr"), ("ar", "rtl")]:
        person = UserFactory(preferred_language=language)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[person], kind="initiative_changed", params={"title": "Buurtbieb", "author": "Jan"})
        message = mail.outbox[-1]
        html = message.alternatives[0][0]
        assert f'<html lang="{language}" dir="{direction}">' in html


def test_a_person_can_choose_turkish_or_arabic_and_keeps_it(client):
    # A visitor's choice is remembered in a cookie.
    client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    assert '<html lang="tr" dir="ltr">' in client.get("/").content.decode()
    # A person's choice becomes their preference: it follows them to another browser.
    person = UserFactory(preferred_language="nl")
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    person.refresh_from_db()
    assert person.preferred_language == "ar"
    other_browser = Client()
    other_browser.force_login(person)
    assert '<html lang="ar" dir="rtl">' in other_browser.get("/").content.decode()


def test_a_reaction_keeps_the_language_it_was_written_in(client):
    initiative = InitiativeFactory(status=Initiative.Status.ACTIVE)
    neighbour = UserFactory()
    client.force_login(neighbour)
    react = reverse("connect:react", args=[initiative.pk])
    # The reaction form offers the writer's interface language and any other the site speaks.
    response = in_language(client, "ar").post(react, {"body": "فكرة رائعة، سأساعد.", "language": "ar"})
    assert response.status_code == 302
    page = in_language(client, "nl").get(initiative.get_absolute_url()).content.decode()
    assert '<div lang="ar" dir="rtl"><p>فكرة رائعة، سأساعد.</p></div>' in page
    assert "Geschreven in het Arabisch" in page
    # Not a language of the site: the form says so and nothing is posted.
    response = in_language(client, "nl").post(react, {"body": "Mooi plan", "language": "xx"})
    assert response.status_code == 200 and response.context["form"].errors["language"]
    api = client.get("/api/v1/reactions/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert [row["language"] for row in rows] == ["ar"]
