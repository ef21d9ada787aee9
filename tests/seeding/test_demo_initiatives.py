import time
from io import StringIO

import pytest
from django.db.models import Count

from districts.models import District
from initiatives.models import Initiative, Support, Theme
from initiatives.selectors import initiative_timeline
from seeding.demo import accounts as accounts_demo
from seeding.demo import initiatives as demo

pytestmark = pytest.mark.django_db


def test_demo_initiatives_cover_every_district_theme_and_status_and_load_once():
    accounts_demo.seed(StringIO())
    started = time.monotonic()
    demo.seed(StringIO())
    assert time.monotonic() - started < 10

    assert 35 <= Initiative.objects.count() <= 45
    assert set(Initiative.objects.values_list("district", flat=True)) == set(
        District.objects.values_list("pk", flat=True)
    )
    assert not Theme.objects.annotate(n=Count("initiatives")).filter(n=0).exists()
    assert set(Initiative.objects.values_list("status", flat=True)) == set(Initiative.Status.values)

    counts = [i.supporter_count for i in Initiative.objects.public()]
    assert min(counts) == 0 and max(counts) >= 50
    for initiative in Initiative.objects.all():
        assert initiative.supporter_count == Support.objects.filter(initiative=initiative).count()
    accepted = Initiative.objects.filter(status="active").first()
    assert [str(e.label) for e in initiative_timeline(accepted, full=False)] == [
        "Submitted for intake",
        "Accepted: the initiative is public",
    ]

    before = (Initiative.objects.count(), Support.objects.count(), Initiative.history.count())
    demo.seed(StringIO())
    assert (Initiative.objects.count(), Support.objects.count(), Initiative.history.count()) == before
