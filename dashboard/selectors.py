"""What the dashboard and the public statistics show, as tables and charts, for whoever asks.

Every figure comes from dashboard.statistics (aggregate queries); this module puts them into the tables
that the pages show and the CSV exports download, and draws the charts beside them.
"""

from dataclasses import dataclass, field
from datetime import date

import rules
from django.db.models import OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from accounts.selectors import user_roles
from dashboard import statistics as stats
from dashboard.charts import Chart, bar_chart, column_chart
from dashboard.forms import StatisticsFilters
from dashboard.tables import Days, Link, Percent, Table
from dialogues.models import OPEN_STATES, Dialogue, DialogueAssignment, WaitingOn
from districts.models import Department, District
from districts.workdays import local_date, working_days_between

S = Dialogue.State
TURNS = (WaitingOn.OFFICIALS, WaitingOn.INITIATIVE, WaitingOn.COORDINATOR)
TOP_OVERDUE = 10


def dashboard_districts(user) -> list[District]:
    """Return the districts whose internal dashboard `user` may see: all for the city, else their own."""
    districts = District.objects.order_by("name")
    if rules.has_perm("dashboard.view_city", user):
        return list(districts)
    return list(districts.filter(pk__in=user_roles(user).coordinator_of))


def department_choices(districts):
    """Return the departments to filter on: those of `districts` and the city-wide ones."""
    departments = Department.objects.filter(Q(district__in=districts) | Q(district__isnull=True))
    return departments.select_related("district").order_by("name")


# -- tables -------------------------------------------------------------------------------------------------


def responsiveness_table(figures: stats.Figures) -> Table:
    f = figures
    return Table(
        name="responsiveness",
        caption=_("Responsiveness in figures"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Dialogues opened in the period"), f.opened],
            [_("… of which still open"), f.still_open],
            [_("First answers given"), f.first_answers],
            [_("No first answer yet, past the deadline"), f.unanswered_past_deadline],
            [_("First answers due (given, or past the deadline)"), f.first_answers_due],
            [_("First answers within the deadline"), Percent(f.on_time_percent)],
            [_("Median working days to a first answer"), Days(f.first_answer_days_median)],
            # xgettext:no-python-format
            [_("90% of first answers came within (working days)"), Days(f.first_answer_days_p90)],
            [_("Outcomes reached"), f.outcomes],
            [_("Median working days to an outcome"), Days(f.outcome_days_median)],
            # xgettext:no-python-format
            [_("90% of outcomes came within (working days)"), Days(f.outcome_days_p90)],
            [_("Escalations to the coordinator"), f.escalations],
            [_("Open now"), f.open_now],
            [_("Overdue now"), f.overdue_now],
            [_("Long overdue now"), f.long_overdue_now],
        ],
    )


def _share(part: int, whole: int) -> Percent:
    return Percent(round(part / whole * 100, 1) if whole else None)


def outcomes_table(figures: stats.Figures) -> Table:
    f = figures
    return Table(
        name="outcomes",
        caption=_("How the dialogues opened in the period ended"),
        columns=[_("Result"), _("Dialogues"), _("Share of the dialogues opened")],
        rows=[
            [_("Concluded: agreed"), f.agreed, _share(f.agreed, f.opened)],
            [_("Concluded: partly agreed"), f.partly_agreed, _share(f.partly_agreed, f.opened)],
            [_("Concluded: not agreed"), f.not_agreed, _share(f.not_agreed, f.opened)],
            [_("Closed by the coordinator"), f.closed, _share(f.closed, f.opened)],
            [_("Withdrawn by the initiative"), f.withdrawn, _share(f.withdrawn, f.opened)],
            [_("Still open"), f.still_open, _share(f.still_open, f.opened)],
        ],
        note=_(
            "“Not agreed” counts outcomes that were declined, referred elsewhere or outside the municipality’s "
            "competence."
        ),
    )


def outcomes_chart(figures: stats.Figures, id: str) -> Chart:
    table = outcomes_table(figures)
    return bar_chart(
        id=id,
        title=_("How the dialogues ended"),
        labels=[row[0] for row in table.rows],
        series=[(_("Dialogues"), [row[1] for row in table.rows])],
    )


