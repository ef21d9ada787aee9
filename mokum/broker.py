"""Celery's Redis transport, made to survive Redis going away while a task is running.

When the connection to Redis breaks, the worker lets go of the broken connection and then cleans up what was on
it. Two parts of that clean-up ask the transport for a new Redis client: closing the channel (it puts the message
of a running task back) and the acknowledgement of a task that finishes after the break. By then the transport no
longer knows its server, and kombu fails with an AttributeError instead of a connection error. Celery takes that
for an unrecoverable error and the worker stops consuming for good: every notification and reminder waits until
someone restarts it (the Redis drill in `make drills` shows it on a busy machine).

Here a channel whose connection was let go says so with a connection error, which Celery handles like any other
lost connection: the clean-up skips the step and the worker reconnects. Nothing is lost by skipping it: the
message stays in Redis's list of unacknowledged messages and is handed out again after the visibility timeout,
and the sweep (notifications/tasks.py) hands over every notification that was not sent well before that; every
delivery is idempotent. Settings: CELERY_BROKER_TRANSPORT.
"""

import redis
from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection is None or self.connection.client is None:
            raise redis.exceptions.ConnectionError("the connection to Redis was already let go")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
