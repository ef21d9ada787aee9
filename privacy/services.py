"""Every write about personal data: erasing an account, logging who looked. Views, admin and tasks call these."""

import logging
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from accounts.selectors import user_roles
from connect.models import HelperProfile, HelperSkill, Offer, ReactionReport
from dialogues.models import ENDED_STATES, Commitment, DialogueAssignment, DialogueEvent, Message, Outcome
from dialogues.services import dialogue_transition
from inbound.models import AwayNotice, InboundMail
from initiatives.models import Follow, Initiator, Invitation, JoinRequest, NetworkMembership, Report, Support
from initiatives.services import initiative_transition
from initiatives.workflow import TRANSITIONS, Action
from notifications.models import Notification, NotificationPreference, ReminderSent
from notifications.services import absolute_url, notify
from privacy.models import AccessLog, Erasure, InactivityWarning
from support.models import Registration
from support.services import registration_cancel

logger = logging.getLogger(__name__)

# How the public record names someone whose account is gone (stored in the site's default language where a
# name has to be stored; pages show it translated where they can).
FORMER_PARTICIPANT = gettext_lazy("a former participant")


class PrivacyError(Exception):
    """A request the platform refuses, with a message for the person who made it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def needs_administrator(user: User) -> bool:
    """Tell whether only an administrator may end `user`'s account: staff roles speak for the municipality."""
    return user.is_staff or user.is_superuser or Role.objects.filter(user=user).exists()


def _former():
    with translation.override(settings.LANGUAGE_CODE):
        return str(FORMER_PARTICIPANT)


