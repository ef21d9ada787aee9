import pytest

from seeding.demo import accounts as accounts_demo
from seeding.demo import support as demo
from support.models import Article, Event, Registration, Scheme, SupportRequest

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Scheme.objects.count(),
        Article.objects.count(),
        Event.objects.count(),
        Registration.objects.count(),
        SupportRequest.objects.count(),
    )


def test_demo_data_covers_every_state_and_loads_twice_without_change(settings):
    accounts_demo.seed(None)
    demo.seed(None)
    first = snapshot()
    demo.seed(None)
    assert snapshot() == first

    assert Scheme.objects.filter(is_example=False).count() == 0
    assert all(scheme.name.startswith("Voorbeeld:") for scheme in Scheme.objects.all())
    assert set(Article.objects.values_list("language", flat=True)) == {"nl", "en"}
    assert set(Article.objects.values_list("category", flat=True)) == {"subsidy", "support", "press", "municipality"}
    assert set(SupportRequest.objects.values_list("status", flat=True)) == set(SupportRequest.Status.values)
    assert SupportRequest.objects.filter(supporter__email="ondersteuner@example.org").count() == 4
    full = Event.objects.get(capacity=3)
    assert full.registrations.filter(status="confirmed").count() == 3
    assert full.registrations.filter(status="waitlisted").count() == 2
