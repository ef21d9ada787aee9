from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMail(models.Model):
    """One e-mail that reached a reply address, and what became of it; the original is kept for staff."""

    class Outcome(models.TextChoices):
        POSTED = "posted", _("posted in the dialogue")
        AUTOMATIC = "automatic", _("automatic reply, ignored")
        BOUNCED = "bounced", _("refused, the sender was told why")
        REFUSED = "refused", _("refused without an answer")
        DUPLICATE = "duplicate", _("received before")

    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    sender = models.EmailField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    raw = models.BinaryField(_("original message"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dialogue"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    posted_message = models.ForeignKey(
        "dialogues.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same mail delivered twice (a retrying mail server, a webhook sent again) is stored once.
            models.UniqueConstraint(fields=["message_id"], condition=~models.Q(message_id=""), name="inbound_once"),
        ]
        indexes = [models.Index(fields=["sender", "received_at"], name="inbound_sender")]

    def __str__(self):
        return f"{self.sender}: {self.subject}"


class AwayNotice(models.Model):
    """An official's out-of-office reply: the coordinator sees it and may hand their dialogues to someone else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="away_notices", verbose_name=_("official")
    )
    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="away_notices", verbose_name=_("dialogue")
    )
    subject = models.CharField(_("subject of the automatic reply"), max_length=255, blank=True)
    noticed_at = models.DateTimeField(_("noticed"))

    class Meta:
        verbose_name = _("out-of-office reply")
        verbose_name_plural = _("out-of-office replies")
        ordering = ["-noticed_at"]
        indexes = [models.Index(fields=["user", "noticed_at"], name="away_user")]

    def __str__(self):
        return f"{self.user_id} away since {self.noticed_at:%Y-%m-%d}"
