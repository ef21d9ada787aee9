"""Deadlines of a dialogue that follow from its state and its district's settings (no writes)."""

from datetime import datetime

from dialogues.models import Dialogue
from districts.workdays import add_working_days
from mokum.dates import iso_date


def reopen_deadline(dialogue, holidays=None) -> datetime | None:
    """Return the last moment a concluded dialogue may be asked to reopen, or None when it is not concluded."""
    if dialogue is None or dialogue.state != Dialogue.State.CONCLUDED or dialogue.concluded_at is None:
        return None
    return add_working_days(dialogue.concluded_at, dialogue.district.reopen_days, holidays)


def deadline_text(moment: datetime | None) -> str:
    """Return a deadline's date for a notification's params (written out in the reader's language when shown)."""
    return iso_date(moment)
