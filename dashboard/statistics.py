"""How responsive the government is, in figures: every figure is an aggregate query in the database.

The working days a first answer and an outcome took are stored on each dialogue when they happen
(dialogues.services), so medians and percentiles are plain aggregates here; a page costs the same number
of queries for a hundred dialogues as for ten thousand.

What is counted (the same rules on the dashboard, the public pages and the API):
- The period selects the dialogues *opened* in it; every flow figure (first answers, outcomes,
  escalations, trends) is about those dialogues. What is open and overdue now ignores the period.
- Days to a first answer: working days from the day an official was assigned to the day of the first
  answer (or question back).
- First answers within the deadline: of the dialogues whose first answer was due (answered, or still
  without an answer when the first-answer deadline passed), the share answered before the end of the
  deadline's last day. An answer after the deadline and no answer at all both count against; a dialogue
  without an answer whose deadline has not passed yet (or that was withdrawn or closed before it) counts in
  neither part of the share.
- Days to an outcome: working days from the day the dialogue was opened to the day its outcome was accepted.
- "Agreed", "partly agreed" and "concluded, not agreed" (declined, referred elsewhere, not competent) are
  counted apart; dialogues closed by the coordinator or withdrawn by the initiative are no outcome.
- Overdue: open, waiting on the municipality or the coordinator, past the deadline of the current turn.
- Escalations: the morning scan's "escalated" events (10 working days past the deadline) up to now; an
  event a scan logged ahead of time (`scan_deadlines --now` in the future) counts once its moment comes.
"""

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from itertools import chain

from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from connect.models import Need
from dashboard.aggregates import Percentile, percentiles_of_sorted
from dashboard.forms import StatisticsFilters, first_of_month, start_of
from dialogues.models import (
    OPEN_STATES,
    Dialogue,
    DialogueAssignment,
    DialogueEvent,
    Outcome,
    StatisticsRow,
    owes_first_answer,
    waiting_on_the_city,
)
from districts.models import Department
from districts.workdays import AMSTERDAM, is_working_day, local_date
from mokum.prepared import PreparedStatement

S = Dialogue.State
T = Outcome.Type

# Logged once per turn by the morning scan (dialogues/reminders.py) when a turn is 10 working days late.
ESCALATED = "escalated"
NOT_AGREED_TYPES = (T.DECLINED, T.REFERRED, T.NOT_COMPETENT)


@dataclass(frozen=True)
class Figures:
    """The responsiveness figures of one group of dialogues."""

    opened: int = 0
    still_open: int = 0
    first_answers: int = 0
    first_answers_due: int = 0
    unanswered_past_deadline: int = 0
    first_answers_on_time: int = 0
    first_answer_days_median: float | None = None
    first_answer_days_p90: float | None = None
    outcomes: int = 0
    agreed: int = 0
    partly_agreed: int = 0
    not_agreed: int = 0
    outcome_days_median: float | None = None
    outcome_days_p90: float | None = None
    closed: int = 0
    withdrawn: int = 0
    open_now: int = 0
    overdue_now: int = 0
    long_overdue_now: int = 0
    escalations: int = 0

    @property
    def on_time_share(self) -> float | None:
        """Return the share (0 to 1) of the first answers due that came within the deadline, or None."""
        return self.first_answers_on_time / self.first_answers_due if self.first_answers_due else None

    @property
    def on_time_percent(self) -> float | None:
        share = self.on_time_share
        return None if share is None else round(share * 100, 1)


FIGURE_FIELDS = [f.name for f in fields(Figures)]
EVENT_FIELDS = ("escalations",)


def late_now(now, prefix: str = "") -> Q:
    """Return the condition for open dialogues overdue now on the municipality's or the coordinator's side."""
    return waiting_on_the_city(prefix) & Q(**{f"{prefix}deadline_at__lt": now})


def unanswered_past_deadline(now, prefix: str = "") -> Q:
    """Return the condition for dialogues without a first answer whose first-answer deadline passed."""
    return owes_first_answer(prefix) & Q(**{f"{prefix}first_answer_due_at__lt": now})


