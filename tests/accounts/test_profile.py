"""The profile page lists the person's own initiatives, in every status, and the ones they support."""

import pytest

from initiatives import services
from initiatives.models import Initiative
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status


def test_the_profile_lists_my_initiatives_and_the_ones_i_support(client, settings):
    settings.LANGUAGE_CODE = "en"
    me = UserFactory()
    draft = InitiativeFactory(owner=me, status=S.DRAFT, title="Mijn concept")
    submitted = InitiativeFactory(owner=me, status=S.SUBMITTED, title="Mijn ingediende")
    active = InitiativeFactory(owner=me, title="Mijn actieve")
    backed = InitiativeFactory(title="Van de buren")
    services.support_add(initiative=backed, user=me)
    InitiativeFactory(title="Van een ander")

    client.force_login(me)
    html = client.get("/accounts/profile/").content.decode()
    mine = html[html.index('id="own-title"') : html.index('id="supported-title"')]
    supported = html[html.index('id="supported-title"') :]
    for initiative, status in ((draft, "Draft"), (submitted, "Submitted"), (active, "Active")):
        assert f'<a href="{initiative.get_absolute_url()}">{initiative.title}</a>' in mine
        assert f">{status}</span>" in mine
    assert "Van de buren" in supported and "Van de buren" not in mine
    assert "Van een ander" not in html


def test_an_empty_profile_points_to_registering_an_initiative(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(UserFactory())
    html = client.get("/accounts/profile/").content.decode()
    assert "You have not registered an initiative yet." in html and 'href="/initiatives/new/"' in html
    assert "You do not support an initiative yet." in html
