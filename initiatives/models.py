from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.querysets import InitiativeQuerySet


class Theme(models.Model):
    """A policy theme an initiative is about; the set is fixed in code so every name is translated."""

    class Slug(models.TextChoices):
        SOCIAL = "social", _("social domain")
        HOUSING = "housing", _("housing")
        ENERGY = "energy", _("energy")
        MOBILITY = "mobility", _("mobility")
        PUBLIC_SPACE = "public-space", _("public space")
        GREENERY = "greenery", _("greenery")
        CULTURE = "culture", _("culture")
        YOUTH = "youth", _("youth")
        CARE = "care", _("elderly and care")
        SAFETY = "safety", _("safety")
        ECONOMY = "economy", _("economy and work")
        OTHER = "other", _("other")

    slug = models.SlugField(_("theme"), max_length=20, choices=Slug.choices, unique=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["slug"]

    def __str__(self):
        return str(self.get_slug_display())


class Network(models.Model):
    """A buurtplatform or bewonersnetwerk: an organisation of residents that initiatives may belong to."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD_PLATFORM = "platform", _("neighbourhood platform")
        RESIDENTS_NETWORK = "network", _("residents' network")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RESIDENTS_NETWORK)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    website = models.URLField(_("website"), blank=True)
    districts = models.ManyToManyField("districts.District", related_name="networks", verbose_name=_("districts"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="NetworkMembership", related_name="networks", verbose_name=_("members")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:network", kwargs={"slug": self.slug})


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships")
    is_admin = models.BooleanField(_("administrator"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="network_member_once")]

    def __str__(self):
        return f"{self.user} in {self.network}"


class Initiative(models.Model):
    """A wish residents carry together, registered with its district, on its way to a dialogue and a result."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        INTAKE = "intake", _("in intake")
        INFORMATION_REQUESTED = "information_requested", _("more information asked")
        ACTIVE = "active", _("active")
        REALISED = "realised", _("realised")
        STRANDED = "stranded", _("stranded")
        WITHDRAWN = "withdrawn", _("withdrawn")
        REFUSED = "refused", _("not accepted")

    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), max_length=6000)
    ask = models.TextField(_("what you ask of the municipality"), max_length=3000, blank=True)
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("district")
    )
    area = models.ForeignKey(
        "districts.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("area"),
    )
    themes = models.ManyToManyField(Theme, related_name="initiatives", verbose_name=_("themes"))
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("network"),
    )
    image = models.ImageField(_("image"), upload_to="initiatives/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    initiators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Initiator", related_name="initiatives", verbose_name=_("initiators")
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    # The coordinator's latest question (information asked) or reason (not accepted); history keeps earlier ones.
    intake_note = models.TextField(_("note from the intake"), max_length=3000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True, db_index=True)
    # Kept in step with Support rows by the support services, so lists sort and show counts without counting.
    supporter_count = models.PositiveIntegerField(_("supporters"), default=0)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)

    history = HistoricalRecords(excluded_fields=["supporter_count", "last_activity_at", "updated_at"])
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "district", "-created_at"], name="initiative_status_district"),
            models.Index(fields=["-supporter_count"], name="initiative_supporters"),
            models.Index(fields=["district", "status", "submitted_at"], name="initiative_intake_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                name="initiative_hidden_has_reason",
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                violation_error_message=_("Hidden content needs a reason."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"pk": self.pk})


class Initiator(models.Model):
    """A person who owns or co-owns an initiative and speaks for it."""

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        CO_INITIATOR = "co_initiator", _("co-initiator")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="initiator_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiator_links")
    role = models.CharField(_("role"), max_length=14, choices=Role.choices, default=Role.CO_INITIATOR)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("initiator")
        verbose_name_plural = _("initiators")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiator_once"),
            models.UniqueConstraint(fields=["initiative"], condition=Q(role="owner"), name="initiative_one_owner"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"