def row_flags(cohort: Q, now: datetime, prefix: str = "") -> dict[str, Q]:
    """Return the conditions the figures ask of each dialogue, by name (`FIGURE_FLAGS`, `FIGURE_DAYS`)."""
    p = prefix
    late = late_now(now, p)
    return _flags(
        cohort,
        p,
        is_open=Q(**{f"{p}state__in": OPEN_STATES}),
        missing=unanswered_past_deadline(now, p),
        late=late,
        long_late=late & Q(**{f"{p}long_overdue_at__lt": now}),
    )


def statistics_row_flags(cohort: Q, now: datetime) -> dict[str, Q]:
    """Return `row_flags` asked of a dialogue's statistics' row (`StatisticsRow`), from its generated columns.

    The row holds the part of each condition that does not change with time (open now; since when an answer is
    missing, the dialogue is late, it is long overdue): at each moment only a comparison with `now` is left.
    """
    return _flags(
        cohort,
        "",
        is_open=Q(is_open=True),
        missing=Q(answer_missing_from__lt=now),
        late=Q(late_from__lt=now),
        long_late=Q(long_late_from__lt=now),
    )


def _flags(cohort: Q, p: str, *, is_open: Q, missing: Q, late: Q, long_late: Q) -> dict[str, Q]:
    """Return the figures' conditions (`row_flags`), given the four a statistics' row answers from its own columns."""
    concluded = Q(**{f"{p}concluded_at__isnull": False})
    answered = Q(**{f"{p}first_response_at__isnull": False})
    return {
        "in_cohort": cohort,
        "is_open": is_open,
        "answered": answered,
        "missing": missing,
        # The share's whole: every first answer given, and every one that did not come by its deadline.
        "due": answered | missing,
        "on_time": Q(**{f"{p}first_response_on_time": True}),
        "concluded": concluded,
        "is_agreed": concluded & Q(**{f"{p}outcome_type": T.AGREED}),
        "is_partly_agreed": concluded & Q(**{f"{p}outcome_type": T.PARTLY_AGREED}),
        "is_not_agreed": concluded & Q(**{f"{p}outcome_type__in": NOT_AGREED_TYPES}),
        "is_closed": Q(**{f"{p}state": S.CLOSED}),
        "is_withdrawn": Q(**{f"{p}state": S.WITHDRAWN}),
        "late": late,
        "long_late": long_late,
    }


# Each count of `Figures`: the dialogues that meet all of these conditions (`row_flags`).
FIGURE_FLAGS = {
    "opened": ("in_cohort",),
    "still_open": ("in_cohort", "is_open"),
    "first_answers": ("in_cohort", "answered"),
    "first_answers_due": ("in_cohort", "due"),
    "unanswered_past_deadline": ("in_cohort", "missing"),
    "first_answers_on_time": ("in_cohort", "on_time"),
    "outcomes": ("in_cohort", "concluded"),
    "agreed": ("in_cohort", "is_agreed"),
    "partly_agreed": ("in_cohort", "is_partly_agreed"),
    "not_agreed": ("in_cohort", "is_not_agreed"),
    "closed": ("in_cohort", "is_closed"),
    "withdrawn": ("in_cohort", "is_withdrawn"),
    "open_now": ("is_open",),
    "overdue_now": ("late",),
    "long_overdue_now": ("long_late",),
}
# The working days behind each median and 90th percentile of `Figures`: (column, conditions).
FIGURE_DAYS = {
    "first_answer_days": ("first_response_days", ("in_cohort",)),
    "outcome_days": ("outcome_days", ("in_cohort", "concluded")),
}


def figure_aggregates(cohort: Q, now: datetime, prefix: str = "") -> dict:
    """Return the aggregate expressions of `Figures` (all but the event counts), for one query."""
    flags = row_flags(cohort, now, prefix)

    def meeting(names) -> Q:
        return functools.reduce(operator.and_, (flags[name] for name in names))

    pk = f"{prefix}pk" if prefix else "pk"
    aggregates = {name: Count(pk, filter=meeting(names)) for name, names in FIGURE_FLAGS.items()}
    for name, (column, names) in FIGURE_DAYS.items():
        aggregates[f"{name}_median"] = Percentile(f"{prefix}{column}", 0.5, filter=meeting(names))
        aggregates[f"{name}_p90"] = Percentile(f"{prefix}{column}", 0.9, filter=meeting(names))
    return aggregates


