import pytest

from accounts.models import User
from dialogues.models import Dialogue
from initiatives.models import Initiative
from seeding.scale import seed_scale


def remove_scale_data():
    """Delete what seed_scale wrote (the demo accounts and the data migrations' rows stay)."""
    from notifications.models import ReminderSent

    ReminderSent.objects.all().delete()
    Dialogue.objects.all().delete()
    Initiative.objects.all().delete()
    User.objects.filter(email__endswith="@scale.example.org").delete()


@pytest.fixture
def seeded():
    """Seed the city-scale data set at a fraction (tiny, for tests); seed again at another with `seeded(f)`."""

    def seed(fraction, seed=2026):
        if Initiative.objects.exists():
            remove_scale_data()
        return seed_scale(fraction=fraction, seed=seed)

    return seed
