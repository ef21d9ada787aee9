"""Dialogues follow changes elsewhere: the working-day calendar lives in districts."""

from django.db import transaction

from dialogues.tasks import recompute_deadlines


def holiday_changed(sender, **kwargs):
    """Move the deadlines of open dialogues once the calendar change is committed, outside the request."""
    transaction.on_commit(recompute_deadlines.delay)
