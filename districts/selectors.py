from django.db.models import Q

from accounts.models import Role
from districts.models import District
from mokum.prepared import PreparedQuery


def district_list():
    """Return every district with its areas, for overview pages."""
    return District.objects.prefetch_related("areas")


def _public_roles(district_id):
    return (
        Role.objects.filter(district_id=district_id)
        .filter(Q(kind=Role.Kind.COORDINATOR) | Q(kind=Role.Kind.OFFICIAL, job_title=Role.JobTitle.BOARD_MEMBER))
        .select_related("user")
        .order_by("user__display_name")
    )


# Compiled once per process (mokum/prepared.py): the district page shows them to every visitor.
PUBLIC_ROLES = PreparedQuery(Role, _public_roles)


def district_public_people(district):
    """Return the display names of the coordinators and board members of `district`."""
    people = PUBLIC_ROLES(district.pk)
    return {
        "coordinators": [r.user.display_name for r in people if r.kind == Role.Kind.COORDINATOR],
        "board_members": [r.user.display_name for r in people if r.kind == Role.Kind.OFFICIAL],
    }
