"""The worker's Redis transport (mokum/broker.py).

That the worker goes on consuming after Redis went away in the middle of a task is shown by the Redis drill
(tests/reliability/test_load_and_drills.py: the same worker process, no unrecoverable error in its log, every
notification delivered once); the moment it guards against is a race that a busy machine hits and a quiet one
rarely does. Here: the site and the worker use that transport, and it carries a task's message as before.
"""

import uuid

import kombu
import pytest
from django.conf import settings

from mokum.celery import app

pytestmark = pytest.mark.redis


def test_the_site_and_the_worker_use_the_transport_that_reconnects():
    assert settings.CELERY_BROKER_TRANSPORT == "mokum.broker:Transport"
    with app.connection_for_write() as connection:
        assert type(connection.transport).__module__ == "mokum.broker"


def test_a_message_goes_through_and_an_unacknowledged_one_comes_back():
    name = f"mokum-test-broker-{uuid.uuid4().hex[:10]}"
    queue = kombu.Queue(name, routing_key=name)
    try:
        with app.connection_for_write() as connection, connection.Producer() as producer:
            producer.publish({"task": "a delivery"}, routing_key=name, declare=[queue], serializer="json")
        with app.connection_for_read() as connection:
            taken = connection.SimpleQueue(queue).get(timeout=5)
            assert taken.payload == {"task": "a delivery"}
        # Not acknowledged before its connection closed (a worker that stopped mid-task): handed out again.
        with app.connection_for_read() as connection:
            again = connection.SimpleQueue(queue).get(timeout=5)
            assert again.payload == {"task": "a delivery"}
            again.ack()
        with app.connection_for_read() as connection:
            assert connection.default_channel.queue_purge(name) == 0
    finally:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(name)
