"""The daily digest: one e-mail per person per working day with what they chose to read once a day.

It lists the person's notifications kept for the digest, and again, as an overview, the notifications of
the kinds marked `in_digest` (escalations) that were in no digest yet. Exactly once per person and
day, by the same machinery as reminders: a `ReminderSent` row ("digest", person, date).
"""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from districts.workdays import is_working_day, load_holidays, local_date
from mokum.text import email_subject
from notifications.kinds import digest_kinds
from notifications.models import EmailFrequency, Notification, NotificationPreference
from notifications.reminders import Due, register_subject, reminders_record

SUBJECT = "digest"
KIND = "daily_digest"


def _listed():
    """Return the notifications a digest lists: kept for it, or overview kinds not in a digest yet."""
    return Q(email_status=Notification.EmailStatus.DIGEST) | Q(kind__in=digest_kinds(), digested_at__isnull=True)


def digests_scan(*, now=None) -> int:
    """Record a digest for everyone who has something in it today, and send them after commit.

    Runs on working days only; the unique constraint makes a second run the same day send nothing.
    Returns how many digests this run recorded.
    """
    now = now or timezone.now()
    holidays = load_holidays()
    today = local_date(now)
    if not is_working_day(today, holidays):
        return 0
    off = NotificationPreference.objects.filter(user=OuterRef("recipient"), email=EmailFrequency.OFF)
    people = (
        Notification.objects.filter(_listed(), recipient__is_active=True)
        .exclude(Exists(off))
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    with transaction.atomic():
        due = [Due(SUBJECT, pk, today.isoformat(), KIND, pk) for pk in people]
        recorded = reminders_record(due, now=now)
    return len(recorded.reminder_ids)


def render_digest(user, notifications, *, now) -> EmailMultiAlternatives:
    """Build the digest e-mail for `user` in their language."""
    from notifications.services import absolute_url, language_of, preferences_url

    language = language_of(user)
    with translation.override(language):
        items = [
            {
                "subject": n.subject,
                "body": n.body,
                "link": absolute_url(n.url) if n.url else "",
                "created_at": n.created_at,
                "repeat": n.email_status != Notification.EmailStatus.DIGEST,
            }
            for n in notifications
        ]
        waiting = [item for item in items if not item["repeat"]]
        overview = [item for item in items if item["repeat"]]
        subject = ngettext(
            "Your daily overview: %(count)d notification",
            "Your daily overview: %(count)d notifications",
            len(items),
        ) % {"count": len(items)}
        context = {
            "LANGUAGE_CODE": language,
            "recipient": user,
            "subject": subject,
            "waiting": waiting,
            "overview": overview,
            "count": len(items),
            "day": local_date(now),
            "notifications_link": absolute_url("/notifications/"),
            "preferences_link": preferences_url(),
        }
        text = render_to_string("notifications/digest.txt", context)
        html = render_to_string("notifications/digest.html", context)
    message = EmailMultiAlternatives(subject=email_subject("[Kracht van Mokum]", subject), body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def deliver_digest(row, now) -> bool:
    """Send the digest of `row` (locked by the caller) and mark what it lists as e-mailed; False: nothing to send."""
    from notifications.services import email_frequency, message_id

    user = row.recipient
    if not user.is_active or not user.email or email_frequency(user) == EmailFrequency.OFF:
        return False
    notifications = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(_listed(), recipient=user)
        .order_by("created_at", "pk")
    )
    if not notifications:
        return False
    message = render_digest(user, notifications, now=now)
    message.extra_headers["Message-ID"] = message_id(f"digest-{row.pk}")
    message.send()
    kept = [n.pk for n in notifications if n.email_status == Notification.EmailStatus.DIGEST]
    Notification.objects.filter(pk__in=kept).update(email_status=Notification.EmailStatus.SENT, emailed_at=now)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(digested_at=now)
    return True


register_subject(SUBJECT, deliver=deliver_digest)
