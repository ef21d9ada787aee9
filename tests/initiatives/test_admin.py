import pytest

from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory, InitiativeUpdateFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_the_admin_pages_of_initiatives_open(client):
    update = InitiativeUpdateFactory()
    initiative = update.initiative
    network = NetworkFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in [
        "/admin/initiatives/initiative/",
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        f"/admin/initiatives/initiative/{initiative.pk}/history/",
        "/admin/initiatives/network/",
        f"/admin/initiatives/network/{network.pk}/change/",
        "/admin/initiatives/support/",
        "/admin/initiatives/follow/",
        "/admin/initiatives/initiativeupdate/",
        "/admin/initiatives/invitation/",
        "/admin/initiatives/report/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/initiatives/support/add/").status_code == 403
    InitiativeFactory(status="draft")
    assert b"draft" in client.get("/admin/initiatives/initiative/?status__exact=draft").content
