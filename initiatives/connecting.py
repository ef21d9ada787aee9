"""Writes that connect initiatives to each other and to people: links, requests to join, network invitations.

The same write path as initiatives/services.py: lock the row that is changed, check the permission on it,
change it with its history, notify after commit (`notify` sends once the transaction commits). Answering a
request to join or an invitation to a network moves it along a table on the workflow core (mokum/workflow.py).
"""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, InitiativeLink, Initiator, JoinRequest, NetworkInvitation
from initiatives.selectors import initiators_of
from initiatives.services import InitiativeError, NotPermitted, _lock, _notice_params, _require, _save_tracked
from mokum.workflow import Edge, Flow, NotAllowed, Notice, Step, Table, take
from notifications.services import notify

S = Initiative.Status
ENDED = (S.REALISED, S.STRANDED, S.WITHDRAWN, S.REFUSED)
# At most this many requests to join may wait at one initiative, so the form cannot be used to flood initiators.
MAX_OPEN_JOIN_REQUESTS = 30


# Links between initiatives


def _record_actor(obj: Any, actor) -> None:
    """Name `actor` in the history record simple-history writes for the next save or delete of `obj`."""
    obj._history_user = actor


def initiative_link(*, initiative, other, kind, actor, now=None) -> InitiativeLink:
    """Mark `initiative` and `other` as related or duplicates (one link, shown on both); change the kind if linked."""
    now = now or timezone.now()
    if kind not in InitiativeLink.Kind.values:
        raise InitiativeError(_("Choose whether the initiatives are related or duplicates."))
    if other is None or other.pk == initiative.pk:
        raise InitiativeError(_("Choose another initiative than this one."))
    _require(actor, "initiatives.link_initiative", initiative)
    _require(actor, "initiatives.view_initiative", other)
    first_id, second_id = sorted((initiative.pk, other.pk))
    with transaction.atomic():
        # Lock both initiatives in id order, so two coordinators linking the same pair wait for each other.
        list(Initiative.objects.select_for_update().filter(pk__in=(first_id, second_id)).order_by("pk"))
        link = InitiativeLink.objects.filter(first_id=first_id, second_id=second_id).first()
        if link is None:
            link = InitiativeLink(first_id=first_id, second_id=second_id, created_at=now)
        elif link.kind == kind:
            return link
        link.kind = kind
        link.created_by = actor
        _record_actor(link, actor)
        link.save()
    return link


def initiative_unlink(*, link, initiative, actor) -> None:
    """Remove the link between two initiatives, seen from `initiative` (one of its two ends)."""
    if initiative.pk not in (link.first_id, link.second_id):
        raise InitiativeError(_("This link does not belong to this initiative."))
    _require(actor, "initiatives.link_initiative", initiative)
    with transaction.atomic():
        locked = InitiativeLink.objects.select_for_update().filter(pk=link.pk).first()
        if locked is not None:
            _record_actor(locked, actor)
            locked.delete()


# Requests to join as co-initiator ("join them")


def join_request_create(*, initiative, user, message="", now=None) -> JoinRequest:
    """Ask to become a co-initiator of `initiative`; its initiators get the request."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(initiative)
        _require(user, "initiatives.ask_to_join", locked)
        if (
            JoinRequest.objects.filter(initiative=locked, status=JoinRequest.Status.OPEN).count()
            >= MAX_OPEN_JOIN_REQUESTS
        ):
            raise InitiativeError(_("Too many requests are still waiting for an answer. Please try again later."))
        try:
            with transaction.atomic():
                request = JoinRequest.objects.create(
                    initiative=locked, user=user, message=(message or "").strip(), created_at=now
                )
        except IntegrityError:
            raise InitiativeError(_("You already asked to join; the initiators have not answered yet.")) from None
        notify(
            recipients=initiators_of(locked),
            kind="initiative_join_request",
            params=_notice_params(locked, name=user.display_name, message=request.message),
            url=locked.get_absolute_url(),
        )
    return request


class AlreadyAnswered(InitiativeError, NotAllowed):
    """The request or invitation was answered already (by another initiator, or in another tab)."""


# Answering a request to join or an invitation to a network: open → accepted or declined, on the workflow core.
ACCEPT, DECLINE = "accept", "decline"
OPEN, ACCEPTED, DECLINED = JoinRequest.Status.OPEN, JoinRequest.Status.ACCEPTED, JoinRequest.Status.DECLINED


def _answer_table(permission: str, effect: str, notices: Mapping[str, tuple[Notice, ...]]) -> Table:
    table = Table(
        {
            (OPEN, ACCEPT): Edge(ACCEPTED, permission, effects=(effect, "answered")),
            (OPEN, DECLINE): Edge(DECLINED, permission, effects=("answered",)),
        }
    )
    table.attach(notices=notices)
    return table


JOIN_REQUEST_TABLE = _answer_table(
    "initiatives.answer_join_request",
    "add_co_initiator",
    {
        ACCEPT: (Notice("initiative_join_accepted", ("asker",)),),
        DECLINE: (Notice("initiative_join_declined", ("asker",)),),
    },
)
# The initiative's history records the join; the network's administrators see the answer on its page.
NETWORK_INVITATION_TABLE = _answer_table("initiatives.answer_network_invitation", "join_network", {})


class _AnswerFlow(Flow):
    """A request or an invitation the initiators answer once: who answered and when, then the edge's effect."""

    refused_error = NotPermitted
    not_allowed_error = AlreadyAnswered
    already_answered: Any = ""  # a lazily translated message

    def not_allowed_message(self, obj) -> str:
        return str(self.already_answered)

    def refused_message(self, step: Step) -> str:
        return str(_("You are not allowed to do this."))

    def save_with_history(self, step: Step) -> None:
        step.obj.save(update_fields=["status", "answered_at", "answered_by"])

    def _answered(self, step: Step) -> None:
        step.obj.answered_at = step.now
        step.obj.answered_by = step.actor


