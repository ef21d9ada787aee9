"""The register of personal data: for each model and field that holds it, why, on which legal basis, who sees
it and how long it is kept.

One list drives everything about personal data: the privacy statement's table (`register_rows`), the
"my data" page and the download (`Entry.kind`), the erasure and the retention job (`Entry.retention_setting`).
`tests/privacy/test_register.py` fails when a model gains a field that looks personal and is not listed
here, either in `REGISTER` or in `NOT_PERSONAL` with the reason why not.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """The grounds of article 6 AVG (GDPR) the platform relies on."""

    CONSENT = "consent", _("consent (you chose to give it)")
    CONTRACT = "contract", _("needed for the service you signed up for")
    PUBLIC_TASK = "public_task", _("public task of the municipality")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest (security, preventing abuse)")


class Kind(models.TextChoices):
    """The groups "my data" and the download use; one JSON file per kind."""

    ACCOUNT = "account", _("Account")
    ROLES = "roles", _("Roles")
    NETWORKS = "networks", _("Networks")
    INITIATIVES = "initiatives", _("Initiatives and co-initiatorships")
    SUPPORTS = "supports", _("Support for initiatives")
    FOLLOWS = "follows", _("Initiatives you follow")
    UPDATES = "updates", _("Updates you posted")
    INVITATIONS = "invitations", _("Invitations")
    REPORTS = "reports", _("Reports of content")
    REACTIONS = "reactions", _("Reactions on initiatives")
    HELP = "help", _("Needs, offers of help and skills")
    DIALOGUES = "dialogues", _("Dialogue messages and steps")
    STAFF_WORK = "staff_work", _("Work in a staff role")
    NOTIFICATIONS = "notifications", _("Notifications and preferences")
    EVENTS = "events", _("Event registrations")
    SUPPORT_REQUESTS = "support_requests", _("Support requests")
    ACCESS = "access", _("Who looked at your data")
    HISTORY = "history", _("Change history")
    SECURITY = "security", _("Log-in and security")


@dataclass(frozen=True)
class Entry:
    """One model's personal data: which fields, and what the platform does with them."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    kind: str
    purpose: str
    legal_basis: str
    visible_to: str
    retention: str
    # The retention period's setting (in days), when a scheduled rule applies it.
    retention_setting: str = ""
    # Fields only staff see; everything else in the entry is visible as the entry says.
    notes: str = ""
    extra: dict = field(default_factory=dict)


PUBLIC = _("everyone (public)")
STAFF = _("coordinators of the district, and the officials and supporters involved")
ONLY_YOU = _("only you, and administrators for support")
UNTIL_ERASED = _("as long as you have an account; erased when you delete it")
PUBLIC_RECORD = _(
    "kept as public record; when you delete your account it stays under “a former participant”, without your name"
)