def _figures(row: dict, events: dict | None = None) -> Figures:
    values = {name: row.get(name) for name in FIGURE_FIELDS if name not in EVENT_FIELDS}
    for name in ("first_answer_days_median", "first_answer_days_p90", "outcome_days_median", "outcome_days_p90"):
        if values[name] is not None:
            values[name] = round(float(values[name]), 1)
    return Figures(**values, **(events or {"escalations": 0}))


def filtered_dialogues(*, district_ids, filters: StatisticsFilters):
    """Return the dialogues of the districts, of the filters' theme and lead department (not yet the period)."""
    dialogues = Dialogue.objects.filter(district_id__in=district_ids)
    if filters.theme:
        dialogues = dialogues.filter(initiative__themes__slug=filters.theme)
    if filters.department is not None:
        lead = DialogueAssignment.objects.filter(
            dialogue=OuterRef("pk"), is_lead=True, ended_at__isnull=True, department=filters.department
        )
        dialogues = dialogues.filter(Exists(lead))
    return dialogues


def statistics_rows(*, district_ids, filters: StatisticsFilters):
    """Return the statistics' rows (`StatisticsRow`) of `filtered_dialogues(district_ids, filters)`."""
    rows = StatisticsRow.objects.filter(district_id__in=district_ids)
    if filters.theme:
        rows = rows.filter(initiative__themes__slug=filters.theme)
    if filters.department is not None:
        rows = rows.filter(lead_department=filters.department)
    return rows


def _escalations(dialogues, cohort: Q, *, now, by_district: bool) -> dict:
    """Return the count of escalations of the cohort's dialogues up to `now` (one query), overall or per district."""
    events = DialogueEvent.objects.filter(
        action=ESCALATED, created_at__lte=now, dialogue__in=dialogues.filter(cohort).values("pk")
    )
    if not by_district:
        return {None: events.count()}
    rows = events.values("dialogue__district_id").annotate(n=Count("pk")).order_by()
    return {row["dialogue__district_id"]: row["n"] for row in rows}


def figures_overall(dialogues, filters: StatisticsFilters, *, now) -> Figures:
    """Return the figures of all `dialogues` together (two queries)."""
    cohort = filters.opened_in_period()
    row = dialogues.aggregate(**figure_aggregates(cohort, now))
    return _figures(row, {"escalations": _escalations(dialogues, cohort, now=now, by_district=False)[None]})


def figures_by_district(dialogues, filters: StatisticsFilters, *, now) -> dict[int, Figures]:
    """Return the figures per district id (two queries); districts without dialogues are left out."""
    cohort = filters.opened_in_period()
    rows = dialogues.values("district_id").annotate(**figure_aggregates(cohort, now)).order_by()
    escalations = _escalations(dialogues, cohort, now=now, by_district=True)
    return {row["district_id"]: _figures(row, {"escalations": escalations.get(row["district_id"], 0)}) for row in rows}


@dataclass(frozen=True)
class DepartmentFigures:
    name: str
    dialogues: int
    figures: Figures


@dataclass(frozen=True)
class DepartmentRanking:
    """The departments with at least `minimum` dialogues in the period, and how many fell below it."""

    minimum: int
    shown: list[DepartmentFigures] = field(default_factory=list)
    hidden: int = 0


def _department_rows(dialogues, filters: StatisticsFilters, *, now, group_by: tuple):
    cohort = filters.opened_in_period("dialogue__")
    return (
        DialogueAssignment.objects.filter(is_lead=True, ended_at__isnull=True, dialogue__in=dialogues.values("pk"))
        .values(*group_by)
        .annotate(**figure_aggregates(cohort, now, prefix="dialogue__"))
        .order_by(*group_by)
    )


