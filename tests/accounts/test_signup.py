import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def sign_up(client, **overrides):
    data = {
        "email": "Noor@Example.org",
        "display_name": "Noor A.",
        "password1": "Zonnebloem-op-het-IJ-7",
        "password2": "Zonnebloem-op-het-IJ-7",
        "preferred_language": "en",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def test_sign_up_verify_and_log_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="noor@example.org")
    assert (user.display_name, user.preferred_language) == ("Noor A.", "en")

    # Not verified yet: logging in sends the person back to "verify your e-mail".
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "noor@example.org", "password": "Zonnebloem-op-het-IJ-7"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302

    link = re.search(r"https?://testserver(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    client.post(link)

    response = client.post(
        reverse("account_login"), {"login": "noor@example.org", "password": "Zonnebloem-op-het-IJ-7"}
    )
    assert response.status_code == 302
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert "noor@example.org" in profile.content.decode()


@pytest.mark.parametrize(("language", "subject"), [("en", "Please Confirm Your Email Address"), ("nl", "Bevestig")])
def test_the_verification_mail_is_in_the_language_chosen_at_sign_up(client, language, subject):
    sign_up(client, preferred_language=language)
    assert subject in mail.outbox[-1].subject
    assert "Kracht van Mokum" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "", "This field is required"),
        ("display_name", "<script>alert(1)</script>", "Please write plain text"),
        ("display_name", "x" * 81, "at most 80 characters"),
        ("email", "not-an-address", "Enter a valid email address"),
        ("password2", "something-else-entirely", "You must type the same password each time"),
    ],
)
def test_bad_sign_up_input_gets_a_clear_error(client, field, value, message):
    client.cookies["django_language"] = "en"
    response = sign_up(client, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_second_account_with_the_same_address_is_not_created(client):
    sign_up(client)
    client.logout()
    sign_up(client, email="NOOR@example.org")
    # allauth does not reveal that the address is taken; it mails the owner instead.
    assert User.objects.count() == 1
