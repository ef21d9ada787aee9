"""The share of first answers within the deadline counts the answers that never came, the same on every page.

A small set of Oost, played through the services and worked out by hand. Every dialogue is opened on Monday
2 March 2026 at 9:00 and assigned half an hour later, so its first answer is due by the end of Monday 16 March
(10 working days), except O4:

| | first answer | end | counts in the share |
|---|---|---|---|
| O1 | 4 Mar: 2 working days, in time | agreed 13 Mar: 9 working days after opening | in time |
| O2 | 17 Mar: 11 working days, late | declined 7 Apr: 24 (3 and 6 April are holidays) | against |
| O3 | none | open, waiting on the municipality | against: its deadline passed |
| O4 | none (opened 9 Apr, due 23 Apr) | open | not at all: its deadline has not passed |
| O5 | none | closed by the coordinator on 5 Mar | not at all: closed before its deadline |

Seen on Wednesday 15 April 2026 at noon: 3 first answers due (O1, O2, O3), 1 in time → 33.3 %. (Counting only
the answers given, as before, said 1 of 2 = 50 %.) Working days to a first answer 2 and 11 → median 6.5,
90th percentile 2 + 0.9 × 9 = 10.1. Outcomes 9 and 24 → median 16.5, 90th percentile 9 + 0.9 × 15 = 22.5;
1 agreed, 0 partly agreed, 1 not agreed. Open now: O3 and O4; overdue now: O3, also long overdue (20 working
days ended on 30 March).
"""

import csv
import io
import zipfile
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation
from openpyxl import load_workbook

from dashboard import charts
from dashboard import statistics as stats
from dashboard.forms import StatisticsFilterForm
from dashboard.tables import Days, Percent, Table, cell_text, csv_response
from dialogues.models import Dialogue, Outcome
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import Action
from districts.models import District
from districts.workdays import load_holidays
from tests.accounts.factories import DepartmentFactory, coordinator, district, official
from tests.dashboard.factories import at
from tests.dialogues.factories import REASONING
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

A = Action
NOW = at(15, 4, 12)
NBSP = "\u00a0"
FORMULA_TITLE = '=HYPERLINK("http://x","klik")'


def build_oost(recent: datetime | None = None) -> dict:
    """Play O1–O5 (see the module docstring); O4 is opened at `recent` (9 April, 9:00)."""
    recent = recent or at(9, 4, 9)
    oost = district("oost")
    boss = coordinator("oost")
    lead = official("oost", department=DepartmentFactory(name="Afdeling Oost", district=oost))
    housing = InitiativeFactory(district=oost, themes=["housing"], title="Woonhof")
    formula = InitiativeFactory(district=oost, themes=["housing"], title=FORMULA_TITLE)
    owner = housing.initiator_links.get().user

    def start(initiative, opened):
        d = dialogue_open(initiative=initiative, question="Mag het?", actor=boss, now=opened)
        return dialogue_transition(
            dialogue=d, action=A.ASSIGN, actor=boss, official=lead, now=opened + timedelta(minutes=30)
        )

    def answer(d, moment):
        return dialogue_transition(dialogue=d, action=A.ANSWER, actor=lead, text="Een antwoord.", now=moment)

    def conclude(d, kind, proposed, accepted):
        d = dialogue_transition(
            dialogue=d,
            action=A.PROPOSE,
            actor=lead,
            outcome_type=kind,
            summary="De uitkomst.",
            reasoning=REASONING,
            now=proposed,
        )
        return dialogue_transition(dialogue=d, action=A.ACCEPT, actor=owner, now=accepted)

    d = {
        "O1": conclude(answer(start(housing, at(2, 3, 9)), at(4, 3)), Outcome.Type.AGREED, at(5, 3), at(13, 3)),
        "O2": conclude(answer(start(housing, at(2, 3, 9)), at(17, 3)), Outcome.Type.DECLINED, at(26, 3), at(7, 4)),
        "O3": start(formula, at(2, 3, 9)),
        "O4": start(housing, recent),
        "O5": dialogue_transition(
            dialogue=start(housing, at(2, 3, 9)),
            action=A.CLOSE,
            actor=boss,
            closure_kind="duplicate",
            reason="Dezelfde vraag loopt al.",
            referral="Zie de andere dialoog.",
            now=at(5, 3),
        ),
    }
    return {"coordinator": boss, "owner": owner, **{k: Dialogue.objects.get(pk=v.pk) for k, v in d.items()}}


