from datetime import date, timedelta

import pytest

from districts.models import District
from initiatives.models import Theme
from support.models import SupportRequest
from support.selectors import (
    article_list,
    schemes_for_initiative,
    schemes_matching,
    support_request_counts,
    support_requests_due,
)
from tests.accounts.factories import supporter
from tests.initiatives.factories import InitiativeFactory
from tests.support.factories import ArticleFactory, SchemeFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
S = SupportRequest.Status


def names(schemes):
    return sorted(scheme.name for scheme in schemes)


def match(district="west", themes=("greenery",), today=TODAY):
    return names(
        schemes_matching(
            district=District.objects.get(slug=district),
            themes=Theme.objects.filter(slug__in=themes),
            today=today,
        )
    )


def test_schemes_match_by_district_or_city_wide():
    SchemeFactory(name="West", districts=["west"])
    SchemeFactory(name="West en Zuid", districts=["west", "zuid"])
    SchemeFactory(name="Zuid", districts=["zuid"])
    SchemeFactory(name="Stad")
    assert match("west") == ["Stad", "West", "West en Zuid"]
    assert match("noord") == ["Stad"]


def test_schemes_match_when_they_share_at_least_one_theme():
    SchemeFactory(name="Groen", themes=["greenery"])
    SchemeFactory(name="Groen en energie", themes=["greenery", "energy"])
    SchemeFactory(name="Cultuur", themes=["culture"])
    assert match(themes=["greenery", "youth"]) == ["Groen", "Groen en energie"]
    assert match(themes=["energy"]) == ["Groen en energie"]
    assert match(themes=[]) == []


def test_schemes_match_only_while_open():
    SchemeFactory(name="Doorlopend")
    SchemeFactory(name="Deadline vandaag", deadline=TODAY)
    SchemeFactory(name="Deadline morgen", deadline=TODAY + timedelta(days=1))
    SchemeFactory(name="Deadline gisteren", deadline=TODAY - timedelta(days=1))
    SchemeFactory(name="Opent morgen", opens_on=TODAY + timedelta(days=1))
    SchemeFactory(name="Open sinds vandaag", opens_on=TODAY, deadline=TODAY + timedelta(days=30))
    SchemeFactory(name="Niet gepubliceerd", published=False)
    assert match() == ["Deadline morgen", "Deadline vandaag", "Doorlopend", "Open sinds vandaag"]
    assert "Opent morgen" in match(today=TODAY + timedelta(days=1))


def test_an_initiatives_schemes_use_its_district_and_themes():
    initiative = InitiativeFactory(themes=["energy"], district=District.objects.get(slug="noord"))
    SchemeFactory(name="Energie Noord", themes=["energy"], districts=["noord"])
    SchemeFactory(name="Energie West", themes=["energy"], districts=["west"])
    SchemeFactory(name="Groen Noord", themes=["greenery"], districts=["noord"])
    assert names(schemes_for_initiative(initiative, today=TODAY)) == ["Energie Noord"]


def test_requests_due_are_the_open_assigned_ones_due_by_the_date():
    coach = supporter("west")
    due = SupportRequestFactory(status=S.ASSIGNED, supporter=coach, due_date=TODAY)
    overdue = SupportRequestFactory(status=S.IN_PROGRESS, supporter=coach, due_date=TODAY - timedelta(days=3))
    SupportRequestFactory(status=S.ASSIGNED, supporter=coach, due_date=TODAY + timedelta(days=1))
    SupportRequestFactory(status=S.DONE, supporter=coach, due_date=TODAY - timedelta(days=1), closing_note="Klaar.")
    SupportRequestFactory()
    assert list(support_requests_due(on_date=TODAY)) == [overdue, due]


def test_counts_per_district_for_the_dashboard(django_assert_num_queries):
    coach = supporter("west")
    west, zuid, noord = (District.objects.get(slug=slug) for slug in ("west", "zuid", "noord"))
    SupportRequestFactory()
    SupportRequestFactory()
    SupportRequestFactory(status=S.ASSIGNED, supporter=coach, due_date=TODAY - timedelta(days=1))
    SupportRequestFactory(status=S.IN_PROGRESS, supporter=coach, due_date=TODAY)
    SupportRequestFactory(status=S.DONE, supporter=coach, due_date=TODAY - timedelta(days=9), closing_note="Klaar.")
    SupportRequestFactory(initiative=InitiativeFactory(district=zuid))
    with django_assert_num_queries(1):
        counts = support_request_counts(district_ids=[west.pk, noord.pk], today=TODAY)
    assert counts[west.pk].new == 2
    assert (counts[west.pk].assigned, counts[west.pk].in_progress, counts[west.pk].overdue) == (1, 1, 1)
    assert counts[west.pk].open == 4
    assert counts[noord.pk].open == 0
    assert zuid.pk not in counts


def test_guides_in_the_current_language_come_first_and_drafts_stay_hidden():
    ArticleFactory(title="B English", language="en")
    ArticleFactory(title="A Nederlands", language="nl")
    ArticleFactory(title="C Nederlands", language="nl")
    ArticleFactory(title="Concept", language="nl", published=False)
    assert [a.title for a in article_list(language="en")] == ["B English", "A Nederlands", "C Nederlands"]
    assert [a.title for a in article_list(language="nl")] == ["A Nederlands", "C Nederlands", "B English"]
