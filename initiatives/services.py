"""Every write to initiatives and what hangs on them. Views, forms, admin and demo data call these."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from initiatives.models import (
    Follow,
    Initiative,
    InitiativeUpdate,
    Initiator,
    Invitation,
    Report,
    Support,
)
from initiatives.selectors import initiative_audience, initiators_of
from initiatives.workflow import ANSWER_REQUIRED, TRANSITIONS
from mokum.languages import content_language
from mokum.text import email_subject
from mokum.workflow import Flow, NotAllowed, Notice, Refused, Step, WorkflowError, take
from notifications.services import absolute_url, notify

S = Initiative.Status

# The fields initiators fill in; everything else changes through the services below.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "ask",
    "language",
    "district",
    "area",
    "network",
    "image",
    "image_alt",
)
# At most this many invitations may wait for an answer, so the invite form cannot be used to send spam.
MAX_OPEN_INVITATIONS = 20


class InitiativeError(WorkflowError):
    """A request the domain refuses, with a message for the person who made it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotPermitted(InitiativeError, Refused):
    """The person may not do this (views answer 403)."""


class NotPossibleNow(InitiativeError, NotAllowed):
    """The initiative's status does not allow this step."""


def _require(user, permission, obj):
    if not user.has_perm(permission, obj):
        raise NotPermitted(_("You are not allowed to do this."))


def _lock(initiative) -> Initiative:
    return Initiative.objects.select_for_update(of=("self",)).select_related("district").get(pk=initiative.pk)


def _save_tracked(initiative, *, actor, reason, active_at=None):
    """Save with the actor and the reason in the history; `active_at` marks it as recently active."""
    initiative._history_user = actor
    initiative._change_reason = reason
    if active_at is not None:
        initiative.last_activity_at = active_at
    initiative.save()


def _notice_params(initiative, **extra):
    return {"title": initiative.title, "district": initiative.district.name, **extra}


def _apply_changes(initiative, changes):
    """Set the editable fields from `changes`; return the themes to set, or None to keep them."""
    themes = changes.pop("themes", None)
    image = changes.pop("image", None)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(initiative, name, value)
    if image is False:  # the form's "remove" box was ticked
        initiative.image = ""
    elif image:  # a new file; None keeps the current one
        initiative.image = image
    if not initiative.image:
        initiative.image_alt = ""
    return themes


def initiative_create(*, owner, themes, now=None, **fields) -> Initiative:
    """Register a draft initiative with `owner` as its owner."""
    now = now or timezone.now()
    _require(owner, "initiatives.add_initiative", None)
    with transaction.atomic():
        initiative = Initiative(status=S.DRAFT, language=content_language(fields.pop("language", "")))
        _apply_changes(initiative, dict(fields))
        _save_tracked(initiative, actor=owner, reason="create", active_at=now)
        Initiator.objects.create(initiative=initiative, user=owner, role=Initiator.Role.OWNER)
        initiative.themes.set(themes)
    return initiative


def _snapshot(initiative) -> dict:
    return {name: getattr(initiative, name) for name in EDITABLE_FIELDS} | {
        "themes": set(initiative.themes.values_list("pk", flat=True))
    }