def _rank(rows, minimum: int) -> DepartmentRanking:
    # The groups are departments (a few dozen at most), not dialogues: the minimum is applied to them here.
    shown, hidden = [], 0
    for row in rows:
        if not row["opened"]:
            continue
        if row["opened"] >= minimum:
            shown.append(DepartmentFigures(name=row["department_name"], dialogues=row["opened"], figures=_figures(row)))
        else:
            hidden += 1
    # Most answers in time first; then the quickest median first answer.
    unknown = float("inf")
    shown.sort(
        key=lambda d: (
            -(d.figures.on_time_share if d.figures.on_time_share is not None else -1),
            d.figures.first_answer_days_median if d.figures.first_answer_days_median is not None else unknown,
            d.name,
        )
    )
    return DepartmentRanking(minimum=minimum, shown=shown, hidden=hidden)


def figures_by_department(dialogues, filters: StatisticsFilters, *, now, minimum: int) -> DepartmentRanking:
    """Return the figures per department of the current lead official, above the minimum (one query).

    A department is shown only with at least `minimum` dialogues opened in the period; fewer would make
    the figures about one or two people rather than a department.
    """
    return _rank(_department_rows(dialogues, filters, now=now, group_by=("department_name",)), minimum)


def figures_by_district_and_department(dialogues, filters: StatisticsFilters, *, now, districts):
    """Return per district id its department ranking, each with the district's own minimum (one query)."""
    rows = _department_rows(dialogues, filters, now=now, group_by=("dialogue__district_id", "department_name"))
    per_district = {d.pk: [] for d in districts}
    for row in rows:
        per_district.setdefault(row["dialogue__district_id"], []).append(row)
    return {d.pk: _rank(per_district[d.pk], d.ranking_minimum) for d in districts}


@dataclass(frozen=True)
class GroupedFigures:
    """The figures of all dialogues together, per district (when asked) and the ranking of lead departments."""

    overall: Figures
    by_district: dict[int, Figures]
    ranking: DepartmentRanking


def figures_grouped(dialogues, filters: StatisticsFilters, *, now, minimum: int, by_district: bool) -> GroupedFigures:
    """Return `figures_overall`, `figures_by_department` and (when asked) `figures_by_district` in one query.

    On PostgreSQL the statistics' rows of the dialogues are counted per district and lead department in one
    statement (`_grouped_statement`), and the whole, the districts and the departments added up from those groups.
    Elsewhere the three functions answer in turn.
    """
    if connections[dialogues.db].vendor != "postgresql":
        return GroupedFigures(
            overall=figures_overall(dialogues, filters, now=now),
            by_district=figures_by_district(dialogues, filters, now=now) if by_district else {},
            ranking=figures_by_department(dialogues, filters, now=now, minimum=minimum),
        )
    rows = StatisticsRow.objects.using(dialogues.db).filter(dialogue_id__in=dialogues.values("pk"))
    sql, params = _grouped_statement(rows, filters, now=now)
    return _grouped_figures(sql, params, using=dialogues.db, minimum=minimum, by_district=by_district)


def grouped_figures_of(*, district_ids, filters: StatisticsFilters, now, minimum: int, by_district: bool):
    """Return `figures_grouped` of `filtered_dialogues(district_ids, filters)`, through a prepared statement.

    The statement (twenty aggregates, the lead's department, the escalations) took about as long to build and
    compile as a district's dialogues took to count; it is built once per process for each set of districts and
    filters, and each page puts in its moment and its filters' values (mokum/prepared.py).
    """
    alias = router.db_for_read(Dialogue)
    if connections[alias].vendor != "postgresql":
        dialogues = filtered_dialogues(district_ids=district_ids, filters=filters)
        return figures_grouped(dialogues, filters, now=now, minimum=minimum, by_district=by_district)
    given = {
        "start": filters.start,
        "end": filters.end,
        "theme": filters.theme,
        "department": filters.department.pk if filters.department is not None else None,
    }
    names = tuple(name for name, value in given.items() if value)
    shape = (tuple(district_ids), names, alias)
    sql, params = GROUPED_FIGURES(now, *(given[name] for name in names), shape=shape)
    return _grouped_figures(sql, params, using=alias, minimum=minimum, by_district=by_district)


