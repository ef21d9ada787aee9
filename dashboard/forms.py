"""The filters of the dashboard, the public statistics and the statistics API: plain GET parameters."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.models import Department
from districts.workdays import AMSTERDAM, local_date
from initiatives.models import Theme


class Period:
    THIS_MONTH = "month"
    LAST_3_MONTHS = "3m"
    LAST_12_MONTHS = "12m"
    ALL = "all"
    CHOICES = [
        (THIS_MONTH, _("this month")),
        (LAST_3_MONTHS, _("the last 3 months")),
        (LAST_12_MONTHS, _("the last 12 months")),
        (ALL, _("all time")),
    ]
    DEFAULT = LAST_12_MONTHS
    MONTHS = {THIS_MONTH: 1, LAST_3_MONTHS: 3, LAST_12_MONTHS: 12}


@dataclass(frozen=True)
class StatisticsFilters:
    """What to count: dialogues opened from `start` up to (not including) `end`, of a theme, of a department."""

    start: datetime | None = None
    end: datetime | None = None
    theme: str = ""
    department: Department | None = None

    @property
    def first_day(self) -> date | None:
        return local_date(self.start) if self.start else None

    @property
    def last_day(self) -> date | None:
        return local_date(self.end - timedelta(microseconds=1)) if self.end else None

    def opened_in_period(self, prefix: str = "") -> Q:
        """Return the condition for dialogues opened in the period (all dialogues when it has no bounds)."""
        condition = Q(**{f"{prefix}created_at__isnull": False})
        if self.start:
            condition &= Q(**{f"{prefix}created_at__gte": self.start})
        if self.end:
            condition &= Q(**{f"{prefix}created_at__lt": self.end})
        return condition


def start_of(day: date) -> datetime:
    """Return midnight at the start of `day` in Amsterdam."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def first_of_month(day: date, months_back: int = 0) -> date:
    """Return the first day of the month `months_back` months before the month of `day`."""
    month_index = day.year * 12 + day.month - 1 - months_back
    return date(month_index // 12, month_index % 12 + 1, 1)


class StatisticsFilterForm(forms.Form):
    """Period (whole calendar months up to today, or from and to dates), theme and, for staff, department."""

    period = forms.ChoiceField(label=_("Period"), choices=Period.CHOICES, required=False, initial=Period.DEFAULT)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional: a date instead of the period."),
    )
    end = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("All themes")), *Theme.Slug.choices], required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("All departments")
    )

    def __init__(self, data=None, *, departments=None, today: date, **kwargs):
        if data is not None and not data.get("period"):
            data = data.copy()  # show the period the figures are about, also when only other filters were sent
            data["period"] = Period.DEFAULT
        super().__init__(data, **kwargs)
        self.today = today
        if departments is None:
            del self.fields["department"]
        else:
            self.fields["department"].queryset = departments

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day and not date(2000, 1, 1) <= day <= date(2100, 12, 31):
                self.add_error(name, _("Choose a date between 2000 and 2100."))
        if start and end and end < start:
            self.add_error("end", _("The end date comes before the start date."))
        return cleaned

    def filters(self) -> StatisticsFilters:
        """Return the chosen filters; where the input is not valid, the default (the last 12 months)."""
        data = self.cleaned_data if self.is_valid() else {}
        start_day, end_day = data.get("start"), data.get("end")
        if not (start_day or end_day):
            period = data.get("period") or Period.DEFAULT
            if period in Period.MONTHS:
                start_day = first_of_month(self.today, Period.MONTHS[period] - 1)
        return StatisticsFilters(
            start=start_of(start_day) if start_day else None,
            end=start_of(end_day + timedelta(days=1)) if end_day else None,
            theme=data.get("theme") or "",
            department=data.get("department"),
        )

    def query_string(self) -> str:
        """Return the valid filters as a query string, for links that keep them (exports, the overdue list)."""
        if not self.is_valid():
            return ""
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Department):
                value = value.pk
            query[name] = value
        return query.urlencode()
