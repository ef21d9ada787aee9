"""Give the load test its people and dialogues, through the real services, and print the plan as JSON.

Run against the load test's private database after `seed_demo` (bench/load/run.py does both):
residents with verified e-mail addresses (some own an initiative with an open dialogue, the rest support
initiatives), the demo officials (each leads two of those dialogues) and the demo coordinators.
"""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mokum.settings")
django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from dialogues.models import Dialogue  # noqa: E402
from dialogues.services import dialogue_open, dialogue_transition  # noqa: E402
from dialogues.workflow import Action as DialogueAction  # noqa: E402
from districts.models import District  # noqa: E402
from initiatives.models import Initiative, Theme  # noqa: E402
from initiatives.services import initiative_create, initiative_transition  # noqa: E402
from initiatives.workflow import Action as InitiativeAction  # noqa: E402
from seeding.demo.accounts import DEMO_PASSWORD, demo_email  # noqa: E402

DOMAIN = "load.example.org"
RESIDENTS = int(os.environ.get("LOAD_RESIDENTS", "60"))
DIALOGUES_PER_DISTRICT = 2


def resident(index: int, password: str) -> User:
    email = f"bewoner{index}@{DOMAIN}"
    user, _created = User.objects.get_or_create(
        email=email, defaults={"display_name": f"Bewoner {index}", "password": password, "preferred_language": "nl"}
    )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def main():
    password = make_password(DEMO_PASSWORD)
    people = [resident(index, password) for index in range(RESIDENTS)]
    districts = list(District.objects.order_by("slug"))
    theme = Theme.objects.order_by("pk").first()
    owners = iter(people)
    initiators, officials = [], {}
    for district in districts:
        coordinator = User.objects.get(email=demo_email(f"coordinator.{district.slug}"))
        official = User.objects.get(email=demo_email(f"ambtenaar.{district.slug}"))
        for number in range(DIALOGUES_PER_DISTRICT):
            owner = next(owners)
            initiative = initiative_create(
                owner=owner,
                themes=[theme] if theme else [],
                title=f"Buurtproject {district.name} {number + 1}",
                summary="Een plan van buren voor de eigen straat.",
                description="We willen samen met de buurt de straat groener en gezelliger maken.",
                ask="Mogen we de geveltuinen en bankjes zelf plaatsen en onderhouden?",
                district=district,
            )
            initiative = initiative_transition(initiative=initiative, action=InitiativeAction.SUBMIT, actor=owner)
            initiative_transition(initiative=initiative, action=InitiativeAction.ACCEPT, actor=coordinator)
            dialogue = dialogue_open(initiative=initiative, question=initiative.ask, actor=coordinator)
            dialogue = dialogue_transition(
                dialogue=dialogue,
                action=DialogueAction.ASSIGN,
                actor=coordinator,
                official=official,
                question=initiative.ask,
            )
            dialogue = dialogue_transition(
                dialogue=dialogue, action=DialogueAction.ANSWER, actor=official, text="Goed plan, we kijken mee."
            )
            initiators.append({"email": owner.email, "dialogue": dialogue.pk})
            officials.setdefault(official.email, []).append(dialogue.pk)
    supporters = [person.email for person in people[len(initiators) :]]
    plan = {
        "password": DEMO_PASSWORD,
        "residents": supporters,
        "initiators": initiators,
        "officials": [{"email": email, "dialogues": ids} for email, ids in officials.items()],
        "coordinators": [demo_email(f"coordinator.{district.slug}") for district in districts],
        "initiatives": list(Initiative.objects.public().filter(status="active").values_list("pk", flat=True)),
        "dialogues": list(
            Dialogue.objects.filter(initiative__in=Initiative.objects.public()).values_list("pk", flat=True)[:200]
        ),
        "districts": [district.slug for district in districts],
    }
    print(json.dumps(plan))


if __name__ == "__main__":
    main()
