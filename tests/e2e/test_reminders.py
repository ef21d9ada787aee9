"""An overdue dialogue in a browser: the morning scan tells the official, who logs in, sees the unread
notification, opens it and answers; the initiative's notification of the answer appears. Every page passes axe."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dialogues.reminders import reminders_scan
from districts.workdays import AMSTERDAM, add_working_days, load_holidays, local_date, nth_working_day_after
from tests.accounts.factories import PASSWORD
from tests.dialogues.factories import make_cast
from tests.e2e.helpers import log_in_as
from tests.notifications.ladder import stalled

pytestmark = pytest.mark.django_db(transaction=True)


def english(user, name):
    user.preferred_language = "en"
    user.display_name = name
    user.save()
    return user


def test_an_official_answers_an_overdue_dialogue_from_the_notification(live_server, page, axe_check):
    cast = make_cast()
    title = cast.initiative.title
    lead = english(cast.lead, "Jeroen Mulder")
    owner = english(cast.owner, "Fatima El Amrani")
    # Assigned about a month ago; the morning scan runs on the working day after the deadline.
    holidays = load_holidays()
    assigned_at = datetime.combine(local_date(timezone.now()) - timedelta(days=30), time(10), tzinfo=AMSTERDAM)
    dialogue = stalled(cast, assigned_at, member=False)
    deadline_day = local_date(add_working_days(assigned_at, 10, holidays))
    scan_day = nth_working_day_after(deadline_day, 1, holidays)
    assert reminders_scan(now=datetime.combine(scan_day, time(7), tzinfo=AMSTERDAM)).reminders == 3

    # The official logs in and sees the unread notification.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="English").click()
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    notifications = page.get_by_role("link", name="Notifications")
    expect(notifications).to_contain_text("unread")
    notifications.click()
    overdue = f"Overdue: the initiative “{title}” is waiting for an answer"
    item = page.locator(".notification.unread", has_text=overdue)
    expect(item).to_contain_text("The initiative and the public now see that the answer is overdue.")
    expect(item.get_by_text("new")).to_be_visible()
    axe_check(page)

    # Opening it leads to the dialogue, which says it is overdue; the official answers.
    page.get_by_role("link", name=overdue).click()
    expect(page).to_have_url(live_server.url + dialogue.get_absolute_url())
    expect(page.get_by_text("overdue").first).to_be_visible()
    axe_check(page)
    page.get_by_label("Your answer").fill("Sorry for the wait: we will lift the tiles in the spring.")
    page.get_by_role("button", name="Post answer").click()
    expect(page.get_by_text("Your answer is in the dialogue.")).to_be_visible()
    page.goto(live_server.url + "/notifications/")
    expect(page.locator(".notification.unread", has_text=overdue)).to_have_count(0)

    # The initiative hears of the answer (and had heard the answer was late).
    log_in_as(page, live_server, owner)
    page.goto(live_server.url + "/notifications/")
    expect(page.get_by_role("link", name=f"New message in the dialogue about “{title}”")).to_be_visible()
    expect(page.get_by_role("link", name=f"The municipality is late with its answer about “{title}”")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name=f"New message in the dialogue about “{title}”").click()
    expect(page.get_by_text("Sorry for the wait: we will lift the tiles in the spring.")).to_be_visible()
    axe_check(page)

    # The initiator would rather read e-mail once a day.
    page.goto(live_server.url + "/notifications/")
    page.get_by_role("link", name="E-mail settings: right away, once a day, or never").click()
    axe_check(page)
    page.get_by_label("Once a day: a daily overview on working days").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.get_by_label("Once a day: a daily overview on working days")).to_be_checked()