def _role_words(job_title: str, department: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        words = [str(Role.JobTitle(job_title).label)] if job_title else [str(_("official"))]
    if department:
        words.append(department)
    return ", ".join(words)[:120]


def _hand_over_initiatives(user, *, now) -> dict:
    """Pass shared initiatives to the other initiators; withdraw a lone initiator's initiatives."""
    passed = withdrawn = 0
    links = Initiator.objects.filter(user=user).select_related("initiative__district").order_by("id")
    for link in links:
        initiative = link.initiative
        others = list(initiative.initiator_links.exclude(user=user).order_by("joined_at", "id"))
        if others:
            link.delete()
            if link.role == Initiator.Role.OWNER:
                heir = others[0]
                heir.role = Initiator.Role.OWNER
                heir.save(update_fields=["role"])
            passed += 1
            continue
        if (initiative.status, Action.WITHDRAW) not in TRANSITIONS:
            continue  # it has ended already; it stays, under "a former participant"
        was_public = initiative.is_public
        reason = _("The initiator deleted their account.")
        for dialogue in initiative.dialogues.exclude(state__in=ENDED_STATES):
            dialogue_transition(dialogue=dialogue, action="withdraw", actor=user, reason=reason, now=now)
        initiative_transition(initiative=initiative, action=Action.WITHDRAW, actor=user, now=now)
        withdrawn += 1
        if was_public:
            followers = User.objects.filter(follows__initiative=initiative).exclude(pk=user.pk)
            coordinators = User.objects.filter(
                roles__kind=Role.Kind.COORDINATOR, roles__district_id=initiative.district_id, is_active=True
            )
            notify(
                recipients=list({person.pk: person for person in [*followers, *coordinators]}.values()),
                kind="privacy_initiative_withdrawn_erased",
                params={"title": initiative.title, "district": initiative.district.name},
                url=initiative.get_absolute_url(),
                dedupe_key=f"initiative-{initiative.pk}-withdrawn-erased",
            )
    return {"initiatives_passed_on": passed, "initiatives_withdrawn": withdrawn}


def _cancel_future_registrations(user, *, now) -> int:
    count = 0
    future = Registration.objects.filter(user=user, event__ends_at__gt=now).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in future:
        registration_cancel(registration=registration, actor=user, now=now)
        count += 1
    return count


def _scrub_params(model, values: set[str], replacement: str) -> int:
    """Replace `values` (a name, an address) wherever they are a value in the `params` JSON of `model`."""
    values = {value for value in values if value}
    if not values:
        return 0
    query = Q()
    for value in values:
        query |= Q(params_text__icontains=value)
    changed = 0
    for row in model.objects.annotate(params_text=Cast("params", TextField())).filter(query).only("pk", "params"):
        params = {
            key: (replacement if isinstance(value, str) and value.strip().lower() in values else value)
            for key, value in row.params.items()
        }
        if params != row.params:
            # Notifications and dialogue events are append-only records; erasure is the one rewrite they allow.
            model.objects.filter(pk=row.pk).update(params=params)
            changed += 1
    return changed


def _sessions_of(user) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


def _anonymise(user, *, now) -> dict:
    """Remove or anonymise everything that identifies `user`; the public record stays without their name."""
    name = user.display_name.strip()
    email = user.email.strip()
    former = _former()
    summary = {}

    # What they said and did in the dialogues stays, without their name; a staff role stays as the role.
    summary["dialogue_messages"] = Message.objects.filter(author=user).update(actor_name="")
    summary["dialogue_steps"] = DialogueEvent.objects.filter(actor=user).update(actor_name="")
    summary["outcomes"] = Outcome.objects.filter(decided_by=user).update(actor_name="")
    Outcome.history.filter(decided_by_id=user.pk).update(actor_name="")
    for assignment in DialogueAssignment.objects.filter(official=user):
        words = _role_words(assignment.job_title, assignment.department_name)
        DialogueAssignment.objects.filter(pk=assignment.pk).update(official_name=words[:80])
        Commitment.objects.filter(owner=user, dialogue_id=assignment.dialogue_id).update(owner_label=words)
        Commitment.history.filter(owner_id=user.pk, dialogue_id=assignment.dialogue_id).update(owner_label=words)
    commitment_label = Q(owner_label__iexact=name) | Q(owner_label__iexact=email)
    summary["commitments"] = Commitment.objects.filter(owner=user).filter(commitment_label).update(owner_label=former)
    Commitment.history.filter(owner_id=user.pk).filter(commitment_label).update(owner_label=former)
    # Names copied into other people's notifications and into dialogue steps ("assigned to …").
    summary["mentions"] = _scrub_params(Notification, {name.lower(), email.lower()}, former) + _scrub_params(
        DialogueEvent, {name.lower(), email.lower()}, former
    )

    # Supports stay counted, anonymously.
    summary["supports_anonymised"] = Support.objects.filter(user=user).update(listed_publicly=False, neighbourhood="")

    # Everything else that is only about them goes.
    summary["follows"] = Follow.objects.filter(user=user).delete()[0]
    summary["network_memberships"] = NetworkMembership.objects.filter(user=user).delete()[0]
    summary["reports"] = Report.objects.filter(reporter=user).delete()[0]
    # Reactions stay as public record under "a former participant"; reports, offers and skills go.
    summary["reaction_reports"] = ReactionReport.objects.filter(reporter=user).delete()[0]
    summary["offers_of_help"] = Offer.objects.filter(helper=user).delete()[0]
    Offer.history.filter(helper_id=user.pk).delete()  # the copies hold the message too
    HelperSkill.objects.filter(user=user).delete()
    HelperProfile.objects.filter(user=user).delete()
    summary["invitations"] = Invitation.objects.filter(email__iexact=email).delete()[0]
    summary["join_requests"] = JoinRequest.objects.filter(user=user).delete()[0]
    summary["notifications"] = Notification.objects.filter(recipient=user).delete()[0]
    # Incoming e-mails keep the sender's address and the original mail; what was posted stays as a message.
    summary["incoming_mails"] = InboundMail.objects.filter(Q(user=user) | Q(sender__iexact=email)).delete()[0]
    AwayNotice.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    ReminderSent.objects.filter(recipient=user).delete()
    InactivityWarning.objects.filter(user=user).delete()
    AccessLog.subjects.through.objects.filter(user_id=user.pk).delete()
    summary["roles"] = Role.objects.filter(user=user).delete()[0]
    EmailAddress.objects.filter(user=user).delete()
    Session.objects.filter(session_key__in=_sessions_of(user)).delete()
    # The admin's change log names objects as they were shown (a user, a role "Name: official (West)").
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=f"#{user.pk}", change_message=""
    )
    mentioned = Q(object_repr__icontains=email) | (Q(object_repr__icontains=name) if name else Q(pk__in=[]))
    for entry in LogEntry.objects.filter(mentioned):
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=f"#{entry.object_id}")

    # The account itself stays as an empty placeholder, so links from the public record keep working.
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = ""
    user.preferred_language = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return summary