REGISTER: tuple[Entry, ...] = (
    Entry(
        "accounts.User",
        ("email", "display_name", "preferred_language", "date_joined", "last_login", "password"),
        Kind.ACCOUNT,
        _("to log in, to show your name with what you write, and to e-mail you"),
        LegalBasis.CONTRACT,
        _("your name: everyone, with what you write; your e-mail address: only you and administrators"),
        _("until you delete your account; an unused account is anonymised after %(days)s days without a log-in"),
        retention_setting="PRIVACY_INACTIVE_ACCOUNT_DAYS",
    ),
    Entry(
        "account.EmailAddress",
        ("user", "email", "verified", "primary"),
        Kind.ACCOUNT,
        _("to check that your e-mail address is yours"),
        LegalBasis.CONTRACT,
        ONLY_YOU,
        _("until you delete your account; unverified sign-ups are removed after %(days)s days"),
        retention_setting="PRIVACY_UNVERIFIED_SIGNUP_DAYS",
    ),
    Entry(
        "accounts.Role",
        ("user", "kind", "district", "department", "job_title", "created_at"),
        Kind.ROLES,
        _("to give staff (coordinators, officials, supporters) the rights of their role"),
        LegalBasis.PUBLIC_TASK,
        _("everyone sees the role someone acted in; the list of roles: administrators"),
        _("while the role lasts; ended by an administrator"),
    ),
    Entry(
        "initiatives.NetworkMembership",
        ("user", "is_admin", "joined_at"),
        Kind.NETWORKS,
        _("to show who is a member of a neighbourhood network"),
        LegalBasis.CONSENT,
        PUBLIC,
        UNTIL_ERASED,
    ),
    Entry(
        "initiatives.Network",
        ("members",),
        Kind.NETWORKS,
        _("to show who is a member of a neighbourhood network"),
        LegalBasis.CONSENT,
        PUBLIC,
        UNTIL_ERASED,
    ),
    Entry(
        "initiatives.Initiative",
        (
            "initiators",
            "title",
            "summary",
            "description",
            "ask",
            "image",
            "image_alt",
            "intake_note",
            "intake_answer",
            "hidden_reason",
        ),
        Kind.INITIATIVES,
        _("to register what residents want together and start a dialogue with the municipality"),
        LegalBasis.PUBLIC_TASK,
        _("everyone, once the coordinator accepted it; before that the initiators and the coordinators"),
        PUBLIC_RECORD,
    ),
    Entry(
        "initiatives.Initiator",
        ("initiative", "user", "role", "joined_at"),
        Kind.INITIATIVES,
        _("to show who speaks for an initiative"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        _(
            "while you are an initiator; when you delete your account, your co-initiators take over, or a lone "
            "initiative is withdrawn"
        ),
    ),
    Entry(
        "initiatives.Support",
        ("user", "listed_publicly", "neighbourhood", "created_at"),
        Kind.SUPPORTS,
        _("to show how many neighbours back an initiative"),
        LegalBasis.CONSENT,
        _("your name only when you chose to show it; otherwise only the count"),
        _("until you withdraw it; when you delete your account it stays counted, anonymously"),
    ),
    Entry(
        "initiatives.Follow",
        ("user", "created_at"),
        Kind.FOLLOWS,
        _("to send you news of initiatives you follow"),
        LegalBasis.CONSENT,
        ONLY_YOU,
        UNTIL_ERASED,
    ),
    Entry(
        "initiatives.InitiativeUpdate",
        ("author", "text", "hidden_reason"),
        Kind.UPDATES,
        _("to share news of an initiative with its supporters and followers"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        PUBLIC_RECORD,
    ),
    Entry(
        "initiatives.Invitation",
        ("email", "invited_by", "accepted_by", "token"),
        Kind.INVITATIONS,
        _("to invite someone by e-mail to become a co-initiator"),
        LegalBasis.CONSENT,
        _("the initiators of the initiative"),
        _("open invitations expire after 30 days and are removed %(days)s days after that"),
        retention_setting="PRIVACY_STALE_INVITATION_DAYS",
    ),
    Entry(
        "initiatives.JoinRequest",
        ("user", "message", "answered_by"),
        Kind.INVITATIONS,
        _("to let you ask the initiators of an initiative to join them as co-initiator"),
        LegalBasis.CONSENT,
        _("the initiators of the initiative"),
        UNTIL_ERASED,
    ),
    Entry(
        "initiatives.NetworkInvitation",
        ("invited_by", "answered_by"),
        Kind.NETWORKS,
        _("to let a network's administrators invite an initiative, and its initiators answer"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("the network's administrators and the initiators of the initiative"),
        UNTIL_ERASED,
    ),
    Entry(
        "initiatives.InitiativeLink",
        ("created_by",),
        Kind.STAFF_WORK,
        _("to show who linked two initiatives as related or duplicates"),
        LegalBasis.PUBLIC_TASK,
        _("coordinators"),
        UNTIL_ERASED,
    ),
    Entry(
        "initiatives.Report",
        ("reporter", "reason", "resolved_by"),
        Kind.REPORTS,
        _("to let coordinators act on content that breaks the rules"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("coordinators of the district"),
        _("until you delete your account"),
    ),
    Entry(
        "connect.Reaction",
        ("author", "body", "hidden_by", "hidden_reason"),
        Kind.REACTIONS,
        _("to let neighbours talk about an initiative in public"),
        LegalBasis.CONSENT,
        _("everyone (public); a hidden reaction and its reason only the district's coordinators"),
        PUBLIC_RECORD,
    ),
    Entry(
        "connect.ReactionsClosed",
        ("closed_by",),
        Kind.REACTIONS,
        _("to keep track of who closed the reactions on an initiative"),
        LegalBasis.PUBLIC_TASK,
        _("coordinators and administrators"),
        _("until the reactions are opened again"),
    ),
    Entry(
        "connect.ReactionReport",
        ("reporter", "reason", "resolved_by"),
        Kind.REPORTS,
        _("to let coordinators act on reactions that break the rules"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("coordinators of the district"),
        _("until you delete your account"),
    ),
    Entry(
        "connect.Need",
        ("created_by", "text"),
        Kind.HELP,
        _("to show neighbours what an initiative needs"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        PUBLIC_RECORD,
    ),
    Entry(
        "connect.Offer",
        ("helper", "message", "show_name", "state"),
        Kind.HELP,
        _("to pass your offer of help to the initiators and, if they accept it, show your name if you chose so"),
        LegalBasis.CONSENT,
        _(
            "your message: only the initiators; your name: everyone, only when the initiators accepted your help "
            "and you chose to show it"
        ),
        _("declined offers are removed after %(days)s days; all your offers when you delete your account"),
        retention_setting="PRIVACY_DECLINED_OFFER_DAYS",
    ),
    Entry(
        "connect.HelperProfile",
        ("user", "district", "hear_about_needs"),
        Kind.HELP,
        _("to tell you when an initiative in your district needs one of your skills"),
        LegalBasis.CONSENT,
        ONLY_YOU,
        UNTIL_ERASED,
    ),
    Entry(
        "connect.HelperSkill",
        ("user", "skill"),
        Kind.HELP,
        _("to tell you when an initiative in your district needs one of your skills"),
        LegalBasis.CONSENT,
        ONLY_YOU,
        UNTIL_ERASED,
    ),
    Entry(
        "dialogues.Dialogue",
        ("opened_by", "question", "referral"),
        Kind.DIALOGUES,
        _("to track a dialogue between an initiative and the municipality until a reasoned outcome"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        PUBLIC_RECORD,
    ),
    Entry(
        "dialogues.Message",
        ("author", "actor_name", "actor_kind", "actor_job_title", "actor_department", "text"),
        Kind.DIALOGUES,
        _("the public record of what was said in a dialogue, and by whom in which role"),
        LegalBasis.PUBLIC_TASK,
        _("everyone; internal notes only officials and coordinators"),
        _("%(public_record)s Internal notes are removed %(days)s days after the dialogue ended."),
        retention_setting="PRIVACY_INTERNAL_NOTE_DAYS",
    ),
    Entry(
        "dialogues.DialogueEvent",
        ("actor", "actor_name", "actor_kind", "actor_job_title", "actor_department", "reason", "params"),
        Kind.DIALOGUES,
        _("the public record of each step in a dialogue, and who took it"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        PUBLIC_RECORD,
    ),
    Entry(
        "dialogues.DialogueAssignment",
        ("official", "official_name", "assigned_by", "job_title"),
        Kind.STAFF_WORK,
        _("to show which official answers a dialogue, in which role"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        _("kept as public record; when the account ends, only the role remains"),
    ),
    Entry(
        "dialogues.Outcome",
        ("decided_by", "actor_name", "actor_kind", "actor_job_title", "actor_department", "summary", "reasoning"),
        Kind.STAFF_WORK,
        _("the reasoned outcome of a dialogue and who decided it, in which role"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        _("kept as public record; when the account ends, only the role remains"),
    ),
    Entry(
        "dialogues.Commitment",
        ("owner", "owner_label", "what", "done_by", "dropped_reason"),
        Kind.STAFF_WORK,
        _("to track what was promised in an outcome, by whom and by when"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        _("kept as public record; when the account ends, only the role remains"),
    ),
    Entry(
        "support.SupportRequest",
        ("created_by", "supporter", "assigned_by", "description", "closing_note"),
        Kind.SUPPORT_REQUESTS,
        _("to help an initiative with what it needs"),
        LegalBasis.PUBLIC_TASK,
        _("the initiators, the district's coordinators and the supporter assigned"),
        _("kept with the initiative; when you delete your account it stays without your name"),
    ),
    Entry(
        "support.Event",
        ("organiser",),
        Kind.STAFF_WORK,
        _("to show who organises an event"),
        LegalBasis.PUBLIC_TASK,
        PUBLIC,
        _("kept with the event"),
    ),
    Entry(
        "support.Registration",
        ("user", "status", "created_at"),
        Kind.EVENTS,
        _("to keep your place at an event and tell you about changes"),
        LegalBasis.CONSENT,
        _("the organiser and the district's coordinators (attendee list)"),
        _("until you delete your account; your places at future events are then cancelled"),
    ),
    Entry(
        "notifications.Notification",
        # Why an e-mail could not be sent may name the address (a mail server's answer).
        ("recipient", "params", "url", "read_at", "email_error"),
        Kind.NOTIFICATIONS,
        _("to tell you what happened to initiatives and dialogues you take part in"),
        LegalBasis.CONTRACT,
        ONLY_YOU,
        _("read notifications are removed after %(days)s days"),
        retention_setting="PRIVACY_READ_NOTIFICATION_DAYS",
    ),
    Entry(
        "notifications.NotificationPreference",
        ("user", "email"),
        Kind.NOTIFICATIONS,
        _("to e-mail you as often as you chose"),
        LegalBasis.CONTRACT,
        ONLY_YOU,
        UNTIL_ERASED,
    ),
    Entry(
        "notifications.ReminderSent",
        ("recipient", "failure"),
        Kind.NOTIFICATIONS,
        _("to send each reminder about a deadline exactly once"),
        LegalBasis.PUBLIC_TASK,
        _("administrators"),
        UNTIL_ERASED,
    ),
    Entry(
        "privacy.AccessLog",
        ("actor", "actor_role", "subjects", "path"),
        Kind.ACCESS,
        _("to show who looked at personal data, and to let you see which roles looked at yours"),
        LegalBasis.LEGAL_OBLIGATION,
        _("administrators; you see which roles looked at your support requests"),
        _("%(days)s days"),
        retention_setting="PRIVACY_ACCESS_LOG_DAYS",
    ),
    Entry(
        "privacy.Erasure",
        ("user",),
        Kind.ACCOUNT,
        _("to prove that an account was erased, without keeping who it was"),
        LegalBasis.LEGAL_OBLIGATION,
        _("administrators"),
        _("indefinitely; it holds no personal data"),
    ),
    Entry(
        "privacy.InactivityWarning",
        ("user", "last_login_at"),
        Kind.ACCOUNT,
        _("to warn you before an unused account is anonymised"),
        LegalBasis.LEGITIMATE_INTEREST,
        ONLY_YOU,
        _("until you log in again"),
    ),
    Entry(
        "inbound.InboundMail",
        ("sender", "subject", "raw", "user"),
        Kind.DIALOGUES,
        _("to put your reply by e-mail in the dialogue, and to let staff check what came in"),
        LegalBasis.PUBLIC_TASK,
        _("administrators; what you wrote appears in the dialogue like a message on the site"),
        _("%(days)s days; removed at once when you delete your account"),
        retention_setting="PRIVACY_INBOUND_MAIL_DAYS",
    ),
    Entry(
        "inbound.AwayNotice",
        ("user", "subject"),
        Kind.STAFF_WORK,
        _("to tell the coordinator that an official may be away, so a dialogue does not wait for nothing"),
        LegalBasis.PUBLIC_TASK,
        _("coordinators of the district"),
        _("%(days)s days"),
        retention_setting="PRIVACY_INBOUND_MAIL_DAYS",
    ),
    # Every model with simple-history keeps copies of its fields as they were: the same data, the same
    # rules, plus who made each change. Erasure reaches these copies too.
    Entry(
        "history",
        ("history_user", "history_change_reason"),
        Kind.HISTORY,
        _("to keep the history of every change: who changed what and when"),
        LegalBasis.PUBLIC_TASK,
        _("coordinators and administrators"),
        _("as long as the record it belongs to; your name and e-mail address are erased from it with your account"),
    ),
    Entry(
        "sessions.Session",
        ("session_data",),
        Kind.SECURITY,
        _("to keep you logged in"),
        LegalBasis.CONTRACT,
        ONLY_YOU,
        _("until it expires (two weeks); expired sessions are removed every day"),
    ),
    Entry(
        "admin.LogEntry",
        ("user", "object_repr", "change_message"),
        Kind.SECURITY,
        _("to keep track of what administrators changed"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("administrators"),
        _("%(days)s days"),
        retention_setting="PRIVACY_ACCESS_LOG_DAYS",
    ),
)


# Fields that look personal to the register's check but are not, and why.
NOT_PERSONAL: dict[str, str] = {
    "districts.District.name": "the name of a district",
    "districts.District.email": "the district platform's public contact address",
    "districts.District.phone": "the district platform's public phone number",
    "districts.District.address": "the district platform's visiting address",
    "districts.Area.name": "the name of an area",
    "districts.Department.name": "the name of a municipal department",
    "districts.Holiday.name": "the name of a public holiday",
    "initiatives.Network.name": "the name of an organisation",
    "initiatives.Network.description": "describes an organisation, not a person",
    "initiatives.Network.website": "the public website of an organisation",
    "districts.District.website": "the district platform's public website",
    "notifications.Notification.dedupe_key": "a technical key that keeps a notification from being sent twice",
    "notifications.Notification.email_status": "whether the e-mail went out, not an address",
    "dialogues.DialogueAssignment.department_name": "the name of a department",
    "dialogues.DialogueAssignment.dialogue": "a link between records",
    "dialogues.StatisticsRow.lead_department_name": "the name of a department",
    "support.Scheme.name": "the name of a subsidy scheme",
    "support.Scheme.provider_name": "the name of a fund or organisation",
    "support.Event.title": "describes an event, not a person",
    "support.Event.description": "describes an event, not a person",
    "support.Event.audience": "describes an event's audience, not a person",
    "support.Event.location": "the public place of an event",
    "support.Event.online_url": "the public link of an event",
    "notifications.ReminderSent.kind": "the kind of reminder",
    "privacy.AccessLog.what": "the kind of data looked at",
    "inbound.InboundMail.message_id": "a mail program's technical message number",
    "inbound.InboundMail.reason": "why a mail was refused, a code",
}


def entries_for(model_label: str) -> list[Entry]:
    """Return the register's entries for a model ("app_label.ModelName")."""
    return [entry for entry in REGISTER if entry.model.lower() == model_label.lower()]


def registered_fields(model_label: str) -> set[str]:
    """Return the names of the fields of `model_label` the register lists."""
    return {name for entry in entries_for(model_label) for name in entry.fields}


def retention_days(entry: Entry) -> int | None:
    """Return the retention period of `entry` in days, when a setting gives it."""
    return getattr(settings, entry.retention_setting) if entry.retention_setting else None


def _retention_text(entry: Entry) -> str:
    return str(entry.retention) % {"days": retention_days(entry) or "", "public_record": PUBLIC_RECORD}


def _field_labels(entry: Entry) -> list[str]:
    if entry.model == "history":
        return [str(_("who made a change")), str(_("why"))]
    try:
        model = apps.get_model(entry.model)
    except (LookupError, ValueError):
        return list(entry.fields)
    return [str(model._meta.get_field(name).verbose_name) for name in entry.fields]


def register_rows() -> list[dict]:
    """Return the register as rows for display, grouped by kind, in the active language."""
    rows = []
    for kind in Kind:
        for entry in REGISTER:
            if entry.kind != kind:
                continue
            rows.append(
                {
                    "kind": str(kind.label),
                    "data": ", ".join(_field_labels(entry)),
                    "purpose": str(entry.purpose),
                    "legal_basis": str(LegalBasis(entry.legal_basis).label),
                    "visible_to": str(entry.visible_to),
                    "retention": _retention_text(entry),
                }
            )
    return rows
