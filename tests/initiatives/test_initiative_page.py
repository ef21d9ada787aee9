"""The initiative page as its people use it: taking part near the top, editing while active, answering the intake."""

from datetime import timedelta

import pytest
from django.utils import timezone

from districts.models import District
from initiatives import services
from initiatives.models import Initiative, Support
from initiatives.workflow import Action
from notifications.models import Notification
from tests.accounts.factories import UserFactory, coordinator
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db

S = Initiative.Status


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def edit_data(initiative, **changes):
    data = {
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "ask": initiative.ask,
        "district": initiative.district_id,
        "area": "",
        "themes": list(initiative.themes.values_list("pk", flat=True)),
        "network": "",
        "image_alt": "",
    }
    return data | changes


def test_support_follow_and_a_dialogue_come_before_the_description(client):
    initiative = InitiativeFactory(themes=["greenery"])
    client.force_login(UserFactory())
    html = page(client, initiative.get_absolute_url())
    about = html.index('id="description-title"')
    assert html.index(f'action="/initiatives/{initiative.pk}/support/"') < about
    assert html.index(f'action="/initiatives/{initiative.pk}/follow/"') < about

    client.force_login(owner_of(initiative))
    html = page(client, initiative.get_absolute_url())
    assert 0 < html.index(f'href="/initiatives/{initiative.pk}/dialogues/new/"') < html.index('id="description-title"')


def test_the_growth_table_is_left_out_when_nobody_joined_in_the_last_weeks(client):
    initiative = InitiativeFactory(supporter_count=1)
    Support.objects.create(initiative=initiative, user=UserFactory(), created_at=timezone.now() - timedelta(days=90))
    html = page(client, initiative.get_absolute_url())
    assert "1 supporter" in html and "growth-table" not in html

    services.support_add(initiative=initiative, user=UserFactory())
    html = page(client, initiative.get_absolute_url())
    assert "growth-table" in html and "Growth over the last 8 weeks" in html


def test_initiators_edit_an_active_initiative_its_history_shows_it_and_followers_hear_of_it(client):
    initiative = InitiativeFactory(themes=["greenery"], title="Geveltuinen")
    owner, follower = owner_of(initiative), UserFactory()
    services.follow_add(initiative=initiative, user=follower)
    client.force_login(owner)
    assert 'name="district"' in page(client, f"/initiatives/{initiative.pk}/edit/")

    response = client.post(f"/initiatives/{initiative.pk}/edit/", edit_data(initiative, title="Geveltuinen overal"))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Geveltuinen overal" and initiative.status == S.ACTIVE
    record = initiative.history.latest()
    assert (record.history_change_reason, record.history_user, record.title) == ("edit", owner, "Geveltuinen overal")
    assert record.prev_record.title == "Geveltuinen"

    notice = Notification.objects.get(recipient=follower)
    assert notice.kind == "initiative_changed" and "Geveltuinen overal" in notice.subject
    assert not Notification.objects.filter(recipient=owner, kind="initiative_changed").exists()

    client.logout()  # a visitor reads what changed in the public timeline
    html = page(client, initiative.get_absolute_url())
    assert "Changed by the initiators" in html and "Changed: title" in html


def test_an_active_initiative_stays_in_its_district(client):
    initiative = InitiativeFactory(themes=["greenery"])
    client.force_login(owner_of(initiative))
    oost = District.objects.get(slug="oost")
    client.post(f"/initiatives/{initiative.pk}/edit/", edit_data(initiative, district=oost.pk, title="Elders"))
    initiative.refresh_from_db()
    assert initiative.district.slug == "west" and initiative.title == "Elders"
    with pytest.raises(services.InitiativeError, match="stays in its district"):
        services.initiative_edit(initiative=initiative, actor=owner_of(initiative), district=oost)


def test_an_ended_initiative_cannot_be_edited(client):
    initiative = InitiativeFactory(status=S.REALISED)
    client.force_login(owner_of(initiative))
    page(client, f"/initiatives/{initiative.pk}/edit/", 403)