def account_erase(
    *, user: User, by: str = Erasure.By.PERSON, now: datetime | None = None, notify_person: bool = True
) -> Erasure | None:
    """Erase `user`'s personal data in one transaction and e-mail them; a second call does nothing.

    Residents erase their own account; accounts with a staff role are ended by an administrator (`by`).
    Return the erasure record, or None when the account was erased already.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if Erasure.objects.filter(user=locked).exists():
            return None
        if by == Erasure.By.PERSON and needs_administrator(locked):
            raise PrivacyError(
                _("Your account has a role at the municipality or the platform; an administrator ends it.")
            )
        address, language = locked.email, locked.preferred_language or settings.LANGUAGE_CODE
        summary = _hand_over_initiatives(locked, now=now)
        summary["registrations_cancelled"] = _cancel_future_registrations(locked, now=now)
        summary.update(_anonymise(locked, now=now))
        erasure = Erasure.objects.create(user=locked, by=by, erased_at=now, summary=summary)
        if notify_person:
            transaction.on_commit(lambda: send_erasure_confirmation(address=address, language=language))
    logger.info("Account %s erased by %s: %s", locked.pk, by, summary)
    return erasure


def send_erasure_confirmation(*, address: str, language: str) -> None:
    """E-mail the person that their account and data are gone."""
    with translation.override(language):
        context = {"site_url": absolute_url("/")}
        try:
            send_mail(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your account is deleted"),
                message=render_to_string("privacy/email/erased.txt", context),
                from_email=None,
                recipient_list=[address],
            )
        except OSError:  # the erasure is done and stays done; a mail server that is down must not undo the page
            logger.exception("The confirmation of an erasure could not be e-mailed")


# -- who looked --------------------------------------------------------------------------------------------


def _role_in_words(user) -> str:
    roles = user_roles(user)
    if user.is_superuser:
        return str(_("administrator"))
    labels = []
    if roles.city_coordinator:
        labels.append(Role.Kind.CITY_COORDINATOR.label)
    if roles.coordinator_of:
        labels.append(Role.Kind.COORDINATOR.label)
    if roles.official_of:
        labels.append(Role.Kind.OFFICIAL.label)
    if roles.supporter_of:
        labels.append(Role.Kind.SUPPORTER.label)
    with translation.override(settings.LANGUAGE_CODE):
        return ", ".join(str(label) for label in labels)[:120] or str(_("staff"))


def access_log(request, what: str, *, obj=None, subjects=()) -> AccessLog | None:
    """Log that staff looked at personal data (`what`, about `obj` and the people in `subjects`).

    Only staff looks are logged (someone with a role, or an administrator), and not when the viewer is one of
    `subjects`, the people whose data it is.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    roles = user_roles(user)  # cached for the request: a resident's own pages cost no query here
    staff = user.is_superuser or roles.city_coordinator or roles.coordinator_of or roles.official_of
    if not (staff or roles.supporter_of or user.is_staff):
        return None
    people = [person for person in subjects if person is not None]
    if any(person.pk == user.pk for person in people):
        return None  # one of the people whose data it is
    entry = AccessLog.objects.create(
        actor=user,
        actor_role=_role_in_words(user),
        what=what,
        object_id=getattr(obj, "pk", None),
        path=request.get_full_path()[:300],
    )
    if people:
        entry.subjects.set(people)
    return entry
