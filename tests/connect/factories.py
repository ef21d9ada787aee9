from connect.models import Need, Offer, Reaction
from tests.accounts.factories import UserFactory


def reaction_on(initiative, *, author=None, parent=None, body="Goed plan, ik doe mee!", **extra):
    """Add a reaction to `initiative` directly (test set-up; the services are tested on their own)."""
    return Reaction.objects.create(
        initiative=initiative, author=author or UserFactory(), parent=parent, body=body, **extra
    )


def need_of(initiative, *, kind="hands", skill="", text="Handen om zaterdag het hek te verven", **extra):
    return Need.objects.create(initiative=initiative, kind=kind, skill=skill, text=text, **extra)


def offer_on(need, *, helper=None, state="offered", show_name=True, message="Ik kan zaterdag de hele dag."):
    return Offer.objects.create(
        need=need, helper=helper or UserFactory(), state=state, show_name=show_name, message=message
    )
