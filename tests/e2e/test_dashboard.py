"""A coordinator reads the dashboard, filters by theme and period, opens the overdue list and exports CSV;
a visitor reads a district's public statistics. Every page passes axe."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.dashboard.factories import build_hand_set
from tests.e2e.helpers import log_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_dashboard_and_public_statistics(live_server, page, axe_check):
    hand = build_hand_set()
    hand.coordinator.preferred_language = "en"
    hand.coordinator.save()

    log_in_as(page, live_server, hand.coordinator)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/west/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard West")
    expect(page.get_by_role("img", name=re.compile("How the dialogues ended"))).to_be_visible()
    axe_check(page)

    # Filter: the greenery initiatives, March 2026.
    page.get_by_role("combobox", name="Theme").select_option("greenery")
    page.get_by_role("textbox", name="From").fill("2026-03-01")
    page.get_by_role("textbox", name="Up to and including").fill("2026-03-31")
    page.get_by_role("button", name="Show the figures").click()
    expect(page).to_have_url(re.compile(r"theme=greenery"))
    figures = page.locator(".stat-facts").first
    expect(figures).to_contain_text("100%")  # both first answers within the deadline
    expect(figures).to_contain_text("1 agreed, 1 partly agreed, 0 not agreed")
    table = page.get_by_role("table", name="Responsiveness in figures")
    expect(table.get_by_role("row", name=re.compile("Dialogues opened in the period"))).to_contain_text("2")
    axe_check(page)

    # The CSV of the filtered table, fetched with the page's own session.
    link = page.get_by_role("link", name="Download as CSV: Responsiveness in figures")
    response = page.request.get(live_server.url + "/dashboard/west/" + link.get_attribute("href"))
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "Dialogues opened in the period,2" in response.text()

    # The overdue list, for every theme.
    page.get_by_role("link", name="Open the overdue list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overdue dialogues in West")
    page.get_by_role("combobox", name="Theme").select_option("")
    page.get_by_role("button", name="Show the figures").click()
    rows = page.get_by_role("table", name="Overdue dialogues, most overdue first").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Woongroep")
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV: Overdue dialogues, most overdue first").click()
    assert re.fullmatch(r"kracht-van-mokum-west-overdue-\d{4}-\d\d-\d\d\.csv", download.value.suggested_filename)
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("Initiative,address,District")
    assert content.count("Woongroep") == 3
    # The same table as an Excel file: a header row and the same three dialogues.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Excel (.xlsx): Overdue dialogues, most overdue first").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Initiative", "address", "District")
    assert [row[0] for row in rows[1:]] == ["Woongroep"] * 3

    # A visitor reads the public statistics of West on the district's page.
    page.context.clear_cookies()
    page.goto(live_server.url + "/districts/west/")
    page.get_by_role("button", name="English").click()
    section = page.get_by_role("region", name="How responsive is the municipality in West?")
    expect(section).to_be_visible()
    expect(section.locator(".stat-facts")).to_contain_text("First answers within the deadline")
    expect(section.get_by_role("table", name="How the dialogues opened in the period ended")).to_be_visible()
    expect(section).not_to_contain_text("@")
    axe_check(page)
    page.get_by_role("link", name="How we count, all districts compared, and other periods").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How responsive is the municipality?")
    axe_check(page)
