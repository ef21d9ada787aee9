from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mokum.text import sanitise_rich_text
from support.querysets import ArticleQuerySet, EventQuerySet, SchemeQuerySet, SupportRequestQuerySet

if TYPE_CHECKING:
    from accounts.models import User


class SupportRequest(models.Model):
    """An initiative's request for help, handled as a case: a supporter is assigned and closes it with a note."""

    class Need(models.TextChoices):
        MUNICIPALITY = "municipality", _("finding the way in the municipality")
        SUBSIDY = "subsidy", _("subsidy")
        FUNDRAISING = "fundraising", _("fundraising or sponsoring")
        ORGANISATION = "organisation", _("organisation and management")
        SUPPORT = "support", _("building support")
        MEDIA = "media", _("media and communication")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEW = "new", _("new, waiting for a supporter")
        ASSIGNED = "assigned", _("assigned to a supporter")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DECLINED = "declined", _("declined")

        @classmethod
        def open(cls):
            """Return the statuses of a request someone still has to act on."""
            return (cls.NEW, cls.ASSIGNED, cls.IN_PROGRESS)

        @classmethod
        def closed(cls):
            """Return the statuses of a request that is finished: done or declined."""
            return (cls.DONE, cls.DECLINED)

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("initiative"),
    )
    need = models.CharField(_("what you need help with"), max_length=20, choices=Need.choices)
    description = models.TextField(_("description"), max_length=3000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests_assigned",
        verbose_name=_("supporter"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_requests_made",
        verbose_name=_("asked by"),
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    assigned_at = models.DateTimeField(_("assigned on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = SupportRequestQuerySet.as_manager()
    # Who made the next save, for its history entry (django-simple-history reads it).
    _history_user: "User | None"

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="support_request_due"),
            models.Index(fields=["supporter", "status"], name="support_request_inbox"),
        ]
        constraints = [
            models.CheckConstraint(
                name="support_request_assigned_has_supporter",
                condition=Q(status="new") | Q(status="declined") | Q(supporter__isnull=False),
                violation_error_message=_("An assigned request has a supporter."),
            ),
            models.CheckConstraint(
                name="support_request_closed_has_note",
                condition=~Q(status__in=["done", "declined"]) | ~Q(closing_note=""),
                violation_error_message=_("A closed request has a closing note."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.get_need_display()}"

    def get_absolute_url(self):
        return reverse("support:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status in self.Status.open()


class Scheme(models.Model):
    """A subsidy scheme or fund an initiative can apply to: who gives, for what, how much and until when."""

    class ProviderType(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        DISTRICT = "district", _("district")
        FOUNDATION = "foundation", _("foundation or fund")
        COMPANY = "company", _("company")

    name = models.CharField(_("name"), max_length=160)
    provider_type = models.CharField(_("kind of provider"), max_length=12, choices=ProviderType.choices)
    provider_name = models.CharField(_("provider"), max_length=160)
    description = models.TextField(_("what it is for"), max_length=3000)
    themes = models.ManyToManyField("initiatives.Theme", related_name="schemes", verbose_name=_("themes"))
    districts = models.ManyToManyField(
        "districts.District",
        related_name="schemes",
        blank=True,
        verbose_name=_("districts"),
        help_text=_("Leave empty when the scheme is open to the whole city."),
    )
    amount_min = models.PositiveIntegerField(_("lowest amount (euros)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("highest amount (euros)"), null=True, blank=True)
    opens_on = models.DateField(_("open from"), null=True, blank=True)
    deadline = models.DateField(
        _("application deadline"), null=True, blank=True, help_text=_("Leave empty when you can apply at any time.")
    )
    eligibility = models.TextField(_("who can apply"), max_length=3000)
    link = models.URLField(_("link"), max_length=500)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demonstration data: shown with an “example” label.")
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("subsidy scheme or fund")
        verbose_name_plural = _("subsidy schemes and funds")
        ordering = [F("deadline").asc(nulls_last=True), "name"]
        indexes = [models.Index(fields=["published", "deadline"], name="scheme_open")]
        constraints = [
            models.CheckConstraint(
                name="scheme_amounts_in_order",
                condition=Q(amount_min__isnull=True) | Q(amount_max__isnull=True) | Q(amount_min__lte=F("amount_max")),
                violation_error_message=_("The lowest amount cannot be higher than the highest amount."),
            ),
            models.CheckConstraint(
                name="scheme_opens_before_deadline",
                condition=Q(opens_on__isnull=True) | Q(deadline__isnull=True) | Q(opens_on__lte=F("deadline")),
                violation_error_message=_("The scheme must open before its deadline."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("support:scheme_detail", kwargs={"pk": self.pk})

    def is_open_on(self, today):
        """Tell whether applications are accepted on `today`."""
        return (self.opens_on is None or self.opens_on <= today) and (self.deadline is None or self.deadline >= today)


class Article(models.Model):
    """A short guide, written in one language: how to apply for a subsidy, approach the press, and so on."""

    class Category(models.TextChoices):
        SUBSIDY = "subsidy", _("subsidies and funds")
        SUPPORT = "support", _("building support")
        PRESS = "press", _("press and media")
        MUNICIPALITY = "municipality", _("how the municipality works")
        ORGANISATION = "organisation", _("organisation and management")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("address name"), max_length=160, unique=True)
    category = models.CharField(_("category"), max_length=14, choices=Category.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text"), max_length=20000)
    is_example = models.BooleanField(_("example"), default=False)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["-updated_at", "title"]
        indexes = [models.Index(fields=["published", "language", "category"], name="article_list")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whatever the way in (site form, admin, demo data), only safe rich text is stored.
        self.body = sanitise_rich_text(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("support:article", kwargs={"slug": self.slug})


class Event(models.Model):
    """A symposium, training, consultation or network meeting, with registration up to its capacity."""

    class Kind(models.TextChoices):
        SYMPOSIUM = "symposium", _("symposium")
        TRAINING_RESIDENTS = "training_residents", _("training for residents")
        TRAINING_OFFICIALS = "training_officials", _("training for officials")
        CONSULTATION = "consultation", _("consultation")
        NETWORK_MEETING = "network_meeting", _("network meeting")

    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    audience = models.CharField(_("for whom"), max_length=200)
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("district"),
        help_text=_("Leave empty for a city-wide event."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("number of places"), validators=[MinValueValidator(1)])
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="events_organised",
        verbose_name=_("organiser"),
    )
    published = models.BooleanField(_("published"), default=True)
    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("dialogue"),
        help_text=_("The dialogue this meeting is about; its agreed points can then be put on that dialogue’s record."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["published", "starts_at"], name="event_upcoming")]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start",
                condition=Q(ends_at__gt=F("starts_at")),
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                name="event_has_capacity",
                condition=Q(capacity__gte=1),
                violation_error_message=_("Give at least one place."),
            ),
            models.CheckConstraint(
                name="event_has_place_or_link",
                condition=~Q(location="") | ~Q(online_url=""),
                violation_error_message=_("Give a place, an online link, or both."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:event_detail", kwargs={"pk": self.pk})


class Registration(models.Model):
    """A person's place at an event: confirmed, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("registered on"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    # Who made the next save, for its history entry (django-simple-history reads it).
    _history_user: "User | None"

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=~Q(status="cancelled"), name="registration_once_per_event"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.event} ({self.get_status_display()})"
