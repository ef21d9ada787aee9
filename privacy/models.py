from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One look by staff at someone's personal data: who (in which role), what, when. Append-only."""

    class What(models.TextChoices):
        ATTENDEE_LIST = "attendee_list", _("attendee list of an event")
        SUPPORT_REQUEST = "support_request", _("support request")
        DASHBOARD_EXPORT = "dashboard_export", _("dashboard table with names (CSV)")
        DATA_EXPORT = "data_export", _("download of all personal data")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("looked by"),
    )
    # The role they looked in, in words as it was then; it stays when the person leaves.
    actor_role = models.CharField(_("in the role of"), max_length=120, blank=True)
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    object_id = models.PositiveBigIntegerField(_("number"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    # Whose data it was, when the look is about particular people (a support request's initiators).
    subjects = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="data_looked_at", blank=True, verbose_name=_("whose data")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["what", "object_id"], name="accesslog_object")]

    def __str__(self):
        return f"{self.get_what_display()} {self.object_id or ''} ({self.created_at:%Y-%m-%d %H:%M})"


class Erasure(models.Model):
    """The record that an account was erased: by the person or an administrator. No personal data in it.

    The user row stays as an empty placeholder so the public record keeps its links (messages, counted
    supports); this row marks it as erased, so a second request does nothing.
    """

    class By(models.TextChoices):
        PERSON = "person", _("the person themselves")
        ADMINISTRATOR = "administrator", _("an administrator")
        RETENTION = "retention", _("the retention schedule")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure", verbose_name=_("former account")
    )
    by = models.CharField(_("erased by"), max_length=16, choices=By.choices)
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    # What was removed or anonymised, as counts per kind (no content).
    summary = models.JSONField(_("what was removed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("erased account")
        verbose_name_plural = _("erased accounts")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"#{self.user_id} ({self.erased_at:%Y-%m-%d})"


class InactivityWarning(models.Model):
    """The warning, sent once per period of inactivity, that an unused account will be anonymised."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_warning", verbose_name=_("person")
    )
    # The last log-in the warning was about: a new log-in makes the warning void.
    last_login_at = models.DateTimeField(_("last log-in"), null=True, blank=True)
    sent_at = models.DateTimeField(_("warned"), default=timezone.now)

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self):
        return f"#{self.user_id} ({self.sent_at:%Y-%m-%d})"
