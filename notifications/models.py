from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mokum.dates import long_date
from notifications.querysets import NotificationQuerySet

# Params that hold a date: kept as YYYY-MM-DD and written out in the reader's language when shown, so a
# mail and a page write the same date the same way ("vrijdag 11 december 2026").
DATE_PARAMS = ("deadline", "due", "due_date")


class Notification(models.Model):
    """One message to one person: kept in the database, shown in the app, and e-mailed after commit.

    Because the row is written in the same transaction as the action that causes it, nothing is lost
    when the broker is down: undelivered rows are picked up by the sweep.
    """

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        DIGEST = "digest", _("in the daily digest")
        SKIPPED = "skipped", _("not e-mailed")
        # Refused for a reason another try cannot fix (a broken address or header, a permanent SMTP rejection).
        FAILED = "failed", _("could not be sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Makes a repeated call harmless: one notification per recipient and key.
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_error = models.TextField(_("why the e-mail failed"), blank=True)
    # When a daily digest listed it (kept for the digest, or an escalation repeated as an overview).
    digested_at = models.DateTimeField(_("in a digest"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_dedupe"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_status", "created_at"], name="notification_outbox"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def kind_spec(self):
        from notifications.kinds import get_kind

        return get_kind(self.kind)

    def _shown_params(self):
        return {key: long_date(value) if key in DATE_PARAMS else value for key, value in self.params.items()}

    @property
    def subject(self):
        return self.kind_spec.subject % self._shown_params()

    @property
    def body(self):
        return self.kind_spec.body % self._shown_params()


class EmailFrequency(models.TextChoices):
    """How often a person wants e-mail about their notifications."""

    IMMEDIATELY = "immediately", _("Right away: one e-mail per notification")
    DAILY = "daily", _("Once a day: a daily overview on working days")
    OFF = "off", _("Only what decides a dialogue; the rest I read on the site")


class NotificationPreference(models.Model):
    """A person's choice of e-mail: right away, a daily digest, or none. No row means right away."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    email = models.CharField(
        _("e-mail"), max_length=12, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATELY
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user_id}: {self.email}"


class ReminderSent(models.Model):
    """The promise that one reminder about one clock reaches one person once.

    A scan inserts a row per (subject, clock, kind, recipient) in its own transaction; the unique constraint
    makes a second scan, a concurrent scan or a repeated one add nothing. After commit a task locks the
    row, gives up when the subject's clock has moved on (`given_up_at`), and otherwise writes the in-app
    notification, sends the e-mail and only then marks the row sent (`sent_at`), all in one transaction.

    `clock` identifies the turn the reminder is about: a dialogue's turn number, or a due date (ISO) for
    commitments and support requests, so a new turn or a moved due date starts a fresh ladder. A row
    without a recipient is a marker for something done once per clock, such as logging an escalation.
    """

    subject_type = models.CharField(_("about"), max_length=20)
    subject_id = models.PositiveBigIntegerField(_("number"))
    clock = models.CharField(_("turn"), max_length=32)
    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    # The scan that inserted the row: after its insert (conflicts ignored) it hands over only its own rows.
    scan = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("due since"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    given_up_at = models.DateTimeField(_("not sent, the turn moved on"), null=True, blank=True)
    # Refused for a reason another try cannot fix: the sweep and retries leave it alone, admins see why.
    failed_at = models.DateTimeField(_("could not be sent"), null=True, blank=True)
    failure = models.TextField(_("why it could not be sent"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "clock", "kind", "recipient"], name="reminder_sent_once"
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "clock", "kind"],
                condition=Q(recipient__isnull=True),
                name="reminder_marker_once",
            ),
            models.CheckConstraint(
                name="reminder_sent_or_given_up",
                condition=Q(sent_at__isnull=True) | Q(given_up_at__isnull=True),
                violation_error_message=_("A reminder is either sent or given up, not both."),
            ),
        ]
        indexes = [
            models.Index(fields=["scan"], name="reminder_scan"),
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True, given_up_at__isnull=True, failed_at__isnull=True),
                name="reminder_unsent",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_type} {self.subject_id}/{self.clock} → {self.recipient_id}"