@pytest.fixture
def oost():
    return build_oost()


def all_time():
    form = StatisticsFilterForm({"period": "all"}, departments=None, today=date(2026, 4, 15))
    assert form.is_valid(), form.errors
    return form.filters()


def figures_at(now):
    f = all_time()
    ids = [District.objects.get(slug="oost").pk]
    return stats.figures_overall(stats.filtered_dialogues(district_ids=ids, filters=f), f, now=now)


# -- the figures, by hand ------------------------------------------------------------------------------------


def test_the_first_answer_deadline_is_kept_after_the_turn(oost):
    due = at(16, 3).replace(hour=23, minute=59, second=59, microsecond=999999)
    assert [oost[n].first_answer_due_at for n in ("O1", "O2", "O3", "O5")] == [due] * 4
    assert oost["O4"].first_answer_due_at == at(23, 4).replace(hour=23, minute=59, second=59, microsecond=999999)
    assert oost["O1"].deadline_at is None  # the turn itself ended with the outcome


def test_the_share_counts_answers_that_never_came(oost):
    f = figures_at(NOW)
    assert (f.opened, f.still_open, f.closed, f.withdrawn) == (5, 2, 1, 0)
    assert (f.first_answers, f.unanswered_past_deadline, f.first_answers_due) == (2, 1, 3)
    assert (f.first_answers_on_time, f.on_time_percent) == (1, 33.3)
    assert (f.first_answer_days_median, f.first_answer_days_p90) == (6.5, 10.1)
    assert (f.outcomes, f.agreed, f.partly_agreed, f.not_agreed) == (2, 1, 0, 1)
    assert (f.outcome_days_median, f.outcome_days_p90) == (16.5, 22.5)
    assert (f.open_now, f.overdue_now, f.long_overdue_now, f.escalations) == (2, 1, 1, 0)


def test_a_dialogue_ended_after_its_deadline_still_counts_one_ended_before_does_not(oost):
    later = at(30, 4, 12)
    # O4's deadline (23 April) has passed too: 1 of 4.
    assert (figures_at(later).first_answers_due, figures_at(later).on_time_percent) == (4, 25.0)
    for name, moment in (("O3", at(20, 4)), ("O4", at(21, 4))):
        owner = oost[name].initiative.initiator_links.get().user
        dialogue_transition(dialogue=oost[name], action=A.WITHDRAW, actor=owner, reason="We stoppen.", now=moment)
    f = figures_at(later)
    # O3 was withdrawn after going unanswered past its deadline: it counts. O4 was withdrawn in time: it does not.
    assert (f.first_answers_due, f.unanswered_past_deadline, f.on_time_percent) == (3, 1, 33.3)


def test_the_migration_backfills_the_first_answer_deadline(oost):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE dialogues_dialogue SET first_answer_due_at = NULL")
    import_module("dialogues.migrations.0004_first_answer_due").backfill_first_answer_due(apps, None)
    again = {n: Dialogue.objects.get(pk=oost[n].pk).first_answer_due_at for n in ("O1", "O2", "O3", "O4", "O5")}
    assert again == {n: oost[n].first_answer_due_at for n in again}


# -- the same share on every page -----------------------------------------------------------------------------


@pytest.fixture
def today_set():
    """The same set, with O4 opened two hours ago: its deadline has not passed today either."""
    return build_oost(recent=timezone.now() - timedelta(hours=2))


