"""Erasing an account: the person is gone from the database, the public record stays readable without them."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.urls import reverse

from accounts.models import User
from dialogues.models import Dialogue
from initiatives.models import Initiative, Initiator, Support
from notifications.models import Notification
from privacy.models import Erasure
from privacy.services import PrivacyError, account_erase
from support.models import Registration
from tests.accounts.factories import PASSWORD
from tests.privacy.journey import EMAIL, NAME, full_journey

pytestmark = pytest.mark.django_db


def occurrences(*needles) -> list[str]:
    """Return "table.column" for every text column of every table (history tables too) holding a needle."""
    if connection.vendor != "postgresql":
        pytest.skip("The whole-database search uses PostgreSQL's information schema.")
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json')"
        )
        columns = cursor.fetchall()
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608 - names from the schema
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column} ({needle})")
    return found


def test_the_journey_leaves_the_name_and_address_in_many_places():
    full_journey()
    assert len(occurrences(NAME, EMAIL)) >= 5  # the search below would catch them


def test_erasure_removes_the_name_and_address_from_every_table():
    journey = full_journey()
    account_erase(user=journey.person)
    assert occurrences(NAME, EMAIL, "Quirijnsdochter") == []


def test_the_public_record_stays_readable_under_a_former_participant(client):
    journey = full_journey()
    account_erase(user=journey.person)

    page = client.get(journey.dialogue.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "a former participant" in text
    assert "Wij doen met twaalf bewoners mee." in text
    assert NAME not in text
    for initiative in (journey.shared, journey.lone, journey.joined, journey.supported):
        page = client.get(initiative.get_absolute_url())
        assert page.status_code == 200
        assert NAME not in page.content.decode()


def test_the_timeline_says_so_in_dutch(client):
    journey = full_journey()
    account_erase(user=journey.person)
    client.cookies["django_language"] = "nl"
    page = client.get(journey.dialogue.get_absolute_url())
    assert "een oud-deelnemer" in page.content.decode()


def test_initiatives_pass_to_co_initiators_and_a_lone_one_is_withdrawn_with_a_notice():
    journey = full_journey()
    account_erase(user=journey.person)

    assert Initiator.objects.get(initiative=journey.shared, role="owner").user == journey.cast.co_initiator
    assert not Initiator.objects.filter(initiative=journey.joined, user=journey.person).exists()
    journey.lone.refresh_from_db()
    assert journey.lone.status == Initiative.Status.WITHDRAWN
    assert journey.lone.is_public
    journey.lone_dialogue.refresh_from_db()
    assert journey.lone_dialogue.state == Dialogue.State.WITHDRAWN
    told = set(
        Notification.objects.filter(kind="privacy_initiative_withdrawn_erased").values_list("recipient", flat=True)
    )
    assert told == {journey.follower.pk, journey.cast.coordinator.pk}
    journey.shared.refresh_from_db()
    assert journey.shared.status == Initiative.Status.ACTIVE


def test_supports_stay_counted_anonymously_and_future_places_are_freed():
    journey = full_journey()
    before = {
        i.pk: Initiative.objects.get(pk=i.pk).supporter_count
        for i in (journey.supported, journey.supported_anonymously)
    }
    account_erase(user=journey.person)

    for initiative in (journey.supported, journey.supported_anonymously):
        initiative.refresh_from_db()
        assert (
            initiative.supporter_count == before[initiative.pk] == Support.objects.filter(initiative=initiative).count()
        )
    assert not Support.objects.filter(user=journey.person, listed_publicly=True).exists()
    assert Registration.objects.get(event=journey.event, user=journey.person).status == Registration.Status.CANCELLED


def test_the_person_is_told_once_and_a_second_erasure_does_nothing():
    journey = full_journey()
    mail.outbox.clear()
    erasure = account_erase(user=journey.person)
    assert erasure.by == Erasure.By.PERSON
    assert account_erase(user=journey.person) is None
    person = User.objects.get(pk=journey.person.pk)
    assert not person.is_active and not person.has_usable_password()
    assert Erasure.objects.filter(user=person).count() == 1


def test_the_confirmation_email_goes_to_the_old_address(django_capture_on_commit_callbacks):
    journey = full_journey()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=journey.person)
    confirmations = [m for m in mail.outbox if m.to == [EMAIL]]
    assert len(confirmations) == 1
    assert "deleted" in confirmations[0].subject or "verwijderd" in confirmations[0].subject


def test_staff_cannot_erase_themselves_but_an_administrator_ends_their_account(admin_client, admin_user):
    journey = full_journey()
    lead = journey.cast.lead
    lead_name = lead.display_name
    role = lead.roles.get()
    LogEntry.objects.create(  # an administrator changed the role once: the log names it "Name: official (West)"
        user=admin_user,
        content_type=ContentType.objects.get_for_model(role),
        object_id=str(role.pk),
        object_repr=str(role),
        action_flag=CHANGE,
    )
    with pytest.raises(PrivacyError):
        account_erase(user=lead)

    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "end_accounts", "_selected_action": [lead.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert Erasure.objects.get(user=lead).by == Erasure.By.ADMINISTRATOR
    assert occurrences(lead_name, f"{lead.email}") == []
    page = admin_client.get(journey.dialogue.get_absolute_url()).content.decode()
    assert "Gebiedsteam West" in page  # what they said stays attributed to the role


def test_deleting_needs_the_password(client):
    journey = full_journey()
    client.force_login(journey.person)
    url = reverse("privacy:delete_account")
    assert client.get(url).status_code == 200

    wrong = client.post(url, {"password": "not-it", "confirm": "on"})
    assert wrong.status_code == 200
    assert "This is not your password." in wrong.content.decode()
    assert not Erasure.objects.exists()

    right = client.post(url, {"password": PASSWORD, "confirm": "on"})
    assert right.status_code == 302
    assert Erasure.objects.filter(user=journey.person).exists()
    assert client.get(reverse("privacy:my_data")).status_code == 302  # logged out


def test_staff_see_that_an_administrator_ends_their_account(client):
    journey = full_journey()
    client.force_login(journey.cast.coordinator)
    assert client.post(reverse("privacy:delete_account"), {"password": PASSWORD, "confirm": "on"}).status_code == 403
    assert not Erasure.objects.exists()


def test_a_crash_at_the_last_step_leaves_nothing_half_done():
    """The database refuses the final write (as a crash would stop it): every earlier step is rolled back."""
    if connection.vendor != "postgresql":
        pytest.skip("The crash is made with a PostgreSQL trigger.")
    journey = full_journey()
    before = occurrences(NAME, EMAIL)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_erasure() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'simulated crash'; END; $$ LANGUAGE plpgsql; "
            "CREATE TRIGGER refuse_erasure BEFORE INSERT ON privacy_erasure "
            "FOR EACH ROW EXECUTE FUNCTION refuse_erasure();"
        )
    with pytest.raises(Exception, match="simulated crash"):
        account_erase(user=journey.person)
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_erasure ON privacy_erasure; DROP FUNCTION refuse_erasure();")

    journey.lone.refresh_from_db()
    assert journey.lone.status == Initiative.Status.ACTIVE
    assert User.objects.get(pk=journey.person.pk).display_name == NAME
    assert Support.objects.filter(user=journey.person, listed_publicly=True).exists()
    assert occurrences(NAME, EMAIL) == before
    assert account_erase(user=journey.person) is not None  # and a second attempt finishes the job
    assert occurrences(NAME, EMAIL) == []