def initiative_edit(*, initiative, actor, now=None, **changes) -> Initiative:
    """Change the text and details of a draft, of one the intake asked about, or of an active initiative.

    An active initiative stays in its district (its dialogues and coordinator belong there), and a change to it
    reaches its supporters and followers; the history keeps every version.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(initiative)
        _require(actor, "initiatives.edit_initiative", locked)
        if locked.status == S.ACTIVE and "district" in changes and changes["district"] != locked.district:
            raise InitiativeError(_("An active initiative stays in its district. Ask the coordinator to move it."))
        if "language" in changes:
            changes["language"] = content_language(changes["language"])
        before = _snapshot(locked)
        themes = _apply_changes(locked, dict(changes))
        _save_tracked(locked, actor=actor, reason="edit", active_at=now)
        if themes is not None:
            locked.themes.set(themes)
        if locked.is_public and _snapshot(locked) != before:
            notify(
                recipients=initiative_audience(locked, exclude=actor),
                kind="initiative_changed",
                params=_notice_params(locked, author=actor.display_name),
                url=locked.get_absolute_url(),
            )
    return locked


class InitiativeFlow(Flow):
    """The initiative's side of the workflow engine: its effects (`_<name>`) and audiences (`_to_<name>`)."""

    table = TRANSITIONS
    model = Initiative
    related = ("district",)
    not_allowed_error = NotPossibleNow
    refused_error = NotPermitted

    def not_allowed_message(self, obj) -> str:
        return str(
            _("This is not possible now: the initiative is “%(status)s”.") % {"status": obj.get_status_display()}
        )

    def refused_message(self, step: Step) -> str:
        return str(_("You are not allowed to do this."))

    def missing_message(self, step: Step, name: str) -> str:
        if step.action in ANSWER_REQUIRED:
            return str(_("Please write your answer for the coordinator."))
        return str(_("Please write the question or the reason for the initiators."))

    def invalid(self, problems: dict[str, Any]) -> Exception:
        return InitiativeError(" ".join(problems.values()))

    def save_with_history(self, step: Step) -> None:
        # django-simple-history writes the history entry on save, with the actor and the action as reason.
        _save_tracked(step.obj, actor=step.actor, reason=step.action, active_at=step.now)

    def announce(self, step: Step, notice: Notice, people: list) -> None:
        initiative = step.obj
        extras = {"note": initiative.intake_note, "answer": initiative.intake_answer}
        params = _notice_params(initiative, **{name: extras[name] for name in notice.extra})
        url = reverse("initiatives:intake") if notice.link == "intake" else initiative.get_absolute_url()
        notify(recipients=people, kind=notice.kind, params=params, url=url)

    def _queue(self, step: Step) -> None:
        # An answer to a question keeps its place in the queue: the original date counts.
        if step.from_state == S.DRAFT or step.obj.submitted_at is None:
            step.obj.submitted_at = step.now

    def _keep_answer(self, step: Step) -> None:
        step.obj.intake_answer = step.fields["note"]

    def _mark_accepted(self, step: Step) -> None:
        step.obj.accepted_at = step.now

    def _keep_note(self, step: Step) -> None:
        step.obj.intake_note = step.fields["note"]

    def _to_coordinators(self, step: Step):
        return User.objects.filter(
            roles__kind=Role.Kind.COORDINATOR, roles__district_id=step.obj.district_id, is_active=True
        )

    def _to_initiators(self, step: Step):
        return initiators_of(step.obj)


INITIATIVE_FLOW = InitiativeFlow()


def initiative_transition(*, initiative, action, actor, note="", now=None) -> Initiative:
    """Move `initiative` along the workflow: the engine checks the edge and the actor's permission on the locked row."""
    fields = {"note": (note or "").strip()}
    return take(INITIATIVE_FLOW, obj=initiative, action=action, actor=actor, fields=fields, now=now).obj


# Support and follow


def support_add(*, initiative, user, listed_publicly=True, neighbourhood="", now=None) -> Support:
    """Back `initiative` as `user`: once per person, guarded by the database, with the count kept in step."""
    now = now or timezone.now()
    _require(user, "initiatives.support_initiative", initiative)
    with transaction.atomic():
        try:
            # A savepoint: when a second request of the same person loses the race on the unique
            # constraint, only the insert is undone and the count is never raised twice.
            with transaction.atomic():
                support = Support.objects.create(
                    initiative=initiative,
                    user=user,
                    listed_publicly=listed_publicly,
                    neighbourhood=neighbourhood.strip(),
                    created_at=now,
                )
        except IntegrityError:
            raise InitiativeError(_("You already support this initiative.")) from None
        # supporter_count is left out of the history, so an UPDATE with F() is the right tool here:
        # it adds one in the database, whatever other supporters do at the same moment.
        Initiative.objects.filter(pk=initiative.pk).update(
            supporter_count=F("supporter_count") + 1, last_activity_at=now
        )
    initiative.refresh_from_db(fields=["supporter_count", "last_activity_at"])
    return support


def support_withdraw(*, initiative, user) -> bool:
    """Withdraw the support of `user`; return False when there was none."""
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(initiative=initiative, user=user).delete()
        if deleted:
            Initiative.objects.filter(pk=initiative.pk, supporter_count__gt=0).update(
                supporter_count=F("supporter_count") - 1
            )
    initiative.refresh_from_db(fields=["supporter_count"])
    return bool(deleted)


def follow_add(*, initiative, user, now=None) -> Follow:
    """Follow `initiative`, to hear about its updates and dialogues; following twice changes nothing."""
    _require(user, "initiatives.follow_initiative", initiative)
    follow, _created = Follow.objects.get_or_create(
        initiative=initiative, user=user, defaults={"created_at": now or timezone.now()}
    )
    return follow


