import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.querysets import InitiativeQuerySet
from mokum.choices import ChoiceLabels
from mokum.languages import content_language_field


class Theme(ChoiceLabels, models.Model):
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


class Initiative(ChoiceLabels, models.Model):
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

        @classmethod
        def public(cls):
            """Return the statuses in which anyone may read an initiative (withdrawn: only once it was public)."""
            return (cls.ACTIVE, cls.REALISED, cls.STRANDED)

        @classmethod
        def closed(cls):
            """Return the statuses of an initiative that has stopped: withdrawn or not accepted."""
            return (cls.WITHDRAWN, cls.REFUSED)

    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), max_length=6000)
    ask = models.TextField(_("what you ask of the municipality"), max_length=3000, blank=True)
    language = content_language_field()
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
    # The initiators' latest answer to that question; history keeps earlier ones.
    intake_answer = models.TextField(_("answer to the intake"), max_length=3000, blank=True)
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
            # The public list's default order and the home page's recent initiatives read the first rows of these.
            models.Index(fields=["-created_at", "-id"], name="initiative_newest"),
            models.Index(
                fields=["-accepted_at", "-id"],
                name="initiative_recently_accepted",
                condition=Q(accepted_at__isnull=False),
            ),
            # Only the public initiatives (the condition of `InitiativeQuerySet.public`, written out): the list's
            # count of them is read from this small index instead of every row of the table (24 → 2.5 ms at
            # 20,000 initiatives; README, "Performance").
            models.Index(
                fields=["-created_at", "-id"],
                name="initiative_public_newest",
                condition=Q(hidden_at__isnull=True)
                & (Q(status__in=["active", "realised", "stranded"]) | Q(status="withdrawn", accepted_at__isnull=False)),
            ),
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

    @property
    def is_public(self):
        """Tell whether anyone may read it; the same rule as `Initiative.objects.public()`."""
        if self.hidden_at is not None:
            return False
        return self.status in self.Status.public() or (
            self.status == self.Status.WITHDRAWN and self.accepted_at is not None
        )

    @property
    def is_editable(self):
        """Tell whether its initiators may change it: as a draft, when the intake asked for more, or while active."""
        return self.status in (self.Status.DRAFT, self.Status.INFORMATION_REQUESTED, self.Status.ACTIVE)


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


class Support(models.Model):
    """A resident backing an initiative: once per person, listed by name or counted anonymously."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="supports", verbose_name=_("initiative")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports", verbose_name=_("supporter")
    )
    listed_publicly = models.BooleanField(_("show my name"), default=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="support_once")]
        indexes = [models.Index(fields=["initiative", "created_at"], name="support_growth")]

    def __str__(self):
        return f"{self.user} → {self.initiative}"


class Follow(models.Model):
    """A person who wants to hear about an initiative's updates and dialogues."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="follows", verbose_name=_("initiative")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("follower")
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="follow_once")]

    def __str__(self):
        return f"{self.user} follows {self.initiative}"


class InitiativeUpdate(models.Model):
    """News from the initiators that reaches supporters and followers."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="updates", verbose_name=_("initiative")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="initiative_updates",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), max_length=3000)
    language = content_language_field()
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="update_hidden_has_reason",
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                violation_error_message=_("Hidden content needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.text[:40]}"

    def get_absolute_url(self):
        return f"{self.initiative.get_absolute_url()}#update-{self.pk}"


def new_invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation, sent by e-mail, to join an initiative as co-initiator; single-use and short-lived."""

    VALID_FOR = timedelta(days=30)

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("initiative")
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="invitation_accepted_by_someone",
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.initiative}"

    def get_absolute_url(self):
        return reverse("initiatives:invitation", kwargs={"token": self.token})

    def expires_at(self):
        return self.created_at + self.VALID_FOR

    def is_open(self, now=None):
        return self.accepted_at is None and (now or timezone.now()) < self.expires_at()