def funnel_table(funnel: dict) -> Table:
    return Table(
        name="initiatives",
        caption=_("Initiatives submitted in the period, and how far they came"),
        columns=[_("Stage"), _("Initiatives")],
        rows=[
            [_("Submitted"), funnel["submitted"]],
            [_("Accepted at intake"), funnel["accepted"]],
            [_("In dialogue with the municipality"), funnel["with_dialogue"]],
            [_("Realised"), funnel["realised"]],
            [_("Stranded"), funnel["stranded"]],
            [_("Still in intake"), funnel["in_intake"]],
            [_("Not accepted"), funnel["refused"]],
            [_("Active now"), funnel["active"]],
            [_("Withdrawn"), funnel["withdrawn"]],
            [_("Needs posted for neighbours' help"), funnel["needs_posted"]],
            [_("Needs met"), funnel["needs_met"]],
        ],
    )


def funnel_chart(funnel: dict) -> Chart:
    rows = funnel_table(funnel).rows[:5]
    return bar_chart(
        id="chart-initiatives",
        title=_("From submitted to realised or stranded"),
        labels=[row[0] for row in rows],
        series=[(_("Initiatives"), [row[1] for row in rows])],
    )


def open_table(counts: dict) -> Table:
    rows = []
    totals = [0] * (len(TURNS) + 1)
    for state in OPEN_STATES:
        values = [counts.get((state, turn), 0) for turn in TURNS]
        values.append(sum(values))
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        rows.append([S(state).label.capitalize(), *values])
    rows.append([_("All open dialogues"), *totals])
    return Table(
        name="open",
        caption=_("Open dialogues by state and whose turn it is"),
        columns=[_("State"), *[_("Waiting on %(side)s") % {"side": WaitingOn(t).label} for t in TURNS], _("Total")],
        rows=rows,
    )


def bands_table(bands: dict) -> Table:
    rows = []
    for band in stats.overdue_bands():
        counts = bands[band.key]
        rows.append([str(band.label).capitalize(), counts["count"], counts["escalated"], counts["long_overdue"]])
    rows.append(
        [_("All overdue dialogues"), *[sum(row[i] for row in rows) for i in (1, 2, 3)]],
    )
    return Table(
        name="overdue_bands",
        caption=_("Overdue dialogues by how long they are overdue"),
        columns=[_("Overdue by"), _("Dialogues"), _("Escalated"), _("Long overdue")],
        rows=rows,
        note=_(
            "Overdue: open, waiting on the municipality or the coordinator, and past the deadline of the current "
            "turn. Escalated: the platform escalated the turn to the coordinator (10 working days late). "
            "Long overdue: twice the turn's working days have passed."
        ),
    )


def bands_chart(bands: dict) -> Chart:
    table = bands_table(bands)
    return bar_chart(
        id="chart-overdue",
        title=_("Overdue dialogues by working days overdue"),
        labels=[row[0] for row in table.rows[:-1]],
        series=[(_("Dialogues"), [row[1] for row in table.rows[:-1]])],
    )


def overdue_rows(dialogues, *, now, holidays) -> Table:
    """Return the overdue list as a table (the dialogues given, e.g. one page of them)."""
    labels = {band.key: str(band.label) for band in stats.overdue_bands()}
    rows = []
    for d in dialogues:
        if hasattr(d, "lead_department"):  # annotated (the dashboard's top ten) instead of prefetched
            department = d.lead_department
        else:
            lead = next((a for a in d._active_assignments if a.is_lead), None)
            department = lead.department_name if lead else None
        rows.append(
            [
                Link(d.initiative.title, d.get_absolute_url()),
                d.district.name,
                d.get_state_display().capitalize(),
                d.get_waiting_on_display().capitalize(),
                d.deadline_at,
                max(working_days_between(d.deadline_at, now, holidays), 0),
                labels.get(d.band, ""),
                d.escalated_now,
                d.is_long_overdue(now),
                department if department is not None else _("not assigned yet"),
            ]
        )
    return Table(
        name="overdue",
        caption=_("Overdue dialogues, most overdue first"),
        columns=[
            _("Initiative"),
            _("District"),
            _("State"),
            _("Whose turn"),
            _("Deadline"),
            _("Working days overdue"),
            _("Overdue by"),
            _("Escalated"),
            _("Long overdue"),
            _("Lead department"),
        ],
        rows=rows,
    )