def _grouped_figures_statement(now, *values_and_shape):
    """Build `grouped_figures_of`'s statement from stand-ins (mokum/prepared.PreparedStatement)."""
    *values, district_ids, names, alias = values_and_shape
    given = dict(zip(names, values, strict=True))
    department = given.get("department")
    filters = StatisticsFilters(
        start=given.get("start"),
        end=given.get("end"),
        theme=given.get("theme", ""),
        department=Department(pk=department) if department is not None else None,
    )
    rows = statistics_rows(district_ids=district_ids, filters=filters).using(alias)
    return _grouped_statement(rows, filters, now=now)


GROUPED_FIGURES = PreparedStatement(_grouped_figures_statement, shapes=32)


def _grouped_statement(rows, filters: StatisticsFilters, *, now) -> tuple[str, list]:
    """Return the statement of `figures_grouped` over statistics' rows: one scan, a group per district and department.

    The inner query reads each dialogue's row (`StatisticsRow`: its figures' columns and its current lead's
    department) once, with its escalations up to `now` and its conditions (`row_flags`) worked out once; the outer
    one counts per district and department. The whole, the districts and the departments are sums of these groups,
    and the percentiles come from their working days (`_grouped_figures`). At city scale this took under a third of
    the time of the dialogues joined to their leads and grouped three ways in the database (GROUPING SETS), where
    every percentile sorted again and every count worked out its conditions again.
    """
    cohort = filters.opened_in_period()
    # Each dialogue's escalations up to `now`: all of them, less those a scan logged ahead of time (ESCALATIONS).
    ahead = RawSQL(f'COALESCE("{ESCALATIONS}"."n", 0)', [], output_field=IntegerField())
    escalated = ExpressionWrapper(F("escalations") - ahead, output_field=IntegerField())
    conditions = statistics_row_flags(cohort, now)
    # "is_open" is a column of the row: read as it is, under its own name.
    flags = {
        name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in conditions.items() if name != "is_open"
    }
    # Every figure is about the cohort (opened in the period) or about what is open now: other dialogues add nothing.
    rows = (
        rows.filter(cohort | conditions["is_open"])
        .values(
            "district_id",
            "first_response_days",
            "outcome_days",
            "is_open",
            department_name=F("lead_department_name"),
            escalation_count=escalated,
            **flags,
        )
        .order_by()
    )
    inner, params = _with_escalations(*rows.query.sql_with_params(), now=now, using=rows.db)
    counts = [f"COUNT(*) FILTER (WHERE {' AND '.join(names)}) AS {name}" for name, names in FIGURE_FLAGS.items()]
    days = [
        f"ARRAY_AGG({column}) FILTER (WHERE {' AND '.join(names)} AND {column} IS NOT NULL) AS {name}"
        for name, (column, names) in FIGURE_DAYS.items()
    ]
    escalations = "COALESCE(SUM(escalation_count) FILTER (WHERE in_cohort), 0) AS escalations"
    columns = ", ".join(["district_id", "department_name", *counts, escalations, *days])
    # OFFSET 0 keeps PostgreSQL from writing the conditions back into every count (it would work each out again).
    return f"SELECT {columns} FROM ({inner} OFFSET 0) AS dialogues GROUP BY 1, 2", params


# The statement's columns after the district and the department: the counts, then the working days.
COUNTED = (*FIGURE_FLAGS, "escalations")


def _summed(rows) -> dict:
    """Return some rows of the grouped figures' statement added up, as a row of `figure_aggregates`.

    A row is (its counts, its working days per figure), the days sorted (`_grouped_figures`): sorting several rows'
    days together merges those runs.
    """
    if len(rows) == 1:
        counts, days = rows[0]
    else:
        counts = [sum(column) for column in zip(*(row[0] for row in rows), strict=True)] or [0] * len(COUNTED)
        days = [sorted(chain.from_iterable(row[1][n] for row in rows)) for n in range(len(FIGURE_DAYS))]
    summed = dict(zip(COUNTED, counts, strict=True))
    for name, some in zip(FIGURE_DAYS, days, strict=True):
        summed[f"{name}_median"], summed[f"{name}_p90"] = percentiles_of_sorted(some, (0.5, 0.9))
    return summed


def _summed_figures(rows) -> Figures:
    summed = _summed(rows)
    return _figures(summed, {"escalations": summed["escalations"]})


