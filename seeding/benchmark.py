"""The benchmark's key pages and the subjects they show, chosen the same way at every scale."""

from django.db.models import Count, Q

from accounts.models import Role, User
from dialogues.models import (
    OPEN_STATES,
    Dialogue,
)
from initiatives.models import Initiative
from seeding.scale.shape import SEARCH_WORD


def benchmark_subjects() -> dict:
    """Choose the subjects of the benchmark's pages the same way at every scale.

    An initiative page: an active initiative with a dialogue, at the 90th percentile of supporters. The
    dialogue page: one with exactly 50 messages, none internal, of a public initiative. The official: the demo
    civil servant with the fullest inbox (any official with open dialogues when the demo ones have none); the
    coordinator of the same district; a resident who is nobody's initiator.
    """
    public = Initiative.objects.public()
    with_dialogue = public.filter(status="active", dialogues__isnull=False).distinct().order_by("supporter_count", "pk")
    initiative = with_dialogue[int(with_dialogue.count() * 0.9)]
    dialogue = (
        Dialogue.objects.public()
        .annotate(n=Count("messages"), internal=Count("messages", filter=Q(messages__is_internal=True)))
        .filter(n=50, internal=0)
        .order_by("pk")
        .first()
    )
    open_assignments = Count(
        "dialogue_assignments",
        filter=Q(dialogue_assignments__ended_at__isnull=True, dialogue_assignments__dialogue__state__in=OPEN_STATES),
    )
    officials = User.objects.filter(roles__kind=Role.Kind.OFFICIAL).annotate(open=open_assignments)
    official = (
        officials.filter(email__startswith="ambtenaar.", open__gt=0).order_by("-open", "email").first()
        or officials.order_by("-open", "email").first()
    )
    district = Role.objects.filter(user=official, kind=Role.Kind.OFFICIAL).select_related("district").first().district
    coordinator = (
        User.objects.filter(roles__kind=Role.Kind.COORDINATOR, roles__district=district).order_by("email").first()
    )
    resident = (
        User.objects.filter(email__endswith="@scale.example.org", email__startswith="bewoner", initiator_links=None)
        .order_by("pk")
        .first()
    )
    lead = dialogue.assignments.get(is_lead=True, ended_at__isnull=True).official
    return {
        "initiative": initiative.pk,
        "initiative_supporters": initiative.supporter_count,
        "dialogue": dialogue.pk,
        "official": official.email,
        "official_open_dialogues": official.open,
        "coordinator": coordinator.email,
        "district": district.slug,
        "resident": resident.email,
        "lead": lead.email,
    }


def benchmark_pages(subjects: dict) -> list[dict]:
    """Return the benchmark's key pages: name, label, address and who asks (an e-mail address, None: a visitor)."""
    t = subjects
    return [
        {"name": "floor", "label": "floor: /ping", "url": "/ping", "who": None},
        {"name": "home", "label": "home", "url": "/", "who": None},
        {"name": "list", "label": "initiative list", "url": "/initiatives/", "who": None},
        {
            "name": "list_filtered",
            "label": "initiative list, district + theme + q",
            "url": f"/initiatives/?district={t['district']}&theme=greenery&q={SEARCH_WORD}",
            "who": None,
        },
        {"name": "initiative", "label": "initiative page", "url": f"/initiatives/{t['initiative']}/", "who": None},
        {"name": "dialogue", "label": "dialogue page, 50 messages", "url": f"/dialogues/{t['dialogue']}/", "who": None},
        {"name": "district", "label": "district page", "url": f"/districts/{t['district']}/", "who": None},
        {"name": "statistics", "label": "public statistics", "url": "/statistics/", "who": None},
        {"name": "api", "label": "API list (initiatives)", "url": "/api/v1/initiatives/", "who": None},
        {"name": "inbox", "label": "official's inbox (logged in)", "url": "/inbox/", "who": t["official"]},
        {
            "name": "dashboard",
            "label": "coordinator dashboard (logged in)",
            "url": f"/dashboard/{t['district']}/",
            "who": t["coordinator"],
        },
        {
            "name": "initiative_resident",
            "label": "initiative page (resident, logged in)",
            "url": f"/initiatives/{t['initiative']}/",
            "who": t["resident"],
        },
        {
            "name": "dialogue_official",
            "label": "dialogue page (its lead official, logged in)",
            "url": f"/dialogues/{t['dialogue']}/",
            "who": t["lead"],
        },
    ]
