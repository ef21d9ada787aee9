import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from accounts.selectors import user_roles
from seeding.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_data_has_an_account_for_every_role_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-accounts")
    users, roles = User.objects.count(), Role.objects.count()
    call_command("seed_demo", "--quiet-accounts")
    assert (User.objects.count(), Role.objects.count()) == (users, roles)

    assert set(Role.objects.values_list("kind", flat=True)) == set(Role.Kind.values)
    assert Role.objects.filter(kind=Role.Kind.COORDINATOR).values("district").distinct().count() == 8
    assert set(Role.objects.filter(kind=Role.Kind.OFFICIAL).values_list("job_title", flat=True)) >= {
        "civil_servant",
        "area_manager",
        "board_member",
    }
    resident = authenticate(email="bewoner@example.org", password=DEMO_PASSWORD)
    assert resident is not None and not user_roles(resident).is_staff_role
    coordinator = authenticate(email="coordinator.west@example.org", password=DEMO_PASSWORD)
    assert user_roles(coordinator).coordinator_of


def test_demo_data_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()
