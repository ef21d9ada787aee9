"""Demo accounts for every role, so a newcomer can try the platform from each side."""

from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from districts.models import Department, District

DEMO_PASSWORD = "mokum-demo-2026"
DEMO_DOMAIN = "example.org"

CITY_DEPARTMENTS = [
    "Openbare Ruimte en Groen",
    "Sociaal Domein",
    "Wonen",
    "Verkeer en Openbare Ruimte",
    "Duurzaamheid en Energie",
    "Kunst en Cultuur",
    "Jeugd en Onderwijs",
    "Openbare Orde en Veiligheid",
]

# One coordinator, one civil servant, one area manager and one board member per district.
DISTRICT_PEOPLE = {
    "centrum": ("Anouk de Wit", "Hassan Ouali", "Marieke Smit", "Peter Bos"),
    "west": ("Samira Haddou", "Jeroen Mulder", "Ayşe Demir", "Tom van Dijk"),
    "nieuw-west": ("Yusuf Kaya", "Esther de Boer", "Nadia Benali", "Karim Amrani"),
    "zuid": ("Charlotte Peeters", "Ravi Sewdien", "Eva Hendriks", "Bas Vermeulen"),
    "oost": ("Lisa Koster", "Omar Chaouch", "Femke Dekker", "Ingrid Jansen"),
    "noord": ("Daan Willems", "Mirjam Postma", "Stefan Brouwer", "Gerda Visser"),
    "zuidoost": ("Ricardo Doelwijt", "Grace Owusu", "Marcel Pinas", "Sharon Kromodimedjo"),
    "weesp": ("Wouter van Leeuwen", "Hanneke Boer", "Joris Kramer", "Annemiek Schouten"),
}

RESIDENTS = [
    ("bewoner", "Fatima El Amrani"),
    ("jan", "Jan de Vries"),
    ("priya", "Priya Ramdin"),
    ("kwame", "Kwame Mensah"),
    ("sanne", "Sanne Bakker"),
    ("mehmet", "Mehmet Yılmaz"),
    ("lotte", "Lotte Visser"),
    ("dewi", "Dewi Soeperman"),
]


def demo_email(local):
    return f"{local}@{DEMO_DOMAIN}"


@cache
def demo_password_hash():
    """Hash the demo password once; hashing is slow on purpose and every demo account shares it."""
    return make_password(DEMO_PASSWORD)


def ensure_user(local, display_name, *, language="nl", staff=False, superuser=False):
    """Create or refresh a demo account with a verified e-mail address and the demo password."""
    email = demo_email(local)
    user, _created = User.objects.get_or_create(
        email=email,
        defaults={
            "display_name": display_name,
            "preferred_language": language,
            "password": demo_password_hash(),
            "is_staff": staff or superuser,
            "is_superuser": superuser,
        },
    )
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def ensure_role(user, kind, district=None, department=None, job_title=""):
    Role.objects.get_or_create(
        user=user,
        kind=kind,
        district=district,
        defaults={"department": department, "job_title": job_title},
    )


@transaction.atomic
def seed(out):
    """Create the demo departments and an account for every role; return the rows to print."""
    for name in CITY_DEPARTMENTS:
        Department.objects.get_or_create(name=name, district=None)

    rows = []
    admin = ensure_user("admin", "Beheerder (demo)", superuser=True)
    rows.append((admin.email, "administrator (Django admin)"))

    city = ensure_user("stad", "Stadscoördinator (demo)", staff=True)
    ensure_role(city, Role.Kind.CITY_COORDINATOR)
    rows.append((city.email, "city coordinator"))

    coach = ensure_user("ondersteuner", "Mila Verbeek")
    for district in District.objects.all():
        ensure_role(coach, Role.Kind.SUPPORTER, district)
    rows.append((coach.email, "supporter (coach) in every district"))

    public_space = Department.objects.get(name="Openbare Ruimte en Groen", district=None)
    for district in District.objects.order_by("name"):
        coordinator_name, servant_name, manager_name, board_name = DISTRICT_PEOPLE[district.slug]
        area_team, _ = Department.objects.get_or_create(name=f"Gebiedsteam {district.name}", district=district)
        if not district.email:
            district.email = demo_email(f"platform.{district.slug}")
            district.save(update_fields=["email"])

        coordinator = ensure_user(f"coordinator.{district.slug}", coordinator_name, staff=True)
        ensure_role(coordinator, Role.Kind.COORDINATOR, district)
        servant = ensure_user(f"ambtenaar.{district.slug}", servant_name)
        ensure_role(servant, Role.Kind.OFFICIAL, district, public_space, Role.JobTitle.CIVIL_SERVANT)
        manager = ensure_user(f"gebiedsmanager.{district.slug}", manager_name)
        ensure_role(manager, Role.Kind.OFFICIAL, district, area_team, Role.JobTitle.AREA_MANAGER)
        board = ensure_user(f"bestuurder.{district.slug}", board_name)
        ensure_role(board, Role.Kind.OFFICIAL, district, area_team, Role.JobTitle.BOARD_MEMBER)
        rows += [
            (coordinator.email, f"district coordinator, {district.name}"),
            (servant.email, f"official (civil servant), {district.name}"),
            (manager.email, f"official (area manager), {district.name}"),
            (board.email, f"official (district board member), {district.name}"),
        ]

    for local, name in RESIDENTS:
        resident = ensure_user(local, name, language="en" if local == "priya" else "nl")
        rows.append((resident.email, "resident"))
    return rows
