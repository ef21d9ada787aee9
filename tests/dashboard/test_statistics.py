"""Every figure against a small data set worked out by hand (tests/dashboard/factories.py, build_hand_set).

The eight dialogues of West, seen on Wednesday 15 April 2026 at noon:

| | lead | opened | first answer (working days after assignment) | end |
|---|---|---|---|---|
| D1 | A | 2 Mar | 4 Mar: 2, in time | agreed 13 Mar: 9 working days after opening |
| D2 | A | 2 Mar | 6 Mar: 4, in time | partly agreed 20 Mar: 14 |
| D3 | A | 2 Mar | 18 Mar: 12, late (due 16 Mar) | declined 7 Apr: 24 (3 and 6 April are holidays) |
| D4 | A | 2 Mar | 16 Mar 15:00: 10, in time (the last day) | open; next answer due 30 Mar |
| D5 | B | 2 Mar | none | open, due 16 Mar; escalated |
| D6 | B | 2 Mar | none | closed by the coordinator |
| D7 | B | 2 Mar | none | withdrawn |
| D8 | A | 12 Jan | 13 Jan: 1, in time | open; next answer due 27 Jan |

March (D1–D7): first answers 2, 4, 10, 12 → median (4 + 10) / 2 = 7, 90th percentile 10 + 0.7 × 2 = 11.4.
First answers due: the four given and D5, unanswered past its deadline of 16 March (D6 and D7 ended before
theirs) → 3 of 5 in time = 60 %. Outcomes 9, 14, 24 → median 14, 90th percentile 14 + 0.8 × 10 = 22.
"""

from datetime import date, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from dashboard import statistics as stats
from dashboard.aggregates import percentile_cont
from dashboard.forms import StatisticsFilterForm, StatisticsFilters
from dialogues.models import Dialogue
from districts.models import District
from districts.workdays import load_holidays
from tests.dashboard.factories import MARCH, NOW, build_hand_set
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand():
    return build_hand_set()


def filters(**data) -> StatisticsFilters:
    form = StatisticsFilterForm(data, departments=None, today=date(2026, 4, 15))
    assert form.is_valid(), form.errors
    return form.filters()


def west_ids():
    return [District.objects.get(slug="west").pk]


def figures(f: StatisticsFilters):
    return stats.figures_overall(stats.filtered_dialogues(district_ids=west_ids(), filters=f), f, now=NOW)


def test_the_services_store_working_days_and_whether_in_time(hand):
    d = hand.dialogues
    assert [d[n].first_response_days for n in range(1, 9)] == [2, 4, 12, 10, None, None, None, 1]
    assert [d[n].first_response_on_time for n in range(1, 9)] == [True, True, False, True, None, None, None, True]
    assert [d[n].outcome_days for n in range(1, 9)] == [9, 14, 24, None, None, None, None, None]


def test_figures_of_march_match_the_hand_computation(hand):
    f = figures(filters(**MARCH))
    assert (f.opened, f.still_open, f.closed, f.withdrawn) == (7, 2, 1, 1)
    assert (f.first_answers, f.first_answers_on_time, f.on_time_percent) == (4, 3, 60.0)
    assert (f.first_answers_due, f.unanswered_past_deadline) == (5, 1)
    assert (f.first_answer_days_median, f.first_answer_days_p90) == (7.0, 11.4)
    assert (f.outcomes, f.agreed, f.partly_agreed, f.not_agreed) == (3, 1, 1, 1)
    assert (f.outcome_days_median, f.outcome_days_p90) == (14.0, 22.0)
    assert f.escalations == 1
    # What is open now does not depend on the period: D4, D5 and D8 wait on the municipality, past due.
    assert (f.open_now, f.overdue_now, f.long_overdue_now) == (3, 3, 2)


def test_all_time_includes_january(hand):
    f = figures(filters(period="all"))
    # First answers 1, 2, 4, 10, 12: median 4, 90th percentile 10 + 0.6 × 2 = 11.2; 4 of 6 due in time (D5).
    assert (f.opened, f.first_answers, f.on_time_percent) == (8, 5, 66.7)
    assert (f.first_answer_days_median, f.first_answer_days_p90) == (4.0, 11.2)


def test_the_period_counts_dialogues_opened_in_it(hand):
    january = figures(filters(start="2026-01-01", end="2026-01-31"))
    assert (january.opened, january.first_answers, january.first_answer_days_median) == (1, 1, 1.0)
    assert (january.outcomes, january.outcome_days_median, january.escalations) == (0, None, 0)
    empty = figures(filters(start="2026-02-01", end="2026-02-28"))
    assert (empty.opened, empty.on_time_share, empty.first_answer_days_median) == (0, None, None)


