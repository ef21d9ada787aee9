"""Writes that connect initiatives to each other and to people: links, requests to join, network invitations.

The same write path as initiatives/services.py: lock the row that is changed, check the permission on it,
change it with its history, notify after commit (`notify` sends once the transaction commits).
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, InitiativeLink, Initiator, JoinRequest, NetworkInvitation
from initiatives.selectors import initiators_of
from initiatives.services import InitiativeError, _lock, _notice_params, _require, _save_tracked
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


def join_request_answer(*, request, actor, accept, now=None) -> JoinRequest:
    """Accept (the person becomes a co-initiator) or decline a request to join; the person hears the answer."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            JoinRequest.objects.select_for_update().select_related("initiative__district", "user").get(pk=request.pk)
        )
        if locked.status != JoinRequest.Status.OPEN:
            raise InitiativeError(_("This request has already been answered."))
        _require(actor, "initiatives.answer_join_request", locked)
        initiative = _lock(locked.initiative)
        if accept:
            Initiator.objects.get_or_create(
                initiative=initiative, user=locked.user, defaults={"role": Initiator.Role.CO_INITIATOR}
            )
        locked.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
        locked.answered_at = now
        locked.answered_by = actor
        locked.save(update_fields=["status", "answered_at", "answered_by"])
        notify(
            recipients=[locked.user],
            kind="initiative_join_accepted" if accept else "initiative_join_declined",
            params=_notice_params(initiative),
            url=initiative.get_absolute_url(),
        )
    return locked


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
    now = now or timezone.now()
    with transaction.atomic():
        locked = NetworkInvitation.objects.select_for_update().select_related("network").get(pk=invitation.pk)
        if locked.status != NetworkInvitation.Status.OPEN:
            raise InitiativeError(_("This invitation has already been answered."))
        _require(actor, "initiatives.answer_network_invitation", locked)
        if accept:
            initiative = _lock(locked.initiative)
            initiative.network = locked.network
            _save_tracked(initiative, actor=actor, reason="edit", active_at=now)
        locked.status = NetworkInvitation.Status.ACCEPTED if accept else NetworkInvitation.Status.DECLINED
        locked.answered_at = now
        locked.answered_by = actor
        locked.save(update_fields=["status", "answered_at", "answered_by"])
    return locked
