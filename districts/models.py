from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from districts.querysets import DepartmentQuerySet
from districts.workdays import add_working_days


def working_days_field(verbose_name, default, help_text):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        help_text=help_text,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )


class District(models.Model):
    """A stadsdeel (or Weesp, a stadsgebied) with its own dialogue platform and settings."""

    class Kind(models.TextChoices):
        STADSDEEL = "stadsdeel", _("district (stadsdeel)")
        STADSGEBIED = "stadsgebied", _("city area (stadsgebied)")

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    code = models.CharField(
        _("city code"),
        max_length=2,
        unique=True,
        help_text=_("The letter the city uses for this district, e.g. E for West."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.STADSDEEL)
    email = models.EmailField(_("platform e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("visiting address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)

    # Response deadlines, in working days (weekends, public holidays and closure days excluded).
    triage_days = working_days_field(_("days to triage"), 5, _("For the coordinator to assign a new dialogue."))
    first_answer_days = working_days_field(
        _("days to a first answer"), 10, _("For the lead official's first substantive answer.")
    )
    answer_days = working_days_field(_("days for each later answer"), 10, _("For officials, after that."))
    initiative_days = working_days_field(
        _("days for the initiative"), 15, _("For the initiative to answer a question.")
    )
    outcome_reaction_days = working_days_field(
        _("days to react to an outcome"), 10, _("After that, a proposed outcome counts as accepted.")
    )
    reopen_days = working_days_field(
        _("days to ask to reopen"), 20, _("After a dialogue is concluded, the initiative may ask to reopen it.")
    )
    ranking_minimum = models.PositiveSmallIntegerField(
        _("minimum dialogues for a ranking"),
        default=5,
        help_text=_("Departments appear in public figures only with at least this many dialogues."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("districts:detail", kwargs={"slug": self.slug})

    def triage_deadline(self, now, holidays=None):
        """Return the end of the working day by which the coordinator takes up something new (`triage_days`)."""
        return add_working_days(now, self.triage_days, holidays)


class Area(models.Model):
    """A gebied: one of the areas a district is divided into."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="areas", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address name"), max_length=80)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="area_unique_slug_per_district"),
        ]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A part of the municipality officials work in: city-wide, or of one district."""

    name = models.CharField(_("name"), max_length=120)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("district"),
        help_text=_("Empty for a city-wide department."),
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "district"], name="department_unique_name_per_district"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(district__isnull=True), name="department_unique_name_city_wide"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.district})" if self.district_id else self.name


class Holiday(models.Model):
    """A day on which deadlines do not count: a Dutch public holiday or one of the city's closure days."""

    class Kind(models.TextChoices):
        PUBLIC_HOLIDAY = "public_holiday", _("public holiday")
        CLOSURE_DAY = "closure_day", _("closure day of the city")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CLOSURE_DAY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday or closure day")
        verbose_name_plural = _("holidays and closure days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
