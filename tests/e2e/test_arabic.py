"""The main journey in Arabic on a phone: the page is right to left, nothing scrolls sideways at 375 px, axe finds
nothing, and text written in another language keeps its own language and direction.

The test finds fields by their names and addresses, not by their Arabic labels, so it reads the same whatever the
translators choose (and runs before the Arabic catalogue exists: the page is then right to left in English words).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from dialogues.models import Dialogue, Message
from initiatives.models import Initiative
from tests.dialogues.factories import dialogue_in, make_cast
from tests.e2e.helpers import log_in_as
from tests.initiatives.factories import InitiativeFactory
from tests.support.factories import ArticleFactory, EventFactory, SchemeFactory

PHONE = {"width": 375, "height": 800}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser_context_args(viewport=PHONE)]


def assert_arabic_on_a_phone(page, axe_check):
    """Fail unless the page is Arabic right to left, fits the phone's width and passes axe."""
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"
    axe_check(page)


def submit(page, form_selector):
    page.locator(f"{form_selector} button[type=submit]").first.click()


def test_a_resident_signs_up_registers_and_supports_in_arabic(live_server, page, axe_check, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    dutch = InitiativeFactory(title="Buurtbus 2.0 voor ouderen (West)", themes=["mobility"])

    # A visitor switches to Arabic with the switch in the header, which names it in Arabic.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    switch = page.locator("form.language-switch button[value=ar]")
    expect(switch).to_have_text(re.compile(r"^\s*العربي"))  # Django writes it with a shadda: العربيّة
    expect(switch).to_have_attribute("lang", "ar")
    switch.click()
    assert_arabic_on_a_phone(page, axe_check)
    # The menu opens from its start side: the brand sits at the right edge of a right-to-left page.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > PHONE["width"] - 40, brand

    # The list offers the filter by language, and the Dutch initiative's card says its language.
    page.goto(live_server.url + "/initiatives/?language=nl")
    assert_arabic_on_a_phone(page, axe_check)
    card = page.locator(".initiative-card").filter(has_text="Buurtbus 2.0 voor ouderen (West)")
    expect(card.locator("h3")).to_have_attribute("lang", "nl")
    expect(card.locator("h3")).to_have_attribute("dir", "ltr")
    expect(card.locator(".written-in")).to_be_visible()
    page.goto(live_server.url + "/initiatives/?language=tr")
    expect(page.locator(".initiative-card")).to_have_count(0)

    # They create an account; the form offers Arabic for the site and e-mails, already chosen.
    page.goto(live_server.url + "/accounts/signup/")
    assert_arabic_on_a_phone(page, axe_check)
    expect(page.locator("#id_preferred_language")).to_have_value("ar")
    page.locator("#id_email").fill("amal@example.org")
    page.locator("#id_display_name").fill("أمل ك.")
    page.locator("#id_password1").fill("Fietsen-langs-de-Amstel-9")
    page.locator("#id_password2").fill("Fietsen-langs-de-Amstel-9")
    submit(page, "main form")
    assert User.objects.get(email="amal@example.org").preferred_language == "ar"
    path = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + path)
    assert_arabic_on_a_phone(page, axe_check)
    submit(page, "main form")
    expect(page.locator("form[action$='/accounts/logout/']")).to_have_count(1)

    # They register an initiative with a Dutch street name in its Arabic title.
    page.goto(live_server.url + "/initiatives/new/")
    assert_arabic_on_a_phone(page, axe_check)
    expect(page.locator("#id_language")).to_have_value("ar")
    page.locator("#id_title").fill("حديقة الجيران في Van Beuningenstraat 12")
    page.locator("#id_summary").fill("نزرع الخضار معاً مع الجيران.")
    page.locator("#id_description").fill("ثلاث أمسيات في الأسبوع في مركز الحي.")
    page.locator("#id_district").select_option(label="West")
    page.locator("input[name=themes]").first.check()
    submit(page, "main form")
    created = Initiative.objects.get(title__startswith="حديقة الجيران")
    assert created.language == "ar"
    expect(page.locator("h1")).to_have_text("حديقة الجيران في Van Beuningenstraat 12")
    expect(page.locator("h1")).not_to_have_attribute("lang", re.compile("."))  # the page's own language
    assert_arabic_on_a_phone(page, axe_check)

    # They support the Dutch initiative; its Dutch text is marked as Dutch, left to right, inside the Arabic page.
    page.goto(live_server.url + dutch.get_absolute_url())
    assert_arabic_on_a_phone(page, axe_check)
    expect(page.locator("h1")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_attribute("dir", "ltr")
    submit(page, f"form[action$='/initiatives/{dutch.pk}/support/']")
    expect(page.locator(f"form[action$='/initiatives/{dutch.pk}/support/withdraw/']")).to_be_visible()
    assert_arabic_on_a_phone(page, axe_check)
    assert dutch.supports.filter(user__email="amal@example.org").exists()


def test_an_official_who_chose_arabic_reads_the_inbox_and_answers_in_dutch(live_server, page, axe_check):
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    User.objects.filter(pk=cast.lead.pk).update(preferred_language="ar")
    cast.lead.refresh_from_db()

    # A visitor reads the dialogue page in Arabic (the cookie the switch sets).
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto(live_server.url + dialogue.get_absolute_url())
    assert_arabic_on_a_phone(page, axe_check)
    expect(page.locator(".dialogue-timeline")).to_be_visible()

    # The official's preference makes the whole site Arabic for them, the inbox first.
    log_in_as(page, live_server, cast.lead)
    page.goto(live_server.url + "/inbox/")
    assert_arabic_on_a_phone(page, axe_check)
    expect(page.locator(f"main a[href='{dialogue.get_absolute_url()}']").first).to_be_visible()

    # They answer in Dutch: the form's language starts at Arabic and is set to Dutch.
    page.goto(live_server.url + dialogue.get_absolute_url())
    answer = page.locator("form.inline-action:not(.internal-note)").first
    expect(answer.locator("select[name$=language]")).to_have_value("ar")
    answer.locator("textarea").fill("Goed idee. We komen op 12 maart langs om de plek te bekijken.")
    answer.locator("select[name$=language]").select_option("nl")
    answer.locator("button[type=submit]").click()
    message = Message.objects.filter(dialogue=dialogue, author=cast.lead).latest("id")
    assert message.language == "nl"
    text = page.locator(f"#message-{message.pk} .timeline-text")
    expect(text).to_have_attribute("lang", "nl")
    expect(text).to_have_attribute("dir", "ltr")
    expect(page.locator(f"#message-{message.pk} .written-in")).to_be_visible()
    assert_arabic_on_a_phone(page, axe_check)


def test_every_public_page_fits_a_phone_right_to_left(live_server, page, axe_check):
    cast = make_cast()
    concluded = dialogue_in(Dialogue.State.CONCLUDED, cast)  # the outcome and the commitments table
    InitiativeFactory(title="Mahalle kütüphanesi", language="tr")
    paths = [
        "/",
        "/initiatives/",
        "/initiatives/?language=tr",
        cast.initiative.get_absolute_url(),
        concluded.get_absolute_url(),
        "/districts/",
        "/districts/west/",
        "/statistics/",
        "/support/",
        SchemeFactory(name="Buurtbudget West", districts=["west"]).get_absolute_url(),
        ArticleFactory(title="Zo vraag je een subsidie aan").get_absolute_url(),
        EventFactory(title="Samen een subsidieaanvraag schrijven").get_absolute_url(),
        "/accounts/login/",
        "/privacy/",
        "/accessibility/",
    ]
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.ok, f"{path} answered {response.status}"
        assert_arabic_on_a_phone(page, axe_check)