def test_theme_filter(hand):
    f = figures(filters(theme="greenery", **MARCH))
    # D1 and D2: 2 and 4 working days, both in time; agreed and partly agreed.
    assert (f.opened, f.first_answers, f.on_time_percent, f.first_answer_days_median) == (2, 2, 100.0, 3.0)
    assert (f.agreed, f.partly_agreed, f.not_agreed, f.outcome_days_median) == (1, 1, 0, 11.5)


def test_department_filter(hand):
    department = hand.lead_b.roles.get().department
    f = stats.filtered_dialogues(district_ids=west_ids(), filters=StatisticsFilters(department=department))
    result = stats.figures_overall(f, filters(**MARCH), now=NOW)
    assert (result.opened, result.first_answers, result.closed, result.withdrawn, result.escalations) == (3, 0, 1, 1, 1)


@pytest.mark.parametrize(
    ("minimum", "shown", "hidden"), [(3, ["Afdeling A", "Afdeling B"], 0), (4, ["Afdeling A"], 1), (5, [], 2)]
)
def test_departments_appear_only_with_the_minimum_number_of_dialogues(hand, minimum, shown, hidden):
    f = filters(**MARCH)
    ranking = stats.figures_by_department(
        stats.filtered_dialogues(district_ids=west_ids(), filters=f), f, now=NOW, minimum=minimum
    )
    assert [d.name for d in ranking.shown] == shown
    assert (ranking.minimum, ranking.hidden) == (minimum, hidden)
    if shown:
        a = ranking.shown[0]
        assert (a.dialogues, a.figures.first_answers, a.figures.on_time_percent) == (4, 4, 75.0)
        assert (a.figures.first_answer_days_median, a.figures.outcome_days_median) == (7.0, 14.0)


def test_ranking_minimum_is_the_districts_setting(hand):
    west = District.objects.get(slug="west")
    west.ranking_minimum = 4
    west.save()
    assert stats.ranking_minimum([west]) == 4
    # Several districts: the strictest setting, so no district's rule is undercut city-wide.
    assert stats.ranking_minimum(District.objects.all()) == 5


def test_figures_per_district_and_department_use_each_districts_minimum(hand):
    west = District.objects.get(slug="west")
    west.ranking_minimum = 4
    west.save()
    districts = list(District.objects.all())
    f = filters(**MARCH)
    dialogues = stats.filtered_dialogues(district_ids=[d.pk for d in districts], filters=f)
    by_district = stats.figures_by_district(dialogues, f, now=NOW)
    assert set(by_district) == {west.pk}
    assert by_district[west.pk].first_answer_days_median == 7.0
    rankings = stats.figures_by_district_and_department(dialogues, f, now=NOW, districts=districts)
    assert [d.name for d in rankings[west.pk].shown] == ["Afdeling A"]
    assert rankings[west.pk].hidden == 1


def test_overdue_bands_count_working_days(hand):
    bands = stats.overdue_counts(Dialogue.objects.all(), now=NOW, holidays=load_holidays())
    # D4: due 30 Mar, 10 working days late (3 and 6 April do not count); D5: due 16 Mar, 20 late, escalated,
    # long overdue; D8: due 27 Jan, far more than 20, long overdue.
    assert bands == {
        "up-to-5": {"count": 0, "escalated": 0, "long_overdue": 0},
        "6-10": {"count": 1, "escalated": 0, "long_overdue": 0},
        "11-20": {"count": 1, "escalated": 1, "long_overdue": 1},
        "over-20": {"count": 1, "escalated": 0, "long_overdue": 1},
    }
    listed = list(stats.overdue_dialogues(Dialogue.objects.all(), now=NOW, holidays=load_holidays()))
    d = hand.dialogues
    assert [x.pk for x in listed] == [d[8].pk, d[5].pk, d[4].pk]  # most overdue first
    assert [(x.band, x.escalated_now) for x in listed] == [("over-20", False), ("11-20", True), ("6-10", False)]


def test_an_escalation_of_an_earlier_turn_does_not_mark_the_current_one(hand):
    from dialogues.models import ActorKind, DialogueEvent

    d8 = hand.dialogues[8]
    DialogueEvent.objects.create(
        dialogue=d8,
        action="escalated",
        to_state=d8.state,
        actor_kind=ActorKind.SYSTEM,
        clock=d8.clock - 1,
        waiting_on=d8.waiting_on,
        created_at=NOW,
    )
    listed = {x.pk: x.escalated_now for x in stats.overdue_dialogues(Dialogue.objects.all(), now=NOW, holidays=[])}
    assert listed[d8.pk] is False