def in_language(client, language, user=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        user.preferred_language = language
        user.save()
        client.force_login(user)
    return client


@pytest.mark.parametrize(("language", "share"), [("nl", f"33,3{NBSP}%"), ("en", "33.3%")])
def test_public_pages_show_the_same_share_in_the_page_language(client, today_set, language, share):
    in_language(client, language)
    statistics = client.get("/statistics/?period=all").content.decode()
    assert f"<strong>{share}</strong>" in statistics
    assert f"<td>{share}</td>" in statistics  # the districts table
    district_page = client.get("/districts/oost/").content.decode()
    assert f"<strong>{share}</strong>" in district_page
    median = {"nl": "6,5", "en": "6.5"}[language]
    assert f"<strong>{median}</strong>" in district_page  # half within 6.5 working days


@pytest.mark.parametrize(("language", "share"), [("nl", f"33,3{NBSP}%"), ("en", "33.3%")])
def test_the_dashboard_shows_the_same_share(client, today_set, language, share):
    in_language(client, language, today_set["coordinator"])
    page = client.get("/dashboard/oost/?period=all").content.decode()
    assert f"<strong>{share}</strong>" in page
    assert f"<td>{share}</td>" in page  # the responsiveness table


def test_the_api_gives_the_same_share(client, today_set):
    body = client.get("/api/v1/statistics/?period=all").json()
    f = next(d for d in body["districts"] if d["slug"] == "oost")["figures"]
    assert (f["first_answers"], f["unanswered_past_deadline"], f["first_answers_due"]) == (2, 1, 3)
    assert f["first_answers_on_time"] == 1
    assert f["first_answers_on_time_share"] == pytest.approx(1 / 3)
    assert (f["first_answer_days_median"], f["first_answer_days_p90"]) == (6.5, 10.1)
    assert (f["outcome_days_median"], f["outcome_days_p90"], f["agreed"], f["not_agreed"]) == (16.5, 22.5, 1, 1)
    assert body["city"]["figures"]["first_answers_on_time_share"] == pytest.approx(1 / 3)


def test_how_we_count_says_so(client):
    page = client.get("/statistics/").content.decode()
    assert "A late answer and a missing answer both count against the municipality." in page
    assert "A dialogue without an answer whose deadline has not passed yet is not counted" in page


# -- a scan run with a moment in the future ------------------------------------------------------------------


def test_a_scan_in_the_future_does_not_escalate_today(oost):
    holidays = load_holidays()
    # O4 is due on 23 April. A scan "on" Monday 15 June escalates it (and O3), with events dated 15 June.
    call_command("scan_deadlines", now="2026-06-15T07:00+02:00", stdout=io.StringIO())
    ids = [District.objects.get(slug="oost").pk]
    dialogues = stats.filtered_dialogues(district_ids=ids, filters=all_time())
    turns = ("officials", "initiative", "coordinator")

    # Tuesday 28 April (27 April is King's Day): O4 is 2 working days late, not escalated yet; O3 is not either.
    today = at(28, 4, 12)
    figures, _open, bands = stats.overview(dialogues, all_time(), now=today, holidays=holidays, turns=turns)
    assert bands["up-to-5"] == {"count": 1, "escalated": 0, "long_overdue": 0}
    assert sum(band["escalated"] for band in bands.values()) == 0
    assert figures.escalations == 0
    assert stats.overdue_counts(dialogues, now=today, holidays=holidays)["up-to-5"]["escalated"] == 0
    listed = {d.pk: d.escalated_now for d in stats.overdue_dialogues(dialogues, now=today, holidays=holidays)}
    assert listed == {oost["O3"].pk: False, oost["O4"].pk: False}

    # On the scan's own day both are escalated, and neither is in the first band.
    then = datetime.fromisoformat("2026-06-15T07:00+02:00")
    figures, _open, bands = stats.overview(dialogues, all_time(), now=then, holidays=holidays, turns=turns)
    assert bands["up-to-5"]["count"] == 0
    assert bands["over-20"] == {"count": 2, "escalated": 2, "long_overdue": 2}
    assert figures.escalations == 2


# -- numbers in the page's language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["12,5" + NBSP + "%", "100" + NBSP + "%", "6,5", "7", "1234", "ja"]),
        ("en", ["12.5%", "100%", "6.5", "7", "1234", "yes"]),
    ],
)
def test_table_cells_use_the_language_s_decimal_mark(language, expected):
    with translation.override(language):
        assert [cell_text(c) for c in (Percent(12.5), Percent(100.0), Days(6.5), Days(7.0), 1234, True)] == expected


