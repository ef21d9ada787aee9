"""Reads about one person's data: everything the platform holds about them, grouped as in the register."""

from allauth.account.models import EmailAddress

from accounts.models import Role, User
from connect.models import HelperProfile, HelperSkill, Need, Offer, Reaction, ReactionReport
from dialogues.models import DialogueAssignment, DialogueEvent, Message, Outcome
from inbound.models import InboundMail
from initiatives.models import (
    Follow,
    InitiativeUpdate,
    Initiator,
    Invitation,
    JoinRequest,
    NetworkMembership,
    Report,
    Support,
)
from notifications.models import Notification, NotificationPreference
from privacy.models import AccessLog
from privacy.register import Kind
from support.models import Registration, SupportRequest


def _when(moment):
    return moment.isoformat() if moment else None


def _account(user):
    return [
        {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        }
    ]


def _roles(user):
    return [
        {
            "role": role.get_kind_display(),
            "district": role.district.name if role.district is not None else None,
            "department": role.department.name if role.department is not None else None,
            "job_title": role.get_job_title_display(),
            "since": _when(role.created_at),
        }
        for role in Role.objects.filter(user=user).select_related("district", "department")
    ]


def _networks(user):
    return [
        {"network": m.network.name, "administrator": m.is_admin, "joined": _when(m.joined_at)}
        for m in NetworkMembership.objects.filter(user=user).select_related("network")
    ]


def _initiatives(user):
    links = Initiator.objects.filter(user=user).select_related("initiative__district").order_by("joined_at", "id")
    return [
        {
            "initiative": link.initiative.title,
            "url": link.initiative.get_absolute_url(),
            "your_role": link.get_role_display(),
            "joined": _when(link.joined_at),
            "status": link.initiative.get_status_display(),
            "district": link.initiative.district.name,
            "summary": link.initiative.summary,
            "description": link.initiative.description,
            "ask": link.initiative.ask,
            "created": _when(link.initiative.created_at),
        }
        for link in links
    ]


def _supports(user):
    return [
        {
            "initiative": s.initiative.title,
            "url": s.initiative.get_absolute_url(),
            "name_shown": s.listed_publicly,
            "neighbourhood": s.neighbourhood,
            "since": _when(s.created_at),
        }
        for s in Support.objects.filter(user=user).select_related("initiative")
    ]


def _follows(user):
    return [
        {"initiative": f.initiative.title, "url": f.initiative.get_absolute_url(), "since": _when(f.created_at)}
        for f in Follow.objects.filter(user=user).select_related("initiative")
    ]


def _updates(user):
    return [
        {"initiative": u.initiative.title, "text": u.text, "posted": _when(u.created_at), "hidden": bool(u.hidden_at)}
        for u in InitiativeUpdate.objects.filter(author=user).select_related("initiative")
    ]


def _invitations(user):
    sent = Invitation.objects.filter(invited_by=user).select_related("initiative")
    received = Invitation.objects.filter(email__iexact=user.email).select_related("initiative")
    return (
        [
            {"initiative": i.initiative.title, "direction": "sent", "to": i.email, "sent": _when(i.created_at)}
            for i in sent
        ]
        + [
            {
                "initiative": i.initiative.title,
                "direction": "received",
                "sent": _when(i.created_at),
                "accepted": _when(i.accepted_at),
            }
            for i in received
        ]
        + [
            {
                "initiative": r.initiative.title,
                "direction": "request to join",
                "message": r.message,
                "sent": _when(r.created_at),
                "answer": r.status,
            }
            for r in JoinRequest.objects.filter(user=user).select_related("initiative")
        ]
    )


def _reports(user):
    return [
        {"initiative": r.initiative.title, "reason": r.reason, "reported": _when(r.created_at), "outcome": r.outcome}
        for r in Report.objects.filter(reporter=user).select_related("initiative")
    ]


def _reactions(user):
    return [
        {
            "initiative": r.initiative.title,
            "url": r.initiative.get_absolute_url(),
            "reply": bool(r.parent_id),
            "text": r.body,
            "posted": _when(r.created_at),
            "hidden": bool(r.hidden_at),
        }
        for r in Reaction.objects.filter(author=user).select_related("initiative")
    ] + [
        {"reported_reaction": r.reaction_id, "reason": r.reason, "reported": _when(r.created_at), "outcome": r.outcome}
        for r in ReactionReport.objects.filter(reporter=user)
    ]


def _help(user):
    profile = HelperProfile.objects.filter(user=user).select_related("district").first()
    rows: list[dict] = []
    skills = [
        str(Need.Skill(skill).label) for skill in HelperSkill.objects.filter(user=user).values_list("skill", flat=True)
    ]
    if profile or skills:
        rows.append(
            {
                "skills": skills,
                "district": profile.district.name if profile and profile.district else None,
                "hear_about_needs": bool(profile and profile.hear_about_needs),
            }
        )
    rows += [
        {
            "initiative": o.need.initiative.title,
            "need": o.need.text,
            "message": o.message,
            "name_shown": o.show_name,
            "state": o.get_state_display(),
            "offered": _when(o.created_at),
        }
        for o in Offer.objects.filter(helper=user).select_related("need__initiative")
    ]
    return rows


