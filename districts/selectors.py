from django.db.models import Q

from accounts.models import Role
from districts.models import District


def district_list():
    """Return every district with its areas, for overview pages."""
    return District.objects.prefetch_related("areas")


def district_public_people(district):
    """Return the display names of the coordinators and board members of `district`."""
    people = (
        Role.objects.filter(district=district)
        .filter(Q(kind=Role.Kind.COORDINATOR) | Q(kind=Role.Kind.OFFICIAL, job_title=Role.JobTitle.BOARD_MEMBER))
        .select_related("user")
        .order_by("user__display_name")
    )
    return {
        "coordinators": [r.user.display_name for r in people if r.kind == Role.Kind.COORDINATOR],
        "board_members": [r.user.display_name for r in people if r.kind == Role.Kind.OFFICIAL],
    }