def chart_texts(chart) -> list[str]:
    import re

    svg = str(chart.svg)
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg) or re.findall(r">([^<>]{1,20})</text>", svg)


@pytest.mark.parametrize(("language", "label"), [("nl", "12,5" + NBSP + "%"), ("en", "12.5%")])
def test_chart_labels_use_the_language_s_decimal_mark(language, label):
    with translation.override(language):
        chart = charts.bar_chart(
            id="share", title="Binnen de termijn", labels=["Oost", "West"], series=[("Binnen", [12.5, 50.0])], unit="%"
        )
    assert label in chart_texts(chart)
    assert label in chart.description


@pytest.mark.parametrize("draw", [charts.bar_chart, charts.column_chart])
@pytest.mark.parametrize("values", [[0, 0], [None, None]])
def test_a_chart_of_zeros_has_a_plain_axis(draw, values):
    chart = draw(id="zeros", title="Niets", labels=["jan", "feb"], series=[("Geopend", values)])
    texts = chart_texts(chart)
    ticks = [t for t in texts if t not in ("jan", "feb", "–", "")]
    assert ticks and set(ticks) <= {"0", "1"}, texts  # not −0.060 −0.045 … 0.060
    assert not any("−" in t or "-" in t or "." in t for t in texts), texts


# -- spreadsheets -----------------------------------------------------------------------------------------------


def csv_rows(response, delimiter):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel reads the accents as UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