def _grouped_figures(sql: str, params, *, using: str, minimum: int, by_district: bool) -> GroupedFigures:
    """Run the grouped figures' statement and add its groups up into the whole, the districts and the departments."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        results = cursor.fetchall()
    counted = slice(2, 2 + len(COUNTED))
    everything, districts, departments = [], defaultdict(list), defaultdict(list)
    for row in results:
        group = (row[counted], [sorted(days) if days else () for days in row[counted.stop :]])
        everything.append(group)
        if by_district:
            districts[row[0]].append(group)
        if row[1] is not None:  # dialogues without a current lead count in no department
            departments[row[1]].append(group)
    ranked = [{"department_name": name, **_summed(groups)} for name, groups in sorted(departments.items())]
    return GroupedFigures(
        overall=_summed_figures(everything),
        by_district={pk: _summed_figures(groups) for pk, groups in districts.items()},
        ranking=_rank(ranked, minimum),
    )


# The alias of the escalations after `now` per dialogue in the grouped figures' query.
ESCALATIONS = "escalations_ahead"


def _with_escalations(sql: str, params, *, now, using: str) -> tuple[str, list]:
    """Return the grouped figures' query with each dialogue's escalations after `now` joined to it (ESCALATIONS).

    A statistics' row counts all of its dialogue's escalations; the events a scan logged ahead of time (with a
    moment in the future, `scan_deadlines --now`) do not count yet. There are seldom any: read from the partial
    index `event_escalated` alone, and a hash join of nothing.
    """
    events = (
        DialogueEvent.objects.using(using)
        .filter(action=ESCALATED, created_at__gt=now)
        .values("dialogue_id")
        .annotate(n=Count("*"))  # COUNT(*): read from the partial index alone
        .order_by()
    )
    events_sql, events_params = events.query.sql_with_params()
    table = StatisticsRow._meta.db_table
    start = sql.index(f' FROM "{table}" ')
    where = sql.find(" WHERE ", start)
    at = where if where != -1 else len(sql)
    on = f'"{ESCALATIONS}"."dialogue_id" = "{table}"."dialogue_id"'
    join = f' LEFT OUTER JOIN ({events_sql}) "{ESCALATIONS}" ON ({on})'
    before = sql[:at].count("%s")
    params = list(params)
    return sql[:at] + join + sql[at:], params[:before] + list(events_params) + params[before:]


def ranking_minimum(districts) -> int:
    """Return the minimum number of dialogues for a department's figures over `districts`.

    One district: its own setting. Several (the city): the highest of their settings, so that no
    department is shown city-wide on fewer dialogues than any district allows.
    """
    return max((d.ranking_minimum for d in districts), default=5)


# -- what is open now -----------------------------------------------------------------------------------


def open_by_state_and_turn(dialogues) -> dict[tuple[str, str], int]:
    """Return the open dialogues counted per (state, whose turn) (one query)."""
    rows = dialogues.filter(state__in=OPEN_STATES).values("state", "waiting_on").annotate(n=Count("pk")).order_by()
    return {(row["state"], row["waiting_on"]): row["n"] for row in rows}


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    min_days: int
    max_days: int | None


def overdue_bands() -> list[Band]:
    """Return the overdue age bands, in working days past the deadline."""
    return [
        Band("up-to-5", _("up to 5 working days"), 0, 5),
        Band("6-10", _("6 to 10 working days"), 6, 10),
        Band("11-20", _("11 to 20 working days"), 11, 20),
        Band("over-20", _("more than 20 working days"), 21, None),
    ]


def recent_working_day(today: date, n: int, holidays) -> date:
    """Return the `n`th most recent working day up to and including `today` (n ≥ 1)."""
    day, counted = today, 0
    while True:
        if is_working_day(day, holidays):
            counted += 1
            if counted == n:
                return day
        day -= timedelta(days=1)


def overdue_since(days: int, now: datetime, holidays) -> datetime:
    """Return the moment before which a deadline lies when it is at least `days` working days overdue now.

    A deadline ends its last working day D; it is N or more working days overdue when at least N working
    days lie after D up to today, that is when D comes before the Nth most recent working day.
    """
    if days <= 0:
        return now
    return start_of(recent_working_day(local_date(now), days, holidays))


def band_case(now, holidays):
    """Return a database expression naming the overdue band of each overdue dialogue."""
    whens = []
    for band in reversed(overdue_bands()):
        whens.append(When(deadline_at__lt=overdue_since(band.min_days, now, holidays), then=Value(band.key)))
    return Case(*whens, default=Value(""))


def overdue_counts(dialogues, *, now, holidays) -> dict[str, dict[str, int]]:
    """Return per overdue band: how many dialogues, how many escalated, how many long overdue (one query)."""
    aggregates = {}
    escalated = Q(escalated_now=True)
    bounds = [overdue_since(band.min_days, now, holidays) for band in overdue_bands()]
    for index, band in enumerate(overdue_bands()):
        in_band = Q(deadline_at__lt=bounds[index])
        if index + 1 < len(bounds):
            in_band &= Q(deadline_at__gte=bounds[index + 1])
        key = band.key.replace("-", "_")
        aggregates[f"{key}__count"] = Count("pk", filter=in_band)
        aggregates[f"{key}__escalated"] = Count("pk", filter=in_band & escalated)
        aggregates[f"{key}__long"] = Count("pk", filter=in_band & Q(long_overdue_at__lt=now))
    row = with_escalation(dialogues.filter(late_now(now)), now=now).aggregate(**aggregates)
    return {
        band.key: {
            "count": row[f"{band.key.replace('-', '_')}__count"],
            "escalated": row[f"{band.key.replace('-', '_')}__escalated"],
            "long_overdue": row[f"{band.key.replace('-', '_')}__long"],
        }
        for band in overdue_bands()
    }


def overview(dialogues, filters: StatisticsFilters, *, now, holidays, turns) -> tuple[Figures, dict, dict]:
    """Return the figures, the open dialogues per (state, turn) and the overdue bands of `dialogues` in one query.

    The same numbers as `figures_overall`, `open_by_state_and_turn` and `overdue_counts`, which cost four queries
    between them; the dashboard asks for all of them at once.
    """
    cohort = filters.opened_in_period()
    escalated = (
        DialogueEvent.objects.filter(dialogue=OuterRef("pk"), action=ESCALATED, created_at__lte=now)
        .order_by()
        .values("dialogue")
        .annotate(n=Count("pk"))
        .values("n")
    )
    annotated = with_escalation(dialogues, now=now).annotate(escalation_count=Coalesce(Subquery(escalated), 0))
    aggregates = figure_aggregates(cohort, now)
    aggregates["escalations"] = Coalesce(Sum("escalation_count", filter=cohort), 0)
    for state in OPEN_STATES:
        for turn in turns:
            aggregates[f"open__{state}__{turn}"] = Count("pk", filter=Q(state=state, waiting_on=turn))
    late = late_now(now)
    bounds = [overdue_since(band.min_days, now, holidays) for band in overdue_bands()]
    for index, band in enumerate(overdue_bands()):
        in_band = late & Q(deadline_at__lt=bounds[index])
        if index + 1 < len(bounds):
            in_band &= Q(deadline_at__gte=bounds[index + 1])
        key = band.key.replace("-", "_")
        aggregates[f"band__{key}__count"] = Count("pk", filter=in_band)
        aggregates[f"band__{key}__escalated"] = Count("pk", filter=in_band & Q(escalated_now=True))
        aggregates[f"band__{key}__long"] = Count("pk", filter=in_band & Q(long_overdue_at__lt=now))
    row = annotated.aggregate(**aggregates)
    figures = _figures(row, {"escalations": row["escalations"]})
    open_counts = {(state, turn): row[f"open__{state}__{turn}"] for state in OPEN_STATES for turn in turns}
    bands = {}
    for band in overdue_bands():
        key = band.key.replace("-", "_")
        bands[band.key] = {
            "count": row[f"band__{key}__count"],
            "escalated": row[f"band__{key}__escalated"],
            "long_overdue": row[f"band__{key}__long"],
        }
    return figures, open_counts, bands


def with_escalation(dialogues, *, now):
    """Annotate `escalated_now`: by `now`, the scan escalated the dialogue's current turn to the coordinator.

    Only events up to `now` count: a scan run with a moment in the future (`scan_deadlines --now`) logs an
    escalation dated then, and the dialogue is not escalated before that moment comes. Without this, a
    dialogue 2 working days late today showed as escalated in the "up to 5 working days" band.
    """
    events = DialogueEvent.objects.filter(
        dialogue=OuterRef("pk"), action=ESCALATED, clock=OuterRef("clock"), created_at__lte=now
    )
    return dialogues.annotate(escalated_now=Exists(events))


def overdue_dialogues(dialogues, *, now, holidays, band: str = ""):
    """Return the overdue dialogues, most overdue first, with their band, escalation and lead official."""
    from dialogues.selectors import ACTIVE_ASSIGNMENTS

    late = with_escalation(dialogues.filter(late_now(now)), now=now).annotate(band=band_case(now, holidays))
    if band:
        late = late.filter(band=band)
    return (
        late.select_related("initiative", "district").prefetch_related(ACTIVE_ASSIGNMENTS).order_by("deadline_at", "pk")
    )


# -- initiatives and trends ---------------------------------------------------------------------------------


def initiative_funnel(*, district_ids, filters: StatisticsFilters) -> dict[str, int]:
    """Return how far the initiatives submitted in the period came, from submitted to realised (one query)."""
    from initiatives.models import Initiative

    I = Initiative.Status  # noqa: E741
    initiatives = Initiative.objects.filter(district_id__in=district_ids, submitted_at__isnull=False)
    if filters.theme:
        initiatives = initiatives.filter(themes__slug=filters.theme)
    if filters.start:
        initiatives = initiatives.filter(submitted_at__gte=filters.start)
    if filters.end:
        initiatives = initiatives.filter(submitted_at__lt=filters.end)
    has_dialogue = Exists(Dialogue.objects.filter(initiative=OuterRef("pk")))
    # What these initiatives asked neighbours for in the period (connect/), counted in the same query.
    needs = Need.objects.filter(initiative=OuterRef("pk"))
    if filters.start:
        needs = needs.filter(created_at__gte=filters.start)
    if filters.end:
        needs = needs.filter(created_at__lt=filters.end)

    def counted(rows):
        return Coalesce(Subquery(rows.order_by().values("initiative").annotate(n=Count("pk")).values("n")), 0)

    return initiatives.aggregate(
        needs_posted=Coalesce(Sum(counted(needs)), 0),
        needs_met=Coalesce(Sum(counted(needs.filter(met_at__isnull=False))), 0),
        submitted=Count("pk"),
        in_intake=Count("pk", filter=Q(status__in=[I.SUBMITTED, I.INTAKE, I.INFORMATION_REQUESTED])),
        refused=Count("pk", filter=Q(status=I.REFUSED)),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        with_dialogue=Count("pk", filter=Q(has_dialogue)),
        active=Count("pk", filter=Q(status=I.ACTIVE)),
        realised=Count("pk", filter=Q(status=I.REALISED)),
        stranded=Count("pk", filter=Q(status=I.STRANDED)),
        withdrawn=Count("pk", filter=Q(status=I.WITHDRAWN)),
    )


def monthly_trends(dialogues, filters: StatisticsFilters, *, now) -> list[tuple[date, Figures]]:
    """Return the figures per month of opening, every month of the period included (one query)."""
    cohort = filters.opened_in_period()
    rows = (
        dialogues.filter(cohort)
        .annotate(month=TruncMonth("created_at", tzinfo=AMSTERDAM))
        .values("month")
        .annotate(**figure_aggregates(cohort, now))
        .order_by("month")
    )
    by_month = {_as_date(row["month"]): _figures(row) for row in rows}
    last = first_of_month(local_date(filters.end - timedelta(microseconds=1)) if filters.end else local_date(now))
    first = first_of_month(filters.first_day) if filters.start else min(by_month, default=last)
    months = []
    month = first
    while month <= last:
        months.append((month, by_month.get(month, Figures())))
        month = first_of_month(month + timedelta(days=32))
    return months


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.astimezone(AMSTERDAM).date().replace(day=1) if value.tzinfo else value.date().replace(day=1)
    if isinstance(value, str):  # SQLite without date conversion
        return date.fromisoformat(value[:10]).replace(day=1)
    return value.replace(day=1)