class JoinRequestFlow(_AnswerFlow):
    table = JOIN_REQUEST_TABLE
    model = JoinRequest
    related = ("initiative__district", "user")
    already_answered = _("This request has already been answered.")

    def _add_co_initiator(self, step: Step) -> None:
        initiative = _lock(step.obj.initiative)
        Initiator.objects.get_or_create(
            initiative=initiative, user=step.obj.user, defaults={"role": Initiator.Role.CO_INITIATOR}
        )

    def _to_asker(self, step: Step) -> list:
        return [step.obj.user]

    def announce(self, step: Step, notice: Notice, people: list) -> None:
        initiative = step.obj.initiative
        notify(
            recipients=people, kind=notice.kind, params=_notice_params(initiative), url=initiative.get_absolute_url()
        )


class NetworkInvitationFlow(_AnswerFlow):
    table = NETWORK_INVITATION_TABLE
    model = NetworkInvitation
    related = ("network",)
    already_answered = _("This invitation has already been answered.")

    def _join_network(self, step: Step) -> None:
        initiative = _lock(step.obj.initiative)
        initiative.network = step.obj.network
        _save_tracked(initiative, actor=step.actor, reason="edit", active_at=step.now)


JOIN_REQUEST_FLOW = JoinRequestFlow()
NETWORK_INVITATION_FLOW = NetworkInvitationFlow()


def join_request_answer(*, request, actor, accept, now=None) -> JoinRequest:
    """Accept (the person becomes a co-initiator) or decline a request to join; the person hears the answer."""
    action = ACCEPT if accept else DECLINE
    return take(JOIN_REQUEST_FLOW, obj=request, action=action, actor=actor, now=now).obj


# Networks


def network_invite(*, network, initiative, actor, now=None) -> NetworkInvitation:
    """Invite `initiative` to join `network`; its initiators get the invitation and answer it."""
    now = now or timezone.now()
    _require(actor, "initiatives.invite_to_network", network)
    with transaction.atomic():
        locked = _lock(initiative)
        if not locked.is_public or locked.status in ENDED:
            raise InitiativeError(_("Only a running, public initiative can be invited."))
        if locked.network_id == network.pk:
            raise InitiativeError(_("This initiative is already part of the network."))
        try:
            with transaction.atomic():
                invitation = NetworkInvitation.objects.create(
                    network=network, initiative=locked, invited_by=actor, created_at=now
                )
        except IntegrityError:
            raise InitiativeError(
                _("This initiative is already invited; its initiators have not answered yet.")
            ) from None
        notify(
            recipients=initiators_of(locked),
            kind="network_invitation",
            params=_notice_params(locked, network=network.name),
            url=locked.get_absolute_url(),
        )
    return invitation


def network_invitation_answer(*, invitation, actor, accept, now=None) -> NetworkInvitation:
    """Accept (the initiative joins the network, in its history) or decline an invitation to a network."""
    action = ACCEPT if accept else DECLINE
    return take(NETWORK_INVITATION_FLOW, obj=invitation, action=action, actor=actor, now=now).obj
