"""How long work held by a dead worker, or never handed to the broker, waits before it is delivered."""

from datetime import timedelta

from django.conf import settings

from mokum.celery import app
from notifications import tasks
from notifications.services import SWEEP_AFTER


def test_a_dead_workers_task_is_back_in_the_queue_within_five_minutes():
    visibility = timedelta(seconds=app.conf.broker_transport_options["visibility_timeout"])
    assert visibility <= timedelta(minutes=5)
    # A retry waits in a live worker for at most retry_backoff_max: it must not be handed out a second time.
    assert timedelta(seconds=tasks.deliver_notifications.retry_backoff_max) < visibility
    assert timedelta(seconds=tasks.deliver_reminders.retry_backoff_max) < visibility


def test_the_sweep_delivers_what_the_broker_never_got_within_about_three_minutes():
    interval = timedelta(seconds=settings.CELERY_BEAT_SCHEDULE["sweep-undelivered-notifications"]["schedule"])
    assert SWEEP_AFTER + interval <= timedelta(minutes=3)
    # ... but never hands a normal, seconds-long delivery over twice.
    assert timedelta(minutes=1) <= SWEEP_AFTER
