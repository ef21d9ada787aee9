"""What the outbox announces after commit; `tasks.py` hands it to the broker (so nothing else imports tasks)."""

from django.dispatch import Signal

# ids: notifications written by `services.notify`, to be e-mailed.
notifications_written = Signal()
# ids: reminders recorded by `reminders.reminders_record`, to be sent.
reminders_recorded = Signal()
