"""The register's retention rules, applied by a daily task: each rule removes what is past its period and
says how much it removed. The periods are settings (PRIVACY_*_DAYS, see mokum/settings.py)."""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from connect.models import Offer
from dialogues.models import ENDED_STATES, Message
from inbound.models import AwayNotice, InboundMail
from initiatives.models import Initiator, Invitation, Support
from notifications.models import Notification
from notifications.services import notify
from privacy.models import AccessLog, Erasure, InactivityWarning
from privacy.services import account_erase

logger = logging.getLogger(__name__)


def _days(setting):
    return timedelta(days=getattr(settings, setting))


def forget_unverified_signups(*, now) -> int:
    """Delete accounts whose e-mail address was never verified, and that did nothing, after the period."""
    cutoff = now - _days("PRIVACY_UNVERIFIED_SIGNUP_DAYS")
    # Only sign-ups with an address waiting for verification: accounts made by an administrator have none.
    unverified = EmailAddress.objects.filter(verified=False).values("user_id")
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = (
        User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False, last_login__isnull=True)
        .filter(pk__in=unverified)
        .exclude(pk__in=verified)
        .exclude(pk__in=Role.objects.values("user_id"))
        .exclude(pk__in=Initiator.objects.values("user_id"))
        .exclude(pk__in=Support.objects.values("user_id"))
        .exclude(pk__in=Erasure.objects.values("user_id"))
        .exclude(pk__in=Message.objects.filter(author__isnull=False).values("author_id"))
    )
    count = 0
    for user in stale:
        try:
            with transaction.atomic():
                user.delete()
            count += 1
        except Exception:  # something else still points at it (protected): keep it, the next run retries
            logger.warning("Unverified account %s could not be removed", user.pk, exc_info=True)
    return count


def forget_read_notifications(*, now) -> int:
    """Delete notifications read longer ago than the period."""
    cutoff = now - _days("PRIVACY_READ_NOTIFICATION_DAYS")
    return Notification.objects.filter(read_at__lt=cutoff).delete()[0]


def forget_internal_notes(*, now) -> int:
    """Delete internal notes of dialogues that ended longer ago than the period."""
    cutoff = now - _days("PRIVACY_INTERNAL_NOTE_DAYS")
    return Message.objects.filter(
        is_internal=True, dialogue__state__in=ENDED_STATES, dialogue__ended_at__lt=cutoff
    ).delete()[0]


def forget_stale_invitations(*, now) -> int:
    """Delete invitations that were never accepted, the period after they expired."""
    cutoff = now - Invitation.VALID_FOR - _days("PRIVACY_STALE_INVITATION_DAYS")
    return Invitation.objects.filter(accepted_at__isnull=True, created_at__lt=cutoff).delete()[0]


def forget_access_logs(*, now) -> int:
    """Delete logs of who looked at personal data, and the admin's change log, after the period."""
    cutoff = now - _days("PRIVACY_ACCESS_LOG_DAYS")
    return (
        AccessLog.objects.filter(created_at__lt=cutoff).delete()[0]
        + LogEntry.objects.filter(action_time__lt=cutoff).delete()[0]
    )


def forget_inbound_mail(*, now) -> int:
    """Delete incoming e-mails (their sender and original text) and out-of-office notices after the period."""
    cutoff = now - _days("PRIVACY_INBOUND_MAIL_DAYS")
    return (
        InboundMail.objects.filter(received_at__lt=cutoff).delete()[0]
        + AwayNotice.objects.filter(noticed_at__lt=cutoff).delete()[0]
    )


def forget_sessions(*, now) -> int:
    """Delete expired sessions (they hold who was logged in)."""
    return Session.objects.filter(expire_date__lt=now).delete()[0]


def forget_export_files(*, now) -> int:
    """Delete downloads built by the task once their link has expired."""
    from privacy.export import export_storage

    storage = export_storage()
    try:
        _folders, files = storage.listdir("")
    except FileNotFoundError:  # nothing was ever exported
        return 0
    cutoff = now - timedelta(hours=settings.PRIVACY_EXPORT_LINK_HOURS)
    count = 0
    for name in files:
        if name.endswith(".zip") and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            count += 1
    return count


def warn_inactive_accounts(*, now) -> int:
    """Warn residents who have not logged in for the period minus the warning time; once per absence."""
    period, warning = _days("PRIVACY_INACTIVE_ACCOUNT_DAYS"), _days("PRIVACY_INACTIVE_WARNING_DAYS")
    cutoff = now - period + warning
    candidates = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(pk__in=Role.objects.values("user_id"))
        .exclude(pk__in=InactivityWarning.objects.values("user_id"))
    )
    count = 0
    for user in candidates:
        with transaction.atomic():
            InactivityWarning.objects.create(user=user, last_login_at=user.last_login, sent_at=now)
            notify(
                recipients=[user],
                kind="privacy_inactive_account",
                params={"date": timezone.localdate(now + warning).strftime("%d-%m-%Y")},
                url="/accounts/login/",
                dedupe_key=f"inactive-{user.pk}-{(user.last_login or user.date_joined).date().isoformat()}",
            )
        count += 1
    return count


def anonymise_inactive_accounts(*, now) -> int:
    """Anonymise accounts warned at least the warning time ago that did not log in since."""
    warning = _days("PRIVACY_INACTIVE_WARNING_DAYS")
    count = 0
    for record in InactivityWarning.objects.filter(sent_at__lte=now - warning).select_related("user"):
        user = record.user
        if user.last_login and (record.last_login_at is None or user.last_login > record.last_login_at):
            record.delete()  # they came back: the warning is void
            continue
        if account_erase(user=user, by=Erasure.By.RETENTION, now=now, notify_person=False) is not None:
            count += 1
    return count


def forget_declined_offers(*, now) -> int:
    """Delete offers of help the initiators declined longer ago than the period, with their history copies."""
    cutoff = now - _days("PRIVACY_DECLINED_OFFER_DAYS")
    stale = Offer.objects.filter(state=Offer.State.DECLINED, decided_at__lt=cutoff)
    ids = list(stale.values_list("pk", flat=True))
    with transaction.atomic():
        count = Offer.objects.filter(pk__in=ids).delete()[0]
        Offer.history.filter(id__in=ids).delete()
    return count


RULES = (
    ("unverified_signups", forget_unverified_signups),
    ("read_notifications", forget_read_notifications),
    ("internal_notes", forget_internal_notes),
    ("stale_invitations", forget_stale_invitations),
    ("declined_offers", forget_declined_offers),
    ("access_logs", forget_access_logs),
    ("inbound_mail", forget_inbound_mail),
    ("sessions", forget_sessions),
    ("export_files", forget_export_files),
    ("inactive_accounts_warned", warn_inactive_accounts),
    ("inactive_accounts_anonymised", anonymise_inactive_accounts),
)


def apply_retention(*, now=None) -> dict[str, int]:
    """Apply every retention rule; return how many records each removed (or warned)."""
    now = now or timezone.now()
    report = {}
    for name, rule in RULES:
        report[name] = rule(now=now)
        logger.info("Retention %s: %s", name, report[name])
    return report
