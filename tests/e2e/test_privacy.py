import pytest
from playwright.sync_api import expect

from privacy.models import Erasure
from tests.accounts.factories import PASSWORD
from tests.e2e.helpers import log_in_as
from tests.privacy.journey import NAME, full_journey

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_downloads_their_data_deletes_their_account_and_the_dialogue_reads_on(live_server, page, axe_check):
    journey = full_journey()
    person = journey.person
    person.preferred_language = "en"
    person.save()

    log_in_as(page, live_server, person)
    page.goto(live_server.url + "/accounts/profile/")
    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    expect(page.get_by_role("heading", name="Initiatives and co-initiatorships")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Download my data").first.click()
    axe_check(page)  # the fresh log-in asks for the password again
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Confirm").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")

    page.goto(live_server.url + "/accounts/my-data/")
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    axe_check(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    assert Erasure.objects.filter(user=person).exists()

    page.context.clear_cookies()  # a visitor
    page.goto(live_server.url + journey.dialogue.get_absolute_url())
    expect(page.get_by_text("Wij doen met twaalf bewoners mee.")).to_be_visible()
    expect(page.get_by_text("een oud-deelnemer").first).to_be_visible()
    assert NAME not in page.content()
    axe_check(page)
