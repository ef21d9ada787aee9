"""Who hears about what happens in a dialogue, and how the notification names the dialogue."""

from accounts.models import Role, User
from dialogues.models import Dialogue
from dialogues.muting import notifications_are_muted
from dialogues.rules import active_assignments
from initiatives.models import Follow
from notifications.services import notify


def dialogue_title(dialogue) -> str:
    """Return how notifications name a dialogue: its initiative, and its question when the initiative has more."""
    title = dialogue.initiative.title
    if Dialogue.objects.filter(initiative_id=dialogue.initiative_id).exclude(pk=dialogue.pk).exists():
        question = " ".join(dialogue.question.split())
        short = question if len(question) <= 60 else question[:59].rstrip() + "…"
        return f"{title}: {short}"
    return title


def initiators_of(dialogue):
    """Return the initiators of the dialogue's initiative."""
    return list(User.objects.filter(initiator_links__initiative_id=dialogue.initiative_id))


def officials_of(dialogue):
    """Return the officials assigned to the dialogue now."""
    ids = [a.official_id for a in active_assignments(dialogue) if a.official_id]
    return list(User.objects.filter(pk__in=ids))


def coordinators_of(dialogue):
    """Return the coordinators of the dialogue's district."""
    return list(User.objects.filter(roles__kind=Role.Kind.COORDINATOR, roles__district_id=dialogue.district_id))


def followers_of(dialogue):
    """Return the people who follow the dialogue's initiative."""
    return list(User.objects.filter(pk__in=Follow.objects.filter(initiative_id=dialogue.initiative_id).values("user")))


def announce(kind, people, actor, dialogue, params, key):
    """Notify `people` of `kind`, except the actor who caused it (nobody while muted)."""
    if notifications_are_muted():
        return
    recipients = [person for person in people if actor is None or person.pk != actor.pk]
    if recipients:
        notify(
            recipients=recipients,
            kind=kind,
            params={"title": dialogue_title(dialogue), "district": dialogue.district.name, **params},
            url=dialogue.get_absolute_url(),
            dedupe_key=key,
        )
