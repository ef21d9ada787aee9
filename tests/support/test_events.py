from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from notifications.models import Notification
from support.models import Event, Registration
from support.services import SupportError, event_register, event_save, registration_cancel
from tests.accounts.factories import UserFactory, city_coordinator, coordinator
from tests.concurrency import failures, run_at_once
from tests.support.factories import EventFactory

R = Registration.Status


def statuses(event):
    return list(event.registrations.order_by("created_at", "id").values_list("user__email", "status"))


@pytest.mark.django_db
def test_registration_fills_the_places_then_the_waiting_list():
    event = EventFactory(capacity=2)
    people = [UserFactory() for _ in range(4)]
    got = [event_register(event=event, user=person).status for person in people]
    assert got == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED, R.WAITLISTED]


@pytest.mark.django_db
def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list_who_is_told():
    event = EventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    seat = event_register(event=event, user=first)
    waiting_second = event_register(event=event, user=second)
    event_register(event=event, user=third)

    promoted = registration_cancel(registration=seat, actor=first)

    assert promoted == waiting_second
    assert statuses(event) == [(first.email, R.CANCELLED), (second.email, R.CONFIRMED), (third.email, R.WAITLISTED)]
    notice = Notification.objects.get(recipient=second)
    assert notice.kind == "event_seat_offered" and event.title in notice.subject
    assert not Notification.objects.filter(recipient=third).exists()


@pytest.mark.django_db
def test_leaving_the_waiting_list_moves_nobody_up():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    event_register(event=event, user=first)
    waiting = event_register(event=event, user=second)
    assert registration_cancel(registration=waiting, actor=second) is None
    assert statuses(event) == [(first.email, R.CONFIRMED), (second.email, R.CANCELLED)]


@pytest.mark.django_db
def test_registering_again_after_cancelling_joins_the_end_of_the_queue():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    seat = event_register(event=event, user=first)
    event_register(event=event, user=second)
    registration_cancel(registration=seat, actor=first)
    assert event_register(event=event, user=first).status == R.WAITLISTED


@pytest.mark.django_db
def test_bad_registrations_are_refused_with_a_reason():
    event = EventFactory(capacity=1)
    person = UserFactory()
    registration = event_register(event=event, user=person)
    with pytest.raises(SupportError, match="already registered"):
        event_register(event=event, user=person)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=registration, actor=UserFactory())
    registration_cancel(registration=registration, actor=person)
    with pytest.raises(SupportError, match="already cancelled"):
        registration_cancel(registration=registration, actor=person)

    past = EventFactory(starts_at=timezone.now() - timedelta(days=2))
    with pytest.raises(SupportError, match="over"):
        event_register(event=past, user=person)
    with pytest.raises(PermissionDenied):
        event_register(event=EventFactory(published=False), user=person)


@pytest.mark.django_db
def test_more_places_move_people_up_and_fewer_than_taken_is_refused():
    organiser = coordinator("west")
    event = EventFactory(capacity=1, organiser=organiser)
    people = [UserFactory() for _ in range(4)]
    for person in people:
        event_register(event=event, user=person)
    event.capacity = 3
    event_save(actor=organiser, event=event)
    assert [status for _email, status in statuses(event)] == [R.CONFIRMED, R.CONFIRMED, R.CONFIRMED, R.WAITLISTED]
    event.capacity = 2
    with pytest.raises(SupportError, match="already registered"):
        event_save(actor=organiser, event=event)
    assert Event.objects.get(pk=event.pk).capacity == 3


@pytest.mark.django_db
def test_events_are_saved_by_coordinators_for_their_own_districts():
    west = coordinator("west")
    event = EventFactory.build(organiser=None)
    with pytest.raises(PermissionDenied):
        event_save(actor=UserFactory(), event=event)
    with pytest.raises(PermissionDenied):
        event_save(actor=coordinator("zuid"), event=event)
    event_save(actor=west, event=event)
    assert event.organiser == west
    city_wide = EventFactory.build(organiser=None, district=None)
    with pytest.raises(PermissionDenied):
        event_save(actor=west, event=city_wide)
    event_save(actor=city_coordinator(), event=city_wide)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_go_over_capacity(reference_data):
    event = EventFactory(capacity=5)
    people = [UserFactory() for _ in range(16)]
    results = run_at_once([lambda person=person: event_register(event=event, user=person) for person in people])
    assert failures(results) == []
    counts = {status: event.registrations.filter(status=status).count() for status in (R.CONFIRMED, R.WAITLISTED)}
    assert counts == {R.CONFIRMED: 5, R.WAITLISTED: 11}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_and_registrations_keep_the_queue_in_order(reference_data):
    event = EventFactory(capacity=4)
    seated = [UserFactory() for _ in range(4)]
    waiting = [UserFactory() for _ in range(3)]
    registrations = [event_register(event=event, user=person) for person in seated + waiting]
    newcomers = [UserFactory() for _ in range(4)]
    cancellations = [lambda i=i: registration_cancel(registration=registrations[i], actor=seated[i]) for i in range(3)]
    arrivals = [lambda person=person: event_register(event=event, user=person) for person in newcomers]
    assert failures(run_at_once(cancellations + arrivals)) == []
    confirmed = set(event.registrations.filter(status=R.CONFIRMED).values_list("user", flat=True))
    assert len(confirmed) == 4
    # The three who waited longest got the freed places, before any newcomer.
    assert confirmed == {seated[3].pk} | {person.pk for person in waiting}
    assert event.registrations.filter(status=R.WAITLISTED).count() == 4
