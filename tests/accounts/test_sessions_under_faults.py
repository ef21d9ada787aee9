"""Sessions under faults: with the cache unreachable, people stay logged in and their forms still save."""

import pytest

from tests.accounts.factories import PASSWORD, UserFactory
from tests.mokum.test_outages import dead_redis_cache


@pytest.mark.django_db
def test_a_redis_outage_logs_nobody_out_and_loses_no_form(client, settings):
    person = UserFactory(display_name="Fatima", preferred_language="en")
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert client.get("/accounts/profile/").status_code == 200

    settings.CACHES = dead_redis_cache()  # Redis stops answering

    assert client.get("/accounts/profile/").status_code == 200  # still logged in, not sent to the log-in page
    response = client.post("/accounts/profile/", {"display_name": "Fatima de Vries", "preferred_language": "en"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "Fatima de Vries"
    assert client.get("/accounts/profile/").status_code == 200
