"""The city's closure days, kept by coordinators in the admin, move the deadlines of open dialogues; the
tick command moves expired clocks and logs overdue turns."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from dialogues.models import Dialogue, DialogueEvent
from districts.models import Holiday
from districts.workdays import local_date
from tests.accounts.factories import coordinator
from tests.dialogues.factories import dialogue_in, make_cast

pytestmark = pytest.mark.django_db

S = Dialogue.State


def next_weekday_before(deadline):
    day = local_date(deadline) - timedelta(days=1)
    while day.weekday() >= 5 or Holiday.objects.filter(date=day).exists():
        day -= timedelta(days=1)
    return day


def test_a_coordinator_adds_a_closure_day_in_the_admin_and_deadlines_move(client, django_capture_on_commit_callbacks):
    dialogue = dialogue_in(S.ASSIGNED, make_cast())
    staff = coordinator("oost")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/districts/holiday/").status_code == 200
    assert client.get("/admin/districts/district/").status_code == 403  # only the calendar
    closure = next_weekday_before(dialogue.deadline_at)
    # The request only saves the day; once it is committed, a task moves the deadlines.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/districts/holiday/add/",
            {"date": closure.isoformat(), "name": "Sluitingsdag gemeente", "kind": "closure_day"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    moved = Dialogue.objects.get(pk=dialogue.pk)
    assert local_date(moved.deadline_at) > local_date(dialogue.deadline_at)
    holiday = Holiday.objects.get(date=closure)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/districts/holiday/{holiday.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Dialogue.objects.get(pk=dialogue.pk).deadline_at == dialogue.deadline_at


def test_residents_and_officials_do_not_keep_the_calendar(client):
    cast = make_cast()
    for person in (cast.lead, cast.owner):
        person.is_staff = True
        person.save()
        client.force_login(person)
        assert client.get("/admin/districts/holiday/").status_code == 403


def test_the_tick_command_runs_both_scans():
    cast = make_cast()
    waiting = dialogue_in(S.AWAITING_INITIATIVE, cast)
    late = (waiting.deadline_at + timedelta(days=30)).isoformat()
    out = io.StringIO()
    call_command("dialogues_tick", "--now", late, stdout=out)
    assert "1 dialogue(s) moved on" in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.state == S.IN_DIALOGUE
    # The officials' new clock started at `late`: not overdue yet; a month later it is, once.
    later = (waiting.deadline_at + timedelta(days=1)).isoformat()
    call_command("dialogues_tick", "--now", later, stdout=io.StringIO())
    call_command("dialogues_tick", "--now", later, stdout=io.StringIO())
    assert DialogueEvent.objects.filter(dialogue=waiting, action="overdue").count() == 1
    with pytest.raises(CommandError):
        call_command("dialogues_tick", "--now", "tomorrow")