def _figure_cells(f: stats.Figures) -> list:
    return [
        f.opened,
        f.first_answers,
        f.unanswered_past_deadline,
        Percent(f.on_time_percent),
        Days(f.first_answer_days_median),
        Days(f.first_answer_days_p90),
        f.outcomes,
        f.agreed,
        f.partly_agreed,
        f.not_agreed,
        Days(f.outcome_days_median),
        Days(f.outcome_days_p90),
    ]


def _figure_columns() -> list[str]:
    return [
        _("Dialogues opened"),
        _("First answers"),
        _("No first answer, past the deadline"),
        _("Within the deadline"),
        _("Median days to a first answer"),
        _("90th percentile, first answer"),
        _("Outcomes"),
        _("Agreed"),
        _("Partly agreed"),
        _("Not agreed"),
        _("Median days to an outcome"),
        _("90th percentile, outcome"),
    ]


def departments_table(ranking: stats.DepartmentRanking) -> Table:
    rows = [[d.name or _("no department"), *_figure_cells(d.figures)] for d in ranking.shown]
    note = _(
        "Departments of the lead official, with at least %(minimum)d dialogues opened in the period, most first "
        "answers within the deadline first."
    ) % {"minimum": ranking.minimum}
    if ranking.hidden:
        note += " " + ngettext(
            "%(count)d department with fewer dialogues is not shown.",
            "%(count)d departments with fewer dialogues are not shown.",
            ranking.hidden,
        ) % {"count": ranking.hidden}
    return Table(
        name="departments",
        caption=_("Responsiveness per department"),
        columns=[_("Department"), *_figure_columns()],
        rows=rows,
        note=note,
    )


def districts_table(districts, by_district: dict) -> Table:
    rows = []
    for district in districts:
        f = by_district.get(district.pk, stats.Figures())
        rows.append(
            [
                Link(district.name, district.get_absolute_url()),
                *_figure_cells(f),
                f.escalations,
                f.open_now,
                f.overdue_now,
            ]
        )
    return Table(
        name="districts",
        caption=_("The districts compared"),
        columns=[_("District"), *_figure_columns(), _("Escalations"), _("Open now"), _("Overdue now")],
        rows=rows,
    )


def districts_chart(districts, by_district: dict) -> Chart:
    return bar_chart(
        id="chart-districts",
        title=_("First answers within the deadline, per district"),
        labels=[d.name for d in districts],
        series=[
            (
                _("Within the deadline"),
                [by_district.get(d.pk, stats.Figures()).on_time_percent for d in districts],
            )
        ],
        unit="%",
    )


def trends_table(months: list[tuple[date, stats.Figures]]) -> Table:
    rows = []
    for month, f in months:
        rows.append(
            [
                date_format(month, "F Y").capitalize(),
                f.opened,
                f.first_answers,
                f.unanswered_past_deadline,
                Percent(f.on_time_percent),
                Days(f.first_answer_days_median),
                f.outcomes,
                f.agreed,
                f.partly_agreed,
                f.not_agreed,
            ]
        )
    return Table(
        name="trends",
        caption=_("Per month in which the dialogues were opened"),
        columns=[
            _("Month"),
            _("Dialogues opened"),
            _("First answers"),
            _("No first answer, past the deadline"),
            _("Within the deadline"),
            _("Median days to a first answer"),
            _("Outcomes"),
            _("Agreed"),
            _("Partly agreed"),
            _("Not agreed"),
        ],
        rows=rows,
    )


def trends_chart(months) -> Chart:
    labels = [date_format(month, "F Y") for month, _f in months]
    return column_chart(
        id="chart-trends",
        title=_("Dialogues opened, answered and concluded per month"),
        labels=labels,
        series=[
            (_("Opened"), [f.opened for _m, f in months]),
            (_("First answer given"), [f.first_answers for _m, f in months]),
            (_("Outcome reached"), [f.outcomes for _m, f in months]),
        ],
    )


def support_table(districts, counts: dict) -> Table:
    rows = []
    for district in districts:
        c = counts[district.pk]  # support_request_counts has a row for every district asked for
        rows.append([district.name, c.new, c.assigned, c.in_progress, c.overdue, c.open])
    if len(rows) > 1:
        rows.append([_("All districts"), *[sum(row[i] for row in rows) for i in range(1, 6)]])
    return Table(
        name="support",
        caption=_("Open support requests"),
        columns=[
            _("District"),
            _("New"),
            _("Assigned"),
            _("In progress"),
            _("Past their due date"),
            pgettext("requests still open", "Open"),
        ],
        rows=rows,
    )