@pytest.mark.parametrize(
    ("deadline_day", "now_day", "late"),
    [
        (date(2026, 4, 14), date(2026, 4, 15), 1),
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # Good Friday and Easter Monday lie between
        (date(2026, 4, 10), date(2026, 4, 11), 0),  # a Saturday: overdue, but no working day late yet
        (date(2026, 3, 16), date(2026, 4, 15), 20),
    ],
)
def test_overdue_since_agrees_with_counting_working_days(deadline_day, now_day, late):
    from districts.workdays import end_of_day, working_days_between

    holidays = {date(2026, 4, 3), date(2026, 4, 6)}
    deadline, now = end_of_day(deadline_day), end_of_day(now_day).replace(hour=12)
    assert working_days_between(deadline, now, holidays) == late
    assert deadline < stats.overdue_since(late, now, holidays)
    assert not deadline < stats.overdue_since(late + 1, now, holidays)


def test_monthly_trends_cover_every_month_of_the_period(hand):
    months = stats.monthly_trends(
        stats.filtered_dialogues(district_ids=west_ids(), filters=filters()), filters(), now=NOW
    )
    # The last 12 months up to April 2026: May 2025 … April 2026.
    assert [m for m, _f in months][0] == date(2025, 5, 1) and [m for m, _f in months][-1] == date(2026, 4, 1)
    by_month = dict(months)
    assert (by_month[date(2026, 1, 1)].opened, by_month[date(2026, 1, 1)].first_answers) == (1, 1)
    march = by_month[date(2026, 3, 1)]
    assert (march.opened, march.on_time_percent, march.first_answer_days_median, march.outcomes) == (7, 60.0, 7.0, 3)
    assert by_month[date(2026, 2, 1)].opened == 0


def test_initiative_funnel(hand):
    from initiatives.models import Initiative

    Initiative.objects.update(submitted_at=None)  # only the initiatives below count
    moment = NOW.replace(month=3, day=10)
    for status, count in [("submitted", 2), ("refused", 1), ("active", 3), ("realised", 2), ("stranded", 1)]:
        for _n in range(count):
            InitiativeFactory(status=status, submitted_at=moment)
    InitiativeFactory(status="active", submitted_at=moment.replace(year=2024))  # before the period
    InitiativeFactory(status="draft", submitted_at=None)
    # Needs of a funnel initiative: two posted in the period (one met), one posted before it.
    from connect.models import Need

    helped = Initiative.objects.filter(status="active", submitted_at=moment).first()
    Need.objects.create(initiative=helped, kind="hands", text="Sjouwen", created_at=moment)
    Need.objects.create(initiative=helped, kind="money", text="Verf", created_at=moment, met_at=moment)
    Need.objects.create(initiative=helped, kind="space", text="Zaal", created_at=moment.replace(month=1))
    funnel = stats.initiative_funnel(district_ids=west_ids(), filters=filters(**MARCH))
    assert funnel == {
        "needs_posted": 2,
        "needs_met": 1,
        "submitted": 9,
        "in_intake": 2,
        "refused": 1,
        "accepted": 6,
        "with_dialogue": 0,
        "active": 3,
        "realised": 2,
        "stranded": 1,
        "withdrawn": 0,
    }


def test_percentile_cont_matches_postgresql_definition():
    assert percentile_cont([], 0.5) is None
    assert percentile_cont([3], 0.9) == 3.0
    assert percentile_cont([12, 2, 10, 4], 0.5) == 7.0
    assert percentile_cont([12, 2, 10, 4], 0.9) == pytest.approx(11.4)
    assert percentile_cont([9, None, 14, 24], 0.9) == pytest.approx(22.0)


def test_the_migration_backfills_existing_dialogues(hand):
    from django.db import connection

    d = hand.dialogues
    with connection.cursor() as cursor:  # as they were before the migration (history is not involved)
        cursor.execute(
            "UPDATE dialogues_dialogue"
            " SET first_response_days = NULL, first_response_on_time = NULL, outcome_days = NULL"
        )
    import_module("dialogues.migrations.0002_dialogue_durations").backfill_durations(apps, None)
    again = {n: Dialogue.objects.get(pk=x.pk) for n, x in d.items()}
    assert [again[n].first_response_days for n in range(1, 9)] == [2, 4, 12, 10, None, None, None, 1]
    assert [again[n].first_response_on_time for n in range(1, 9)] == [True, True, False, True, None, None, None, True]
    assert [again[n].outcome_days for n in range(1, 9)] == [9, 14, 24, None, None, None, None, None]


