"""The dashboard, its overdue list and exports, and the public statistics pages, as people use them."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from dashboard.tables import guard_formula
from districts.models import District
from initiatives.models import Initiative
from tests.accounts.factories import UserFactory, city_coordinator, coordinator, official, supporter
from tests.dashboard.factories import INTERNAL_NOTE, build_hand_set
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db

MARCH = "start=2026-03-01&end=2026-03-31"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def person(role):
    return {
        "visitor": lambda: AnonymousUser(),
        "resident": UserFactory,
        "initiator": lambda: owner_of(InitiativeFactory()),
        "official": lambda: official("west"),
        "supporter": lambda: supporter("west"),
        "coordinator_oost": lambda: coordinator("oost"),
        "coordinator_west": lambda: coordinator("west"),
        "city": city_coordinator,
    }[role]()


def get_as(client, role, url):
    user = person(role)
    if user.is_authenticated:
        client.force_login(user)
    return client.get(url)


ROLES = ["visitor", "resident", "initiator", "official", "supporter", "coordinator_oost", "coordinator_west", "city"]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/dashboard/west/", {"coordinator_west", "city"}),
        ("/dashboard/west/overdue/", {"coordinator_west", "city"}),
        ("/dashboard/west/?format=csv&table=outcomes", {"coordinator_west", "city"}),
        ("/dashboard/overdue/", {"city"}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_dashboard(client, role, url, allowed):
    response = get_as(client, role, url)
    if role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (200 if role in allowed else 403), role


@pytest.mark.parametrize(
    ("role", "expected"),
    [("resident", 403), ("official", 403), ("supporter", 403), ("city", 200), ("coordinator_west", 302)],
)
def test_dashboard_entry(client, role, expected):
    response = get_as(client, role, "/dashboard/")
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == "/dashboard/west/"


def test_a_coordinator_of_oost_is_refused_the_dashboard_of_west(client):
    client.force_login(coordinator("oost"))
    assert client.get("/dashboard/oost/").status_code == 200
    for url in ("/dashboard/west/", "/dashboard/west/overdue/", "/dashboard/west/?format=csv&table=overdue_bands"):
        assert client.get(url).status_code == 403


def test_a_coordinator_of_two_districts_chooses(client):
    user = coordinator("west")
    Role.objects.create(user=user, kind=Role.Kind.COORDINATOR, district=District.objects.get(slug="oost"))
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert 'href="/dashboard/west/"' in response.content.decode()
    assert 'href="/dashboard/oost/"' in response.content.decode()


def test_unknown_district_is_404(client):
    client.force_login(city_coordinator())
    assert client.get("/dashboard/atlantis/").status_code == 404


@pytest.fixture
def hand():
    return build_hand_set()


@pytest.fixture
def west_client(client, hand):
    hand.coordinator.preferred_language = "en"  # the headings below are the English source texts
    hand.coordinator.save()
    client.force_login(hand.coordinator)
    return client


def rows_of(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_dashboard_shows_the_figures_with_charts_and_tables(west_client):
    response = west_client.get(f"/dashboard/west/?{MARCH}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>60%</strong>" in page  # first answers within the deadline: 3 of 5 due (D5 unanswered)
    assert page.count('role="img"') >= 4  # every chart is an image with a text alternative …
    assert '<title id="chart-outcomes-title">' in page
    assert '<th scope="row">Concluded: agreed</th>' in page  # … beside its table
    assert "format=csv&amp;table=responsiveness" in page
    assert INTERNAL_NOTE not in page


def test_csv_of_the_responsiveness_table(west_client):
    response = west_client.get(f"/dashboard/west/?{MARCH}&format=csv&table=responsiveness")
    assert re.fullmatch(
        r'attachment; filename="kracht-van-mokum-west-responsiveness-\d{4}-\d\d-\d\d\.csv"',
        response["Content-Disposition"],
    )
    rows = rows_of(response)
    assert rows[0] == ["Figure", "Value"]
    values = dict(rows[1:])
    assert values["Dialogues opened in the period"] == "7"
    assert values["First answers within the deadline"] == "60.0"
    assert values["No first answer yet, past the deadline"] == "1"
    assert values["First answers due (given, or past the deadline)"] == "5"
    assert values["Median working days to a first answer"] == "7.0"
    assert values["90% of first answers came within (working days)"] == "11.4"
    assert values["Median working days to an outcome"] == "14.0"
    assert values["90% of outcomes came within (working days)"] == "22.0"
    assert values["Escalations to the coordinator"] == "1"


def test_csv_of_outcomes_keeps_not_agreed_apart(west_client):
    rows = rows_of(west_client.get(f"/dashboard/west/?{MARCH}&format=csv&table=outcomes"))
    assert rows[1:] == [
        ["Concluded: agreed", "1", "14.3"],
        ["Concluded: partly agreed", "1", "14.3"],
        ["Concluded: not agreed", "1", "14.3"],
        ["Closed by the coordinator", "1", "14.3"],
        ["Withdrawn by the initiative", "1", "14.3"],
        ["Still open", "2", "28.6"],
    ]


def test_csv_of_departments_follows_the_minimum(west_client):
    District.objects.filter(slug="west").update(ranking_minimum=4)
    rows = rows_of(west_client.get(f"/dashboard/west/?{MARCH}&format=csv&table=departments"))
    assert [row[0] for row in rows[1:]] == ["Afdeling A"]
    assert rows[1][1:6] == ["4", "4", "0", "75.0", "7.0"]


def test_filters_by_theme_and_department(west_client, hand):
    theme = west_client.get(f"/dashboard/west/?{MARCH}&theme=greenery&format=csv&table=responsiveness")
    assert dict(rows_of(theme)[1:])["Dialogues opened in the period"] == "2"
    department = hand.lead_b.roles.get().department
    by_department = west_client.get(f"/dashboard/west/?{MARCH}&department={department.pk}&format=csv&table=outcomes")
    assert rows_of(by_department)[4] == ["Closed by the coordinator", "1", "33.3"]


def test_the_overdue_list_and_its_csv(west_client, hand):
    Initiative.objects.filter(title="Woongroep").update(title='=HYPERLINK("https://example.com","klik")')
    page = west_client.get("/dashboard/west/overdue/")
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 3
    html = page.content.decode()
    assert f'href="/dialogues/{hand.dialogues[5].pk}/"' in html
    rows = rows_of(west_client.get("/dashboard/west/overdue/?format=csv&table=overdue"))
    assert rows[0][:3] == ["Initiative", "address", "District"]
    assert len(rows) == 4
    # A title that a spreadsheet would run as a formula is written as text.
    assert all(row[0].startswith("'=HYPERLINK") for row in rows[1:])
    assert {row[1] for row in rows[1:]} == {f"http://testserver/dialogues/{hand.dialogues[n].pk}/" for n in (4, 5, 8)}
    column = rows[0].index("Escalated")
    escalated = {row[1].rsplit("/", 2)[-2]: row[column] for row in rows[1:]}
    assert escalated[str(hand.dialogues[5].pk)] == "yes"
    assert escalated[str(hand.dialogues[4].pk)] == "no"


def test_the_overdue_list_by_band(west_client):
    response = west_client.get("/dashboard/west/overdue/?band=over-20")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3  # months ago, all three are far past their deadline
    assert west_client.get("/dashboard/west/overdue/?band=6-10").context["page"].paginator.count == 0
    assert west_client.get("/dashboard/west/overdue/?band=nonsense").context["page"].paginator.count == 3


def test_an_unknown_table_is_404(west_client):
    assert west_client.get("/dashboard/west/?format=csv&table=nope").status_code == 404
    assert west_client.get("/dashboard/west/overdue/?format=csv&table=nope").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-13-45", "Enter a valid date."),
        ("start=2026-03-31&end=2026-03-01", "The end date comes before the start date."),
        ("start=1800-01-01", "Choose a date between 2000 and 2100."),
        ("theme=<script>", "Select a valid choice."),
        ("department=999999", "Select a valid choice."),
    ],
)
def test_bad_filters_give_a_clear_error_not_a_500(west_client, query, message):
    response = west_client.get(f"/dashboard/west/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_city_dashboard_compares_districts(client, hand):
    city = city_coordinator()
    city.preferred_language = "en"
    city.save()
    client.force_login(city)
    response = client.get(f"/dashboard/?{MARCH}")
    assert response.status_code == 200
    rows = rows_of(client.get(f"/dashboard/?{MARCH}&format=csv&table=districts"))
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == set(District.objects.values_list("name", flat=True))
    assert by_name["West"][2:7] == ["7", "4", "1", "60.0", "7.0"]
    assert by_name["Oost"][2] == "0"
    assert client.get("/dashboard/?format=csv&table=districts")["Content-Disposition"].startswith(
        'attachment; filename="kracht-van-mokum-amsterdam-districts-'
    )


@pytest.mark.parametrize("text", ["=1+1", "+31 20 1234", "-2", "@SUM(A1)", "\tx"])
def test_formula_guard(text):
    assert guard_formula(text).startswith("'")
    assert guard_formula("Gewone tekst") == "Gewone tekst"


# -- the public pages --------------------------------------------------------------------------------------


def personal_data(hand):
    """Return every e-mail address and name of staff in the data set: none may appear in public figures."""
    from accounts.models import User

    emails = set(User.objects.values_list("email", flat=True))
    names = {hand.lead_a.display_name, hand.lead_b.display_name}
    return emails, names


@pytest.mark.parametrize(
    "query", ["", MARCH, "period=all", "period=month", "theme=greenery&period=3m", "start=2026-13-01", "department=1"]
)
def test_no_personal_data_on_any_public_statistics_page(client, hand, query):
    emails, names = personal_data(hand)
    pages = [f"/statistics/?{query}"] + [
        f"/districts/{slug}/" for slug in District.objects.values_list("slug", flat=True)
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        if url.startswith("/districts/"):
            # The district's own contact block above (its platform address) is not part of the figures.
            page = page[page.index('aria-labelledby="statistics-title"') : page.index('aria-labelledby="areas-title"')]
        assert not EMAIL.search(page), url
        assert not any(name in page for name in names), url
        assert not any(email in page for email in emails), url
        assert INTERNAL_NOTE not in page, url


def test_public_statistics_page(client, hand):
    response = client.get(f"/statistics/?{MARCH}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>60%</strong>" in page
    assert 'id="how-title"' in page
    emails, names = personal_data(hand)
    assert not EMAIL.search(page)
    assert not any(name in page for name in names)
    assert INTERNAL_NOTE not in page
    assert "department" not in response.context["form"].fields  # departments are figures here, not a filter


def test_public_statistics_of_a_district_on_its_page(client, hand):
    District.objects.filter(slug="west").update(ranking_minimum=4)
    response = client.get("/districts/west/")
    page = response.content.decode()
    assert response.status_code == 200
    section = page[page.index('aria-labelledby="statistics-title"') : page.index('aria-labelledby="areas-title"')]
    # The last 12 months up to today include March 2026 (and January, opened before that period starts or not).
    statistics = response.context["statistics"]
    assert statistics.figures.agreed == 1 and statistics.figures.not_agreed == 1
    assert "Afdeling A" in section and "Afdeling B" not in section  # B has 3 dialogues, fewer than 4
    emails, names = personal_data(hand)
    assert not EMAIL.search(section)
    assert not any(name in section for name in names)
    assert INTERNAL_NOTE not in page
    assert 'href="/statistics/"' in page


def test_the_footer_links_the_statistics(client):
    assert 'href="/statistics/"' in client.get("/").content.decode()
