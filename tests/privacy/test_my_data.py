"""See and download: "my data" shows what the platform holds, the download holds all of it and nothing of others."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from privacy.export import export_open, export_store
from privacy.models import AccessLog
from privacy.tasks import build_export
from tests.accounts.factories import PASSWORD, UserFactory
from tests.privacy.journey import EMAIL, NAME, full_journey

pytestmark = pytest.mark.django_db

KINDS = {
    "account",
    "networks",
    "initiatives",
    "supports",
    "follows",
    "updates",
    "invitations",
    "reports",
    "dialogues",
    "notifications",
    "events",
    "support_requests",
}


def _reauthenticate(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    client.post(response["Location"], {"password": PASSWORD})


def _download(client):
    url = reverse("privacy:download")
    _reauthenticate(client, url)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_my_data_shows_the_groups_of_the_register(client):
    journey = full_journey()
    client.force_login(journey.person)
    page = client.get(reverse("privacy:my_data")).content.decode()
    for text in ("Initiatives and co-initiatorships", "Support for initiatives", "Event registrations", NAME):
        assert text in page
    assert "Bankjes op de Zoutkeetsgracht" in page


def test_the_download_needs_a_fresh_log_in_and_holds_every_kind_of_record(client):
    journey = full_journey()
    client.force_login(journey.person)
    archive = _download(client)
    names = set(archive.namelist())
    assert {f"{kind}.json" for kind in KINDS} <= names
    assert "index.html" in names

    everything = " ".join(archive.read(name).decode() for name in names)
    for text in (
        NAME,
        EMAIL,
        "Wij doen met twaalf bewoners mee.",  # a dialogue message
        "De eerste tuin is aangelegd!",  # an update
        "Minder auto's in de Houtrijkstraat",  # the anonymous support is theirs too
        "Zeeheldenbuurt",
        "Speeltuin Spaarndammerbuurt",  # co-initiator by invitation
        "Subsidie schrijven voor beginners",  # event registration
        "Welke subsidie past bij de tuinen?",  # support request
        "Er staat een telefoonnummer in.",  # report
        "Buurtplatform Zeeheldenbuurt",
    ):
        assert text in everything, text
    supports = json.loads(archive.read("supports.json"))
    assert {s["name_shown"] for s in supports} == {True, False}


def test_the_download_holds_nothing_of_anyone_else(client):
    journey = full_journey()
    client.force_login(journey.person)
    archive = _download(client)
    everything = " ".join(archive.read(name).decode() for name in archive.namelist())
    others = [journey.follower, journey.cast.co_initiator, journey.joined.initiator_links.get(role="owner").user]
    for other in others:
        assert other.email not in everything
        assert other.display_name not in everything


def test_a_large_download_is_built_by_a_task_and_mailed_as_a_link_that_only_works_for_the_person(client, settings):
    settings.PRIVACY_EXPORT_INLINE_LIMIT = 1
    journey = full_journey()
    client.force_login(journey.person)
    mail.outbox.clear()
    url = reverse("privacy:download")
    _reauthenticate(client, url)
    response = client.get(url)
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    link = next(line for line in message.body.splitlines() if "/download/" in line).strip()
    path = link.split("://", 1)[-1].split("/", 1)[1]
    download = client.get("/" + path)
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"

    other = UserFactory()
    client.force_login(other)
    _reauthenticate(client, "/" + path)
    assert client.get("/" + path).status_code == 404


def test_an_export_link_expires(settings, tmp_path):
    settings.PRIVACY_EXPORT_ROOT = tmp_path
    person = UserFactory()
    token = export_store(person)
    assert export_open(token, person) is not None
    settings.PRIVACY_EXPORT_LINK_HOURS = 0
    assert export_open(token, person) is None
    assert export_open(token + "x", person) is None


def test_the_task_does_nothing_for_an_erased_account():
    person = UserFactory(is_active=False)
    mail.outbox.clear()
    build_export(person.pk)
    assert mail.outbox == []


def test_staff_looking_at_a_support_request_is_logged_and_shown_to_the_person(client):
    journey = full_journey()
    request_url = journey.support_request.get_absolute_url()

    client.force_login(journey.person)  # the initiator's own look is not logged
    assert client.get(request_url).status_code == 200
    assert not AccessLog.objects.exists()

    client.force_login(journey.cast.coordinator)
    assert client.get(request_url).status_code == 200
    log = AccessLog.objects.get()
    assert (log.actor, log.what, log.object_id) == (
        journey.cast.coordinator,
        AccessLog.What.SUPPORT_REQUEST,
        journey.support_request.pk,
    )
    assert set(log.subjects.all()) == {journey.person, journey.cast.co_initiator}

    client.force_login(journey.person)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Who looked at your support requests" in page
    assert "district coordinator" in page or "coördinator" in page


def test_attendee_lists_and_dashboard_tables_are_logged(client):
    journey = full_journey()
    client.force_login(journey.cast.coordinator)
    assert client.get(reverse("support:event_attendees", kwargs={"pk": journey.event.pk})).status_code == 200
    log = AccessLog.objects.get(what=AccessLog.What.ATTENDEE_LIST)
    assert journey.person in log.subjects.all()
    assert client.get("/dashboard/west/?format=csv&table=outcomes").status_code == 200
    assert AccessLog.objects.filter(what=AccessLog.What.DASHBOARD_EXPORT, actor=journey.cast.coordinator).exists()


def test_the_access_log_is_for_administrators_only_and_read_only(admin_client, client):
    journey = full_journey()
    client.force_login(journey.cast.coordinator)
    client.get(journey.support_request.get_absolute_url())
    page = admin_client.get(reverse("admin:privacy_accesslog_changelist"))
    assert page.status_code == 200
    log = AccessLog.objects.get()
    assert admin_client.post(reverse("admin:privacy_accesslog_change", args=[log.pk]), {}).status_code == 403
    client.force_login(journey.cast.coordinator)
    assert client.get(reverse("admin:privacy_accesslog_changelist")).status_code == 302
