from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.querysets import RoleQuerySet


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; e-mail is the login. Roles come from `Role` memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=80, help_text=_("The name others see, for example “Fatima B.”.")
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The site and e-mails use this language. Empty: the language chosen on the site."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


class Role(models.Model):
    """A membership that gives a person a role: city-wide, or in one district."""

    class Kind(models.TextChoices):
        CITY_COORDINATOR = "city_coordinator", _("city coordinator")
        COORDINATOR = "coordinator", _("district coordinator")
        OFFICIAL = "official", _("official")
        SUPPORTER = "supporter", _("supporter")

    class JobTitle(models.TextChoices):
        CIVIL_SERVANT = "civil_servant", _("civil servant")
        AREA_MANAGER = "area_manager", _("area manager")
        BOARD_MEMBER = "board_member", _("district board member")
        COUNCIL_MEMBER = "council_member", _("council member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("district"),
    )
    department = models.ForeignKey(
        "districts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("department"),
    )
    job_title = models.CharField(_("job title"), max_length=20, choices=JobTitle.choices, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["kind", "district__name"]
        constraints = [
            models.CheckConstraint(
                name="role_district_matches_kind",
                condition=(
                    Q(kind="city_coordinator", district__isnull=True)
                    | (~Q(kind="city_coordinator") & Q(district__isnull=False))
                ),
                violation_error_message=_("A city coordinator has no district; every other role has one."),
            ),
            models.CheckConstraint(
                name="role_official_has_department_and_title",
                condition=(Q(kind="official", department__isnull=False) & ~Q(job_title=""))
                | (~Q(kind="official") & Q(department__isnull=True, job_title="")),
                violation_error_message=_("An official has a department and a job title; other roles have neither."),
            ),
            models.UniqueConstraint(fields=["user", "kind", "district"], name="role_unique_per_district"),
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(district__isnull=True), name="role_unique_city_wide"
            ),
        ]
        indexes = [models.Index(fields=["district", "kind"])]

    def __str__(self):
        where = self.district.name if self.district_id else _("city-wide")
        return f"{self.user}: {self.get_kind_display()} ({where})"
