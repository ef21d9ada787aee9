"""Every form with errors starts with one summary, also allauth's: links to the fields, and each message once."""

import pytest

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_an_error_of_the_whole_form_is_in_the_summary_once(client):
    UserFactory(email="amal@example.org")
    page = client.post("/accounts/login/", {"login": "amal@example.org", "password": "wrong"}).content.decode()
    assert page.count('class="error-summary"') == 1
    assert page.count("The email address and/or password you specified are not correct.") == 1
    assert '<h2 id="error-summary-title">Something is wrong</h2>' in page


def test_the_sign_up_summary_links_to_each_field(client):
    data = {"email": "noor@example.org", "password1": "kort", "password2": "kort"}
    page = client.post("/accounts/signup/", data).content.decode()
    assert "Something is wrong in" in page
    assert '<a href="#id_password1">' in page and '<a href="#id_display_name">' in page
