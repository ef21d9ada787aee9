"""Demo data: neighbours' reactions, needs with offers in every state, and a resident's skills (idempotent)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from connect.models import HelperProfile, HelperSkill, Need, Offer, Reaction
from initiatives.models import Initiative
from seeding.demo.accounts import demo_email
from seeding.paths import OFFER_PATHS
from seeding.player import OFFER_TABLE, final_state

REACTIONS = [
    ("jan", "Wat een goed plan! Ik woon om de hoek en doe graag mee.", "priya", "Ik ook, zaterdag kan ik."),
    ("kwame", "Denk ook aan een bankje voor de ouderen in de straat.", None, None),
]
NEEDS = [
    ("hands", "", "Vier mensen om zaterdag tegels te wippen", 10, [("sanne", "accepted"), ("mehmet", "offered")]),
    ("skill", "design", "Iemand die een affiche voor de buurtavond ontwerpt", None, [("lotte", "offered")]),
    ("materials", "", "Plantenbakken en potgrond", None, []),
    ("space", "", "Een zaal voor de buurtavond, voor zo'n 40 mensen", 21, [("dewi", "declined")]),
]


def _person(local):
    return User.objects.filter(email=demo_email(local)).first()


@transaction.atomic
def seed(out):
    """Add reactions and needs to the first active demo initiatives, once."""
    if Reaction.objects.exists() or Need.objects.exists():
        return []
    initiatives = list(Initiative.objects.public().filter(status=Initiative.Status.ACTIVE).order_by("pk")[:2])
    if not initiatives:
        return []
    now = timezone.now()
    for initiative in initiatives:
        for author, text, replier, reply in REACTIONS:
            reaction = Reaction.objects.create(
                initiative=initiative, author=_person(author), body=text, created_at=now - timedelta(days=3)
            )
            if replier:
                Reaction.objects.create(
                    initiative=initiative,
                    author=_person(replier),
                    parent=reaction,
                    body=reply,
                    created_at=now - timedelta(days=2),
                )
    for kind, skill, text, in_days, offers in NEEDS:
        needed_on = timezone.localdate(now) + timedelta(days=in_days) if in_days else None
        need = Need.objects.create(initiative=initiatives[0], kind=kind, skill=skill, text=text, needed_on=needed_on)
        for helper, state in offers:
            Offer.objects.create(
                need=need,
                helper=_person(helper),
                # The state its path reaches in the offer's transition table.
                state=final_state(OFFER_TABLE, Offer.State.OFFERED, OFFER_PATHS[state]),
                message="Ik help graag. Bel of mail me maar.",
                decided_at=None if state == "offered" else now,
            )
    sanne = _person("sanne")
    if sanne is not None:
        HelperProfile.objects.get_or_create(
            user=sanne, defaults={"district": initiatives[0].district, "hear_about_needs": True}
        )
        HelperSkill.objects.get_or_create(user=sanne, skill=Need.Skill.DESIGN)
    return []