def follow_remove(*, initiative, user) -> bool:
    """Stop following `initiative`; return False when `user` did not follow it."""
    deleted, _rows = Follow.objects.filter(initiative=initiative, user=user).delete()
    return bool(deleted)


# Updates


def initiative_update_post(*, initiative, author, text, language="", now=None) -> InitiativeUpdate:
    """Post news from the initiators (in `language`, else the interface's) and tell the supporters and followers."""
    now = now or timezone.now()
    language = content_language(language)
    text = (text or "").strip()
    if not text:
        raise InitiativeError(_("Please write the update."))
    with transaction.atomic():
        locked = _lock(initiative)
        _require(author, "initiatives.post_update", locked)
        update = InitiativeUpdate.objects.create(
            initiative=locked, author=author, text=text, language=language, created_at=now
        )
        Initiative.objects.filter(pk=locked.pk).update(last_activity_at=now)
        notify(
            recipients=initiative_audience(locked, exclude=author),
            kind="initiative_update",
            params=_notice_params(locked, author=author.display_name, text=text),
            url=update.get_absolute_url(),
            dedupe_key=f"initiative-update-{update.pk}",
        )
    return update


# Co-initiators


def invitation_create(*, initiative, email, invited_by, now=None) -> Invitation:
    """Invite the person at `email` to join as co-initiator; the link goes out by e-mail after commit."""
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        locked = _lock(initiative)
        _require(invited_by, "initiatives.invite_initiator", locked)
        if Initiator.objects.filter(initiative=locked, user__email__iexact=email).exists():
            raise InitiativeError(_("This person is already an initiator of this initiative."))
        waiting = Invitation.objects.filter(
            initiative=locked, accepted_at__isnull=True, created_at__gt=now - Invitation.VALID_FOR
        ).count()
        if waiting >= MAX_OPEN_INVITATIONS:
            raise InitiativeError(_("Too many invitations are still waiting for an answer. Please try again later."))
        invitation = Invitation.objects.create(initiative=locked, email=email, invited_by=invited_by, created_at=now)
        # The address may not have an account yet, so this is a plain e-mail rather than a notification;
        # it is written in the language of the person who invites, the only language we know.
        language = invited_by.preferred_language or translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: send_invitation_email(invitation, language=language))
    return invitation


def send_invitation_email(invitation, *, language) -> None:
    """E-mail the invitation link to the invited address."""
    with translation.override(language):
        context = {
            "invitation": invitation,
            "initiative": invitation.initiative,
            "inviter": invitation.invited_by.display_name,
            "link": absolute_url(invitation.get_absolute_url()),
            "expires_at": invitation.expires_at(),
        }
        subject = _("%(name)s invites you to join “%(title)s”") % {
            "name": invitation.invited_by.display_name,
            "title": invitation.initiative.title,
        }
        text = render_to_string("initiatives/email/invitation.txt", context)
    EmailMultiAlternatives(
        subject=email_subject("[Kracht van Mokum]", subject), body=text, to=[invitation.email]
    ).send()


def invitation_accept(*, invitation, user, now=None) -> Initiator:
    """Make `user` a co-initiator through `invitation`, which can be used once and only before it expires."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().select_related("initiative__district").get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise InitiativeError(_("This invitation has already been used."))
        if now >= locked.expires_at():
            raise InitiativeError(_("This invitation has expired. Ask the initiators to invite you again."))
        initiative = locked.initiative
        if initiative.status in (S.REALISED, S.STRANDED, S.WITHDRAWN, S.REFUSED):
            raise InitiativeError(_("This initiative has ended; it no longer takes new initiators."))
        if Initiator.objects.filter(initiative=initiative, user=user).exists():
            raise InitiativeError(_("You are already an initiator of this initiative."))
        others = list(initiators_of(initiative))
        initiator = Initiator.objects.create(initiative=initiative, user=user, role=Initiator.Role.CO_INITIATOR)
        locked.accepted_at = now
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        if hasattr(user, "_mokum_initiator_of"):
            user._mokum_initiator_of.pop(initiative.pk, None)
        notify(
            recipients=others,
            kind="initiative_coinitiator_joined",
            params=_notice_params(initiative, name=user.display_name),
            url=initiative.get_absolute_url(),
        )
    return initiator


# Moderation


def report_create(*, initiative, reporter, reason, update=None, now=None) -> Report:
    """Report an initiative, or one of its updates, as inappropriate; a coordinator of its district decides."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if update is not None and update.initiative_id != initiative.pk:
        raise ValueError("The update does not belong to the initiative.")
    if update is None:
        _require(reporter, "initiatives.report_initiative", initiative)
    else:
        _require(reporter, "initiatives.report_update", update)
    if not reason:
        raise InitiativeError(_("Please say why this is inappropriate."))
    try:
        with transaction.atomic():
            return Report.objects.create(
                initiative=initiative, update=update, reporter=reporter, reason=reason, created_at=now
            )
    except IntegrityError:
        raise InitiativeError(_("You have already reported this. A coordinator will look at it.")) from None