def _dialogues(user):
    messages = [
        {
            "dialogue": m.dialogue_id,
            "url": m.dialogue.get_absolute_url(),
            "initiative": m.dialogue.initiative.title,
            "kind": m.get_kind_display(),
            "as": str(m.actor_role),
            "text": m.text,
            "internal": m.is_internal,
            "written": _when(m.created_at),
        }
        for m in Message.objects.filter(author=user).select_related("dialogue__initiative")
    ]
    steps = [
        {
            "dialogue": e.dialogue_id,
            "url": e.dialogue.get_absolute_url(),
            "step": e.action,
            "as": str(e.actor_role),
            "reason": e.reason,
            "at": _when(e.created_at),
        }
        for e in DialogueEvent.objects.filter(actor=user).select_related("dialogue").exclude(action="message")
    ]
    mails = [
        {"incoming_email": m.subject, "outcome": m.get_outcome_display(), "received": _when(m.received_at)}
        for m in InboundMail.objects.filter(user=user)
    ]
    return messages + steps + mails


def _staff_work(user):
    assignments = [
        {
            "dialogue": a.dialogue_id,
            "assigned_as": str(a.role_label),
            "lead": a.is_lead,
            "assigned": _when(a.assigned_at),
            "until": _when(a.ended_at),
        }
        for a in DialogueAssignment.objects.filter(official=user)
    ]
    outcomes = [
        {
            "dialogue": o.dialogue_id,
            "outcome": o.get_type_display(),
            "summary": o.summary,
            "decided": _when(o.decided_at),
        }
        for o in Outcome.objects.filter(decided_by=user)
    ]
    return assignments + outcomes


def _notifications(user):
    preference = NotificationPreference.objects.filter(user=user).first()
    rows = [{"preference_email": preference.get_email_display() if preference else None}]
    rows += [
        {
            "subject": n.subject,
            "url": n.url,
            "created": _when(n.created_at),
            "read": _when(n.read_at),
            "e-mail": n.get_email_status_display(),
        }
        for n in Notification.objects.filter(recipient=user)
    ]
    return rows


def _events(user):
    return [
        {
            "event": r.event.title,
            "url": r.event.get_absolute_url(),
            "starts": _when(r.event.starts_at),
            "status": r.get_status_display(),
            "registered": _when(r.created_at),
        }
        for r in Registration.objects.filter(user=user).select_related("event")
    ]


def _support_requests(user):
    requests = SupportRequest.objects.filter(created_by=user).select_related("initiative")
    return [
        {
            "initiative": r.initiative.title,
            "url": r.get_absolute_url(),
            "need": r.get_need_display(),
            "description": r.description,
            "status": r.get_status_display(),
            "asked": _when(r.created_at),
            "viewed_by": [
                {"role": log.actor_role, "at": _when(log.created_at)} for log in support_request_looks(user, r)
            ],
        }
        for r in requests
    ]


def _access(user):
    return [
        {"what": log.get_what_display(), "by_role": log.actor_role, "at": _when(log.created_at)}
        for log in AccessLog.objects.filter(subjects=user)
    ]


COLLECTORS = {
    Kind.ACCOUNT: _account,
    Kind.ROLES: _roles,
    Kind.NETWORKS: _networks,
    Kind.INITIATIVES: _initiatives,
    Kind.SUPPORTS: _supports,
    Kind.FOLLOWS: _follows,
    Kind.UPDATES: _updates,
    Kind.INVITATIONS: _invitations,
    Kind.REPORTS: _reports,
    Kind.REACTIONS: _reactions,
    Kind.HELP: _help,
    Kind.DIALOGUES: _dialogues,
    Kind.STAFF_WORK: _staff_work,
    Kind.NOTIFICATIONS: _notifications,
    Kind.EVENTS: _events,
    Kind.SUPPORT_REQUESTS: _support_requests,
    Kind.ACCESS: _access,
}


def personal_data(user: User) -> dict[str, list[dict]]:
    """Return everything the platform holds about `user`, per kind of the register (kinds without data left out)."""
    data: dict[str, list[dict]] = {}
    for kind, collect in COLLECTORS.items():
        rows = collect(user)
        if rows and rows != [{"preference_email": None}]:
            data[kind] = rows
    return data


def record_count(data: dict[str, list[dict]]) -> int:
    """Return how many records a person's data holds (decides whether a download is built by a task)."""
    return sum(len(rows) for rows in data.values())


def support_request_looks(user: User, support_request: SupportRequest):
    """Return the logged looks by staff at a support request `user` made or speaks for."""
    return AccessLog.objects.filter(
        what=AccessLog.What.SUPPORT_REQUEST, object_id=support_request.pk, subjects=user
    ).order_by("-created_at")