def test_the_initiator_answers_the_intake_question_and_the_coordinator_reads_it(client):
    initiative = InitiativeFactory(status=S.SUBMITTED, accepted_at=None)
    west = coordinator("west")
    services.initiative_transition(initiative=initiative, action=Action.ASK, actor=west, note="Wie doet er mee?")
    client.force_login(owner_of(initiative))
    detail = page(client, initiative.get_absolute_url())
    assert f'href="/initiatives/{initiative.pk}/answer/"' in detail and "Answer the question" in detail
    form = page(client, f"/initiatives/{initiative.pk}/answer/")
    assert "Wie doet er mee?" in form and "Your answer to the coordinator" in form

    response = client.post(f"/initiatives/{initiative.pk}/answer/", {"note": "  "})
    assert response.status_code == 200 and "Please write your answer" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == S.INFORMATION_REQUESTED

    client.post(f"/initiatives/{initiative.pk}/answer/", {"note": "Twintig buren uit de straat."})
    initiative.refresh_from_db()
    assert (initiative.status, initiative.intake_answer) == (S.SUBMITTED, "Twintig buren uit de straat.")
    notice = Notification.objects.get(recipient=west, kind="initiative_answered")
    assert "Twintig buren uit de straat." in notice.body

    client.force_login(west)
    queue = page(client, "/initiatives/intake/")
    assert "Wie doet er mee?" in queue and "Twintig buren uit de straat." in queue
    timeline = page(client, initiative.get_absolute_url())
    assert "The initiators answered the question" in timeline and "Twintig buren uit de straat." in timeline


def test_the_themes_of_an_initiative_are_listed_alphabetically_with_other_last(client):
    initiative = InitiativeFactory(themes=["other", "youth", "care", "culture"])
    html = page(client, initiative.get_absolute_url())
    facts = html[html.index("<dt>Themes</dt>") : html.index("</dd>", html.index("<dt>Themes</dt>"))]
    names = ["Culture", "Elderly and care", "Youth", "Other"]
    positions = [facts.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)
    listing = page(client, "/initiatives/")
    positions = [listing.index(f"<li>{name}</li>") for name in names]
    assert positions == sorted(positions)


def test_the_growth_moves_on_with_the_days_although_the_page_query_is_built_once_a_day(client, monkeypatch):
    """The initiative page's query is kept per process and day (initiatives/selectors.py): a later day builds its
    own, so a support counts in the week it was given, seen from the day the page is read."""
    from django.core.cache import cache

    initiative = InitiativeFactory(status=Initiative.Status.ACTIVE)
    services.support_add(initiative=initiative, user=UserFactory(), now=timezone.now() - timedelta(days=1))
    growth = client.get(initiative.get_absolute_url()).context["growth"]
    assert [week.new for week in growth][-1] == 1

    later = timezone.now() + timedelta(days=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    cache.clear()  # the shared copy of the page is for its data version; here only the day has changed
    growth = client.get(initiative.get_absolute_url()).context["growth"]
    assert growth[-1].starts.date() == timezone.localdate(later) - timedelta(days=6)
    assert [week.new for week in growth] == [0, 0, 0, 1, 0, 0, 0, 0]  # 31 days before: five weeks back


@pytest.mark.parametrize("language", ["nl", "en", "tr", "ar"])
def test_the_growth_chart_and_table_read_as_the_date_filter_and_the_numbers_would(language):
    """The growth's bars and rows, written in Python, say what `{{ week.starts|date:… }}` and `{{ week.new }}` do.

    Eight weeks that cross the change to winter time (25 October), a week whose bar is 0 high (drawn 1 high) and
    numbers past a thousand.
    """
    from django.template import Context, Template
    from django.utils import translation

    from initiatives.selectors import WeekOfSupport, growth_week_starts
    from initiatives.templatetags.initiative_tags import growth_bars, growth_rows

    now = timezone.make_aware(timezone.datetime(2026, 11, 12, 9, 30))
    weeks = [
        WeekOfSupport(starts=starts, new=new, total=998 + index * 400, percent=percent)
        for index, (starts, new, percent) in enumerate(
            zip(growth_week_starts(now=now), [0, 3, 1200, 0, 7, 9, 2, 1], [0, 10, 40, 40, 55, 70, 85, 100], strict=True)
        )
    ]
    loops = Template(
        '{% for week in growth %}<div class="bar-column"><svg class="bar" viewBox="0 0 10 100" '
        'preserveAspectRatio="none" focusable="false"><rect width="10" height="{{ week.percent|default:1 }}" '
        'transform="matrix(1 0 0 -1 0 100)"/></svg><span class="bar-label">{{ week.starts|date:"j/n" }}</span></div>'
        "{% endfor %}|{% for week in growth %}"
        '<tr><th scope="row">{{ week.starts|date:"j F" }}</th><td>{{ week.new }}</td><td>{{ week.total }}</td></tr>'
        "{% endfor %}"
    )
    with translation.override(language):
        expected = loops.render(Context({"growth": weeks}))
        written = f"{growth_bars(weeks)}|{growth_rows(weeks)}"
    assert written == expected
    # The first week starts on 18 September; the seventh, on 30 October, after the clock change.
    assert written.startswith('<div class="bar-column">') and 'height="1"' in written
    assert "18/9" in written and "30/10" in written and "<td>1200</td>" in written
    if language == "nl":
        assert "30 oktober" in written