def _resolve_reports(*, initiative, update, actor, outcome, now) -> int:
    return Report.objects.filter(initiative=initiative, update=update, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor, outcome=outcome
    )


def initiative_hide(*, initiative, actor, reason, now=None) -> Initiative:
    """Hide `initiative` from everyone but its initiators and coordinators, with a reason the initiators see."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise InitiativeError(_("Please give the reason; the initiators will see it."))
    with transaction.atomic():
        locked = _lock(initiative)
        _require(actor, "initiatives.moderate_initiative", locked)
        locked.hidden_at = now
        locked.hidden_reason = reason
        _save_tracked(locked, actor=actor, reason="hide")
        _resolve_reports(initiative=locked, update=None, actor=actor, outcome=Report.Outcome.HIDDEN, now=now)
        notify(
            recipients=initiators_of(locked),
            kind="initiative_hidden",
            params=_notice_params(locked, reason=reason),
            url=locked.get_absolute_url(),
        )
    return locked


def initiative_unhide(*, initiative, actor, now=None) -> Initiative:
    """Show a hidden initiative again."""
    with transaction.atomic():
        locked = _lock(initiative)
        _require(actor, "initiatives.moderate_initiative", locked)
        locked.hidden_at = None
        locked.hidden_reason = ""
        _save_tracked(locked, actor=actor, reason="unhide")
    return locked


def update_hide(*, update, actor, reason, now=None) -> InitiativeUpdate:
    """Hide one update, with a reason its initiators see."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise InitiativeError(_("Please give the reason; the initiators will see it."))
    with transaction.atomic():
        locked = (
            InitiativeUpdate.objects.select_for_update(of=("self",))
            .select_related("initiative__district")
            .get(pk=update.pk)
        )
        _require(actor, "initiatives.moderate_initiative", locked.initiative)
        locked.hidden_at = now
        locked.hidden_reason = reason
        locked.save(update_fields=["hidden_at", "hidden_reason"])
        _resolve_reports(
            initiative=locked.initiative, update=locked, actor=actor, outcome=Report.Outcome.HIDDEN, now=now
        )
        notify(
            recipients=initiators_of(locked.initiative),
            kind="initiative_update_hidden",
            params=_notice_params(locked.initiative, reason=reason),
            url=locked.get_absolute_url(),
        )
    return locked


def update_unhide(*, update, actor) -> InitiativeUpdate:
    """Show a hidden update again."""
    with transaction.atomic():
        locked = InitiativeUpdate.objects.select_for_update(of=("self",)).select_related("initiative").get(pk=update.pk)
        _require(actor, "initiatives.moderate_initiative", locked.initiative)
        locked.hidden_at = None
        locked.hidden_reason = ""
        locked.save(update_fields=["hidden_at", "hidden_reason"])
    return locked


def report_resolve(*, report, actor, outcome, reason="", now=None) -> Report:
    """Decide a report: hide what it is about (with a reason) or dismiss it; open reports on the same thing follow."""
    now = now or timezone.now()
    _require(actor, "initiatives.moderate_initiative", report.initiative)
    if report.resolved_at is not None:
        raise InitiativeError(_("This report has already been handled."))
    if outcome == Report.Outcome.HIDDEN:
        if report.update_id:
            update_hide(update=report.update, actor=actor, reason=reason, now=now)
        else:
            initiative_hide(initiative=report.initiative, actor=actor, reason=reason, now=now)
    elif outcome == Report.Outcome.DISMISSED:
        with transaction.atomic():
            _resolve_reports(initiative=report.initiative, update=report.update, actor=actor, outcome=outcome, now=now)
    else:
        raise ValueError(f"Unknown outcome {outcome!r}")
    report.refresh_from_db()
    return report
