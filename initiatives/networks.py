"""Reads about networks for their pages: the themes their initiatives share across districts, and which networks
are active in a district. Each in one query."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from initiatives.models import Initiative, Network, Theme
from mokum.prepared import PreparedQuery


@dataclass
class SharedTheme:
    theme: Theme
    initiatives: int
    districts: list[str]


def shared_themes(network) -> list[SharedTheme]:
    """Return the themes of the network's public initiatives, those found in most districts first."""
    Through = Initiative.themes.through
    rows = (
        Through.objects.filter(initiative__in=Initiative.objects.public().filter(network=network))
        .values("theme_id", "theme__slug", "initiative__district__name")
        .annotate(initiatives=Count("initiative_id"))
        .order_by()
    )
    themes: dict[int, SharedTheme] = {}
    for row in rows:
        shared = themes.setdefault(
            row["theme_id"], SharedTheme(Theme(pk=row["theme_id"], slug=row["theme__slug"]), 0, [])
        )
        shared.initiatives += row["initiatives"]
        shared.districts.append(row["initiative__district__name"])
    for shared in themes.values():
        shared.districts.sort()
    return sorted(themes.values(), key=lambda s: (-len(s.districts), -s.initiatives, str(s.theme)))


def _networks_active_in(district_id):
    here = Initiative.objects.public().filter(district_id=district_id)
    counted = here.filter(network=OuterRef("pk")).order_by().values("network").annotate(n=Count("pk")).values("n")
    working_here = Network.districts.through.objects.filter(district_id=district_id).values("network_id")
    return (
        Network.objects.filter(Q(pk__in=working_here) | Q(pk__in=here.values("network_id")))
        .annotate(initiatives_here=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
        .order_by("-initiatives_here", "name")
    )


# Compiled once per process (mokum/prepared.py): the district page shows it to every visitor.
NETWORKS_ACTIVE_IN = PreparedQuery(Network, _networks_active_in)


def networks_active_in(district) -> list:
    """Return the networks working in `district` or with public initiatives there, with their count there."""
    return NETWORKS_ACTIVE_IN(district.pk)
