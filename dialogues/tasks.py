"""Thin tasks of the dialogues app."""

from celery import shared_task
from django.db import OperationalError

from dialogues.clocks import dialogues_recompute_deadlines
from dialogues.reminders import reminders_scan


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def scan_deadlines():
    """Walk the reminder ladders (beat: 07:00 on weekdays; the scan itself skips holidays); safe to repeat."""
    return reminders_scan().as_dict()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=10, max_retries=5)
def recompute_deadlines():
    """Move every open turn's deadline after a change of the working-day calendar; safe to repeat."""
    return dialogues_recompute_deadlines()