# -- the pages ---------------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    districts: list
    figures: stats.Figures
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    most_overdue: Table | None = None


def dashboard_data(
    *, districts, filters: StatisticsFilters, now, holidays, compare: bool, charts: bool = True
) -> Dashboard:
    """Return every figure, table and chart of the internal dashboard over `districts` (a fixed number of queries).

    `charts=False` leaves the charts out (for a CSV export, which needs only the tables).
    """
    from mokum.pagecache import cached_figures

    # The same figures for every coordinator of these districts: computed once per change of the data (and at
    # most FIGURES_CACHE_SECONDS old, for what depends on the clock), in the language of the page.
    key = (
        "dashboard",
        tuple(d.pk for d in districts),
        filters.start,
        filters.end,
        filters.theme,
        filters.department.pk if filters.department else None,
        compare,
        charts,
        get_language(),
    )
    return cached_figures(
        key,
        lambda: _dashboard_data(
            districts=districts, filters=filters, now=now, holidays=holidays, compare=compare, charts=charts
        ),
    )


def _dashboard_data(*, districts, filters, now, holidays, compare, charts) -> Dashboard:
    from support.selectors import support_request_counts

    district_ids = [d.pk for d in districts]
    dialogues = stats.filtered_dialogues(district_ids=district_ids, filters=filters)
    figures, open_counts, bands = stats.overview(dialogues, filters, now=now, holidays=holidays, turns=TURNS)
    funnel = stats.initiative_funnel(district_ids=district_ids, filters=filters)
    months = stats.monthly_trends(dialogues, filters, now=now)
    ranking = stats.figures_by_department(dialogues, filters, now=now, minimum=stats.ranking_minimum(districts))
    # The lead's department comes along in the same query instead of a second one for the assignments.
    lead = DialogueAssignment.objects.filter(dialogue=OuterRef("pk"), is_lead=True, ended_at__isnull=True)
    most_overdue = list(
        stats.overdue_dialogues(dialogues, now=now, holidays=holidays)
        .prefetch_related(None)
        .annotate(lead_department=Subquery(lead.values("department_name")[:1]))[:TOP_OVERDUE]
    )
    data = Dashboard(districts=districts, figures=figures)
    data.tables = {
        "responsiveness": responsiveness_table(figures),
        "initiatives": funnel_table(funnel),
        "open": open_table(open_counts),
        "overdue_bands": bands_table(bands),
        "outcomes": outcomes_table(figures),
        "departments": departments_table(ranking),
        "support": support_table(districts, support_request_counts(district_ids=district_ids, today=local_date(now))),
        "trends": trends_table(months),
    }
    if charts:
        data.charts = {
            "initiatives": funnel_chart(funnel),
            "overdue_bands": bands_chart(bands),
            "outcomes": outcomes_chart(figures, "chart-outcomes"),
            "trends": trends_chart(months),
        }
    data.most_overdue = overdue_rows(most_overdue, now=now, holidays=holidays)
    if compare:
        by_district = stats.figures_by_district(dialogues, filters, now=now)
        data.tables["districts"] = districts_table(districts, by_district)
        if charts:
            data.charts["districts"] = districts_chart(districts, by_district)
    return data


@dataclass
class PublicStatistics:
    figures: stats.Figures
    outcomes: Table
    outcomes_chart: Chart
    departments: Table
    districts: Table | None = None
    districts_chart: Chart | None = None


def public_statistics(*, districts, filters: StatisticsFilters, now, compare: bool) -> PublicStatistics:
    """Return the public responsiveness figures of `districts`: aggregates only, no names or addresses."""
    grouped = stats.grouped_figures_of(
        district_ids=[d.pk for d in districts],
        filters=filters,
        now=now,
        minimum=stats.ranking_minimum(districts),
        by_district=compare,
    )
    result = PublicStatistics(
        figures=grouped.overall,
        outcomes=outcomes_table(grouped.overall),
        outcomes_chart=outcomes_chart(grouped.overall, "chart-public-outcomes"),
        departments=departments_table(grouped.ranking),
    )
    if compare:
        result.districts = districts_table(districts, grouped.by_district)
        result.districts_chart = districts_chart(districts, grouped.by_district)
    return result