def workbook_rows(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_dutch_csv_opens_as_columns_in_dutch_excel(client, today_set):
    in_language(client, "nl", today_set["coordinator"])
    response = client.get("/dashboard/oost/?period=all&format=csv&table=responsiveness")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = csv_rows(response, ";")
    assert rows[0] == ["Cijfer", "Waarde"]
    assert all(len(row) == 2 for row in rows)  # every row splits into its two columns
    values = dict(rows[1:])
    assert values["Eerste antwoorden binnen de termijn"] == "33,3"
    assert values["Mediaan werkdagen tot een eerste antwoord"] == "6,5"
    assert values["Nog geen eerste antwoord, termijn voorbij"] == "1"


def test_english_csv_keeps_commas_and_points(client, today_set):
    in_language(client, "en", today_set["coordinator"])
    rows = csv_rows(client.get("/dashboard/oost/?period=all&format=csv&table=responsiveness"), ",")
    values = dict(rows[1:])
    assert (values["First answers within the deadline"], values["Median working days to a first answer"]) == (
        "33.3",
        "6.5",
    )


def test_every_table_as_xlsx_with_the_same_cells_as_the_csv(client, today_set):
    in_language(client, "en", today_set["coordinator"])
    page = client.get("/dashboard/oost/?period=all").content.decode()
    for name in (
        "responsiveness",
        "initiatives",
        "open",
        "overdue_bands",
        "outcomes",
        "departments",
        "support",
        "trends",
    ):
        assert f"format=csv&amp;table={name}" in page and f"format=xlsx&amp;table={name}" in page, name
        response = client.get(f"/dashboard/oost/?period=all&format=xlsx&table={name}")
        assert response["Content-Disposition"].endswith('.xlsx"'), name
        sheet, cells = workbook_rows(response)
        expected = csv_rows(client.get(f"/dashboard/oost/?period=all&format=csv&table={name}"), ",")
        assert len(cells) == len(expected), name
        for row, csv_row in zip(cells, expected, strict=True):
            assert [same_cell(v, text) for v, text in zip(row, csv_row, strict=True)] == [True] * len(row), (
                row,
                csv_row,
            )
        assert all(cell.font.bold for cell in sheet[1])  # a header row
    sheet, cells = workbook_rows(client.get("/dashboard/oost/?period=all&format=xlsx&table=responsiveness"))
    values = dict(cells[1:])
    assert values["First answers within the deadline"] == 33.3  # a number, not text
    assert values["Median working days to a first answer"] == 6.5
    assert values["Dialogues opened in the period"] == 5


def same_cell(value, text: str) -> bool:
    """Tell whether an .xlsx value and an English CSV text are the same cell (numbers compared as numbers)."""
    if value is None:
        return text == ""
    if isinstance(value, str):
        return ("'" + value if value[:1] in ("=", "+", "-", "@") else value) == text
    if isinstance(value, int | float):
        return value == float(text)
    if isinstance(value, datetime):
        return value.date().isoformat() == text
    return False


def test_a_formula_in_a_title_is_neutralised_in_both_formats(client, today_set):
    in_language(client, "en", today_set["coordinator"])
    rows = csv_rows(client.get("/dashboard/oost/overdue/?format=csv&table=overdue"), ",")
    assert rows[0][:3] == ["Initiative", "address", "District"]
    assert rows[1][0] == "'" + FORMULA_TITLE

    response = client.get("/dashboard/oost/overdue/?format=xlsx&table=overdue")
    sheet, cells = workbook_rows(response)
    title = sheet["A2"]
    assert (title.value, title.data_type, title.quotePrefix) == (FORMULA_TITLE, "s", True)  # text, kept as text
    assert cells[1][5] == datetime(2026, 3, 16)  # the deadline, a date
    assert isinstance(cells[1][6], int)  # working days overdue, a number
    with zipfile.ZipFile(io.BytesIO(response.content)) as workbook:
        assert all("<f>" not in workbook.read(n).decode() for n in workbook.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize(
    ("query", "status", "reason"),
    [
        ("format=pdf&table=responsiveness", 400, "A table can be downloaded as csv / xlsx"),
        ("format=xlsx&table=nope", 404, "There is no such table."),
        ("format=csv", 404, "responsiveness, initiatives"),
        ("format=xlsx&table=overdue", 404, "There is no such table."),  # only on the overdue list
    ],
)
def test_bad_export_values_say_why(client, today_set, query, status, reason):
    in_language(client, "en", today_set["coordinator"])
    response = client.get(f"/dashboard/oost/?{query}")
    assert response.status_code == status
    assert reason in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status"), [("format=xls&table=overdue", 400), ("format=xlsx&table=nope", 404), ("format=xlsx", 404)]
)
def test_bad_export_values_on_the_overdue_list(client, today_set, query, status):
    in_language(client, "en", today_set["coordinator"])
    assert client.get(f"/dashboard/oost/overdue/?{query}").status_code == status
    response = client.get("/dashboard/oost/overdue/?format=xlsx&table=overdue_bands")
    assert response.status_code == 200


def test_csv_of_a_small_table_in_dutch_and_english():
    table = Table(name="t", caption="T", columns=["Wijk", "Aandeel"], rows=[["Oost", Percent(12.5)], ["=1+1", 3]])
    with translation.override("nl"):
        body = csv_response(table, filename="t.csv").content.decode("utf-8-sig")
    assert body.splitlines() == ["Wijk;Aandeel", "Oost;12,5", "'=1+1;3"]
    with translation.override("en"):
        body = csv_response(table, filename="t.csv").content.decode("utf-8-sig")
    assert body.splitlines() == ["Wijk,Aandeel", "Oost,12.5", "'=1+1,3"]
