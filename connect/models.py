"""Neighbours around an initiative: their reactions, what the initiative needs and who offers to help."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mokum.languages import content_language_field

# A reaction is a few sentences, not an essay; a need is one line.
REACTION_MAX_LENGTH = 1500
NEED_TEXT_MAX_LENGTH = 160
OFFER_MESSAGE_MAX_LENGTH = 1000


class Reaction(models.Model):
    """A neighbour's public reaction on an initiative, or a reply to one (one level deep)."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="reactions", verbose_name=_("initiative")
    )
    # The account stays as an empty placeholder when erased, so the reaction stays under "a former participant".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reactions",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    body = models.TextField(_("reaction"), max_length=REACTION_MAX_LENGTH)
    # The language the neighbour wrote in: the page marks the text with it (lang, dir).
    language = content_language_field()
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="reaction_hidden_has_reason",
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                violation_error_message=_("Hidden content needs a reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "created_at"], name="reaction_thread"),
            # The rate limit counts one person's recent reactions.
            models.Index(fields=["author", "created_at"], name="reaction_recent_by_author"),
        ]

    def __str__(self):
        return f"{self.initiative_id}: {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.initiative.get_absolute_url()}#reaction-{self.pk}"


class ReactionsClosed(models.Model):
    """The initiators (or the coordinator) closed the reactions on an initiative; no row means open."""

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reactions_closed",
        verbose_name=_("initiative"),
    )
    closed_at = models.DateTimeField(_("closed"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("closed by")
    )

    class Meta:
        verbose_name = _("closed reactions")
        verbose_name_plural = _("closed reactions")

    def __str__(self):
        return f"{self.initiative_id}: closed"


class ReactionReport(models.Model):
    """Someone's report that a reaction is inappropriate, until a coordinator of the district acts.

    The same shape and outcomes as a report of an initiative or an update (initiatives.Report).
    """

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("hidden")
        DISMISSED = "dismissed", _("dismissed")

    reaction = models.ForeignKey(Reaction, on_delete=models.CASCADE, related_name="reports", verbose_name=_("reaction"))
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
        verbose_name = _("report of a reaction")
        verbose_name_plural = _("reports of reactions")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                name="reaction_report_resolved_with_outcome",
                condition=Q(resolved_at__isnull=True, outcome="") | (Q(resolved_at__isnull=False) & ~Q(outcome="")),
            ),
            models.UniqueConstraint(
                fields=["reaction", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="reaction_report_open_once",
            ),
        ]

    def __str__(self):
        return f"{self.reporter_id} reports reaction {self.reaction_id}"


class Need(models.Model):
    """Something an initiative needs from neighbours: hands, a skill, materials, a space or money."""

    class Kind(models.TextChoices):
        HANDS = "hands", _("hands for a day")
        SKILL = "skill", _("a skill")
        MATERIALS = "materials", _("materials")
        SPACE = "space", _("a space")
        MONEY = "money", _("money")

    class Skill(models.TextChoices):
        BOOKKEEPING = "bookkeeping", _("bookkeeping")
        DESIGN = "design", _("design")
        TRANSLATION = "translation", _("translation")
        GRANT_WRITING = "grant_writing", _("grant writing")
        OTHER = "other", _("another skill")

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="needs", verbose_name=_("initiative")
    )
    kind = models.CharField(_("what is needed"), max_length=10, choices=Kind.choices)
    skill = models.CharField(_("which skill"), max_length=14, choices=Skill.choices, blank=True)
    text = models.CharField(_("short description"), max_length=NEED_TEXT_MAX_LENGTH)
    needed_on = models.DateField(_("date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("posted by")
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    met_at = models.DateTimeField(_("met"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["met_at", "needed_on", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="need_skill_only_for_skills",
                condition=(Q(kind="skill") & ~Q(skill="")) | (~Q(kind="skill") & Q(skill="")),
                violation_error_message=_("Choose the skill for a need of a skill, and only then."),
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "met_at"], name="need_of_initiative"),
            models.Index(fields=["created_at"], name="need_posted"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return f"{self.initiative.get_absolute_url()}#need-{self.pk}"

    @property
    def kind_label(self):
        """Say what is needed, with the skill where there is one: "a skill: design"."""
        if self.kind == self.Kind.SKILL and self.skill:
            return f"{self.get_kind_display()}: {self.get_skill_display()}"
        return self.get_kind_display()


class Offer(models.Model):
    """A neighbour's "I can help" on a need, which the initiators accept or decline."""

    class State(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="offers", verbose_name=_("need"))
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_offers", verbose_name=_("helper")
    )
    message = models.TextField(_("message"), max_length=OFFER_MESSAGE_MAX_LENGTH)
    show_name = models.BooleanField(_("show my name on the initiative's page"), default=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OFFERED)
    created_at = models.DateTimeField(_("offered"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["need", "helper"], name="offer_once_per_need")]

    def __str__(self):
        return f"{self.helper_id} → need {self.need_id}"


class HelperProfile(models.Model):
    """What a resident can do for initiatives, and whether they want to hear about needs in their district."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="helper_profile",
        verbose_name=_("person"),
    )
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("my district"),
    )
    hear_about_needs = models.BooleanField(
        _("tell me when an initiative in my district needs one of my skills"), default=False
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("helper profile")
        verbose_name_plural = _("helper profiles")

    def __str__(self):
        return f"{self.user_id}"


class HelperSkill(models.Model):
    """One skill a resident lists on their profile."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_skills", verbose_name=_("person")
    )
    skill = models.CharField(_("skill"), max_length=14, choices=Need.Skill.choices)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.UniqueConstraint(fields=["user", "skill"], name="helper_skill_once")]
        indexes = [models.Index(fields=["skill"], name="helper_skill_lookup")]

    def __str__(self):
        return f"{self.user_id}: {self.skill}"