class Report(models.Model):
    """Someone's report that an initiative or one of its updates is inappropriate, until a coordinator acts."""

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("hidden")
        DISMISSED = "dismissed", _("dismissed")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="reports", verbose_name=_("initiative")
    )
    # Empty when the report is about the initiative itself.
    update = models.ForeignKey(
        InitiativeUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("update"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                name="report_resolved_with_outcome",
                condition=Q(resolved_at__isnull=True, outcome="") | (Q(resolved_at__isnull=False) & ~Q(outcome="")),
            ),
            # One open report per person and thing reported; two conditions because NULLs never collide.
            models.UniqueConstraint(
                fields=["initiative", "reporter"],
                condition=Q(update__isnull=True, resolved_at__isnull=True),
                name="report_initiative_open_once",
            ),
            models.UniqueConstraint(
                fields=["update", "reporter"],
                condition=Q(update__isnull=False, resolved_at__isnull=True),
                name="report_update_open_once",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="report_queue")]

    def __str__(self):
        return f"{self.reporter} reports {self.update or self.initiative}"

    @property
    def target(self):
        return self.update if self.update_id else self.initiative


class InitiativeLink(models.Model):
    """Two initiatives a coordinator marked as related or as duplicates: one row links them both ways."""

    class Kind(models.TextChoices):
        RELATED = "related", _("related")
        DUPLICATE = "duplicate", _("duplicate")

    # The lower id is always `first`, so a pair has exactly one row whichever page it was marked on.
    first = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links_as_first")
    second = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links_as_second")
    kind = models.CharField(_("kind of link"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("linked by")
    )
    created_at = models.DateTimeField(_("linked"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link between initiatives")
        verbose_name_plural = _("links between initiatives")
        constraints = [
            models.CheckConstraint(name="initiative_link_ordered", condition=Q(first__lt=models.F("second"))),
            models.UniqueConstraint(fields=["first", "second"], name="initiative_link_once"),
        ]

    def __str__(self):
        return f"{self.first} ↔ {self.second} ({self.get_kind_display()})"

    def other(self, initiative):
        """Return the initiative at the other end of the link, seen from `initiative`."""
        return self.second if initiative.pk == self.first_id else self.first


class SimilarityRow(models.Model):
    """A public initiative as the similar initiatives search reads it: its district, title, status and text vector.

    PostgreSQL keeps these rows itself (triggers on initiatives, migration 0010), in the same transaction as every
    change: a row for each public initiative (`InitiativeQuerySet.public`), none for the others; nothing in Python
    writes them. The search (initiatives/similarity.py) looks up a title's words and nearest titles in this narrow
    table, through its own GIN and GiST indexes, instead of reading the matching initiatives' rows (about 2 kB each,
    the description and the search document with them) only to drop those not public. The text vector
    (`document`: title and summary) exists on PostgreSQL only. Elsewhere (SQLite) the table stays empty and the
    search reads the initiatives themselves.
    """

    initiative = models.OneToOneField(
        Initiative, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True, related_name="+"
    )
    district = models.ForeignKey(
        "districts.District", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    title = models.CharField(max_length=120)
    status = models.CharField(max_length=24)

    def __str__(self):
        return self.title


class JoinRequest(models.Model):
    """A resident's request to become a co-initiator of an initiative, until one of its initiators answers."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("initiative")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("asked by")
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "user"], condition=Q(status="open"), name="join_request_open_once"
            ),
            models.CheckConstraint(
                name="join_request_answered_with_date",
                condition=Q(status="open", answered_at__isnull=True)
                | (~Q(status="open") & Q(answered_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.initiative}"


class NetworkInvitation(models.Model):
    """A network administrator's invitation to an initiative to join the network; its initiators answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("network")
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="network_invitations", verbose_name=_("initiative")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("invitation to a network")
        verbose_name_plural = _("invitations to a network")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "initiative"], condition=Q(status="open"), name="network_invitation_open_once"
            ),
            models.CheckConstraint(
                name="network_invitation_answered_with_date",
                condition=Q(status="open", answered_at__isnull=True)
                | (~Q(status="open") & Q(answered_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.network} → {self.initiative}"
