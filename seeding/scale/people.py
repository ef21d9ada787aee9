"""The people of the city-scale set: coordinators and officials in every district, and the residents."""

from dataclasses import dataclass, field
from datetime import timedelta

from accounts.models import Role, User
from districts.models import Department
from seeding.scale.shape import (
    COORDINATORS_PER_DISTRICT,
    DEPARTMENTS_PER_DISTRICT,
    FIRST_NAMES,
    LAST_INITIALS,
    OFFICIALS_PER_DISTRICT,
)

# -- people ------------------------------------------------------------------------------------------------------


@dataclass
class Staff:
    coordinators: dict = field(default_factory=dict)  # district id → [User]
    officials: dict = field(default_factory=dict)  # district id → [(User, Role)]
    demo_official: dict = field(default_factory=dict)  # district id → (User, Role)
    board: dict = field(default_factory=dict)  # district id → [User]


def seed_staff(rng, districts, fraction) -> Staff:
    """Add departments, coordinators and officials to every district (next to the demo accounts, when present)."""
    staff = Staff()
    per_district = max(round(OFFICIALS_PER_DISTRICT * fraction), 4)
    titles = [Role.JobTitle.CIVIL_SERVANT] * 6 + [Role.JobTitle.AREA_MANAGER] * 3 + [Role.JobTitle.COUNCIL_MEMBER]
    new_users, new_roles = [], []
    for district in districts:
        departments = [
            Department.objects.get_or_create(name=f"{name} {district.name}", district=district)[0]
            for name in ("Gebiedsteam", "Openbare Ruimte", "Sociaal Team", "Wonen", "Verkeer", "Economie")[
                :DEPARTMENTS_PER_DISTRICT
            ]
        ]
        for n in range(COORDINATORS_PER_DISTRICT):
            user = User(email=f"coordinator{n}.{district.slug}@scale.example.org", display_name=_person(rng))
            new_users.append(user)
            new_roles.append((user, Role(kind=Role.Kind.COORDINATOR, district=district)))
        for n in range(per_district):
            user = User(email=f"official{n}.{district.slug}@scale.example.org", display_name=_person(rng))
            title = Role.JobTitle.BOARD_MEMBER if n == 0 else titles[n % len(titles)]
            new_users.append(user)
            new_roles.append(
                (
                    user,
                    Role(
                        kind=Role.Kind.OFFICIAL,
                        district=district,
                        department=departments[n % len(departments)],
                        job_title=title,
                    ),
                )
            )
    for user in new_users:
        user.set_unusable_password()
    User.objects.bulk_create(new_users, batch_size=1000)
    for user, role in new_roles:
        role.user = user
    Role.objects.bulk_create([role for _user, role in new_roles], batch_size=1000)
    roles = Role.objects.filter(kind__in=[Role.Kind.COORDINATOR, Role.Kind.OFFICIAL]).select_related(
        "user", "department"
    )
    for role in roles:
        if role.kind == Role.Kind.COORDINATOR:
            staff.coordinators.setdefault(role.district_id, []).append(role.user)
        elif role.job_title == Role.JobTitle.BOARD_MEMBER:
            staff.board.setdefault(role.district_id, []).append(role.user)
        else:
            staff.officials.setdefault(role.district_id, []).append((role.user, role))
            if role.user.email.startswith("ambtenaar."):
                staff.demo_official[role.district_id] = (role.user, role)
    for people in staff.officials.values():
        people.sort(key=lambda pair: pair[0].pk)
    return staff


def _person(rng) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}."


def seed_residents(writer, rng, count, now) -> list[int]:
    """Write `count` residents (who cannot log in: the benchmark makes its own sessions) and return their ids."""
    ids = writer.ids(User, count)
    password = "!scale-seed-no-login"
    rows = (
        (
            pk,
            password,
            None,
            False,
            f"bewoner{pk}@scale.example.org",
            _person(rng),
            rng.choice(("", "", "nl", "en")),
            False,
            True,
            now - timedelta(days=rng.randint(0, 1100)),
        )
        for pk in ids
    )
    columns = [
        "id",
        "password",
        "last_login",
        "is_superuser",
        "email",
        "display_name",
        "preferred_language",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    writer.write(User, columns, rows)
    return list(ids)