def test_reopening_forgets_the_outcome_days(hand):
    from dialogues.services import dialogue_transition

    d1 = hand.dialogues[1]
    owner = d1.initiative.initiator_links.get().user
    from django.utils import timezone

    # Reopening is allowed within 20 working days of the conclusion (checked against the real clock).
    d1.concluded_at = timezone.now()
    d1.save()
    d1 = dialogue_transition(dialogue=d1, action="request_reopen", actor=owner, reason="Niet gedaan.")
    assert d1.outcome_days == 9  # the outcome stands until the coordinator decides
    d1 = dialogue_transition(dialogue=d1, action="reopen", actor=hand.coordinator, reason="Terecht.")
    assert (d1.concluded_at, d1.outcome_days, d1.outcome_type) == (None, None, "")


@pytest.mark.parametrize("by_district", [True, False])
@pytest.mark.parametrize("period", [MARCH, {}])
def test_the_figures_grouped_in_one_query_are_the_figures_counted_one_by_one(
    hand, django_assert_max_num_queries, by_district, period
):
    """`figures_grouped` reads the whole, each district and each lead department in one scan: the same figures."""
    from dialogues.models import DialogueAssignment
    from tests.dashboard.factories import build_bulk

    build_bulk(60, now=NOW)
    # A dialogue whose lead left and was not replaced counts in the whole and its district, in no department.
    ended = DialogueAssignment.objects.filter(dialogue=hand.dialogues[6], is_lead=True)
    assert ended.update(ended_at=NOW) == 1
    # A lead without a department is a department of its own (""), as the separate ranking has it.
    assert DialogueAssignment.objects.filter(dialogue=hand.dialogues[7], is_lead=True).update(department_name="") == 1
    districts = list(District.objects.all())
    f = filters(**period)
    theme = hand.dialogues[1].initiative.themes.first().slug
    cases = [
        stats.filtered_dialogues(district_ids=[d.pk for d in districts], filters=f),
        stats.filtered_dialogues(district_ids=west_ids(), filters=f),
        stats.filtered_dialogues(district_ids=west_ids(), filters=StatisticsFilters(theme=theme)),
    ]
    # One statement on PostgreSQL; elsewhere the whole, the districts and the departments one by one.
    budget = 2 if connection.vendor == "postgresql" else 5
    for dialogues in cases:
        with django_assert_max_num_queries(budget):
            grouped = stats.figures_grouped(dialogues, f, now=NOW, minimum=2, by_district=by_district)
        assert grouped.overall == stats.figures_overall(dialogues, f, now=NOW)
        assert grouped.overall.opened > 0
        expected = stats.figures_by_district(dialogues, f, now=NOW) if by_district else {}
        assert grouped.by_district == expected
        assert grouped.ranking == stats.figures_by_department(dialogues, f, now=NOW, minimum=2)


@pytest.mark.parametrize("by_district", [True, False])
def test_the_prepared_statement_of_the_grouped_figures_counts_what_a_fresh_one_counts(hand, by_district):
    """`grouped_figures_of` builds its statement once per set of filters (mokum/prepared.py) and puts in each call's
    moment and values: for every filter, moment and set of districts, the figures of a statement built afresh."""
    from tests.dashboard.factories import build_bulk

    build_bulk(60, now=NOW)
    department = hand.lead_b.roles.get().department
    theme = hand.dialogues[1].initiative.themes.first().slug
    all_ids = [d.pk for d in District.objects.order_by("pk")]
    for district_ids in (all_ids, west_ids()):
        for f in (
            filters(**MARCH),
            filters(),
            StatisticsFilters(theme=theme),
            StatisticsFilters(department=department),
            StatisticsFilters(start=NOW - timedelta(days=400), end=NOW - timedelta(days=20), theme=theme),
        ):
            for now in (NOW, NOW + timedelta(days=30), NOW - timedelta(days=60)):
                dialogues = stats.filtered_dialogues(district_ids=district_ids, filters=f)
                fresh = stats.figures_grouped(dialogues, f, now=now, minimum=2, by_district=by_district)
                prepared = stats.grouped_figures_of(
                    district_ids=district_ids, filters=f, now=now, minimum=2, by_district=by_district
                )
                assert prepared == fresh, (district_ids, f, now)
