"""The filters of the public list; every one is a plain GET parameter, so links and forms work without JavaScript."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Count, Window
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from districts.models import District
from initiatives.models import Initiative, Theme
from initiatives.selectors import area_choices, theme_choices
from mokum.languages import language_choices
from mokum.pagecache import places_value
from mokum.pagination import TOTAL
from mokum.prepared import PreparedQuery

S = Initiative.Status

PUBLIC_STATUS_CHOICES = [
    (S.ACTIVE, S.ACTIVE.label),
    (S.REALISED, S.REALISED.label),
    (S.STRANDED, S.STRANDED.label),
    (S.WITHDRAWN, S.WITHDRAWN.label),
]


class Sort:
    NEWEST = "newest"
    SUPPORTED = "supported"
    ACTIVE = "active"
    CHOICES = [
        (NEWEST, _("newest first")),
        (SUPPORTED, _("most supported")),
        (ACTIVE, _("recently active")),
    ]
    ORDERING = {
        NEWEST: ("-created_at", "-pk"),
        SUPPORTED: ("-supporter_count", "-created_at", "-pk"),
        ACTIVE: ("-last_activity_at", "-pk"),
    }


class InitiativeFilter(django_filters.FilterSet):
    """Find public initiatives. Districts, areas and themes are plain choices, loaded once per page."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=200, help_text=_("Words from the title or text.")
    )
    district = django_filters.ChoiceFilter(
        label=_("District"), field_name="district__slug", choices=[], empty_label=_("All districts")
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"),
        field_name="area_id",
        choices=[],
        empty_label=_("All areas"),
        # A script narrows the list to the chosen district's areas (static/js/area-select.js).
        widget=forms.Select(attrs={"data-district-select": "id_district"}),
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), field_name="themes__slug", choices=Theme.Slug.choices, empty_label=_("All themes")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PUBLIC_STATUS_CHOICES, empty_label=_("Any status"))
    language = django_filters.ChoiceFilter(
        label=_("Written in"), choices=language_choices, empty_label=_("Any language")
    )
    # Empty means the best match when searching, the newest first otherwise.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.CHOICES, method="filter_sort", empty_label=_("best match")
    )

    class Meta:
        model = Initiative
        fields = ["q", "district", "area", "theme", "status", "language", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Kept until a district or area changes (mokum/pagecache.py), not read again after every other change.
        self.districts, areas = places_value(
            ("filter-choices",), lambda: (list(District.objects.values_list("slug", "name")), area_choices())
        )
        self.filters["district"].extra["choices"] = self.districts
        self.filters["area"].extra["choices"] = areas
        self.filters["theme"].extra["choices"] = theme_choices()

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in `qs`

    @property
    def qs(self):
        """Return the public initiatives with what a card shows, filtered and in order (django-filter's `qs`).

        The public ones are taken here rather than given: a search's page is read through its prepared query and
        needs none of this (`search_page_reader`).
        """
        if not hasattr(self, "_qs"):
            queryset = self.queryset.public().for_cards()
            if self.is_bound:
                self.errors  # noqa: B018 - validates the form, as django-filter does before filtering
                queryset = self.filter_queryset(queryset)
            self._qs = ordered(queryset, self.form.cleaned_data.get("sort") if self.is_valid() else "")
        return self._qs

    def set_filters(self) -> list[tuple[str, str | int]]:
        """Return the filters the form sets, with their values as the database gets them (after `is_valid`)."""
        return [
            (name, int(value) if name in ID_FILTERS else value)
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in EMPTY_VALUES
        ]

    def search_page_reader(self):
        """Return `read(bottom, size)`: a page of a search with the number of all matches, through a prepared query.

        The list's query (a search in five languages, the themes and reactions of each card) took longer to build
        and compile than PostgreSQL took to answer it; compiled once per set of filters, order and page, only the
        values go in. None when the form is not valid or nothing is searched (the ORM answers as usual).
        """
        if not self.form.is_valid() or not self.form.cleaned_data.get("q") or connection.vendor != "postgresql":
            return None
        names, values = zip(*self.set_filters(), strict=True)
        sort = self.form.cleaned_data.get("sort") or ""
        return lambda bottom, size: SEARCH_PAGE(*values, shape=(names, sort, bottom, size))


def ordered(queryset, sort: str):
    """Return the list in the chosen order: best match first for a search without one, else the newest first."""
    if not sort and "search_rank" in queryset.query.annotations:
        return queryset.order_by("-search_rank", "-pk")
    return queryset.order_by(*Sort.ORDERING.get(sort or Sort.NEWEST))


# Filters whose values are ids (the others are text).
ID_FILTERS = {"area"}


def _search_page(*values_and_shape):
    """Return a page of the public list with `names` set to `values`, in `sort` order, each row with the total."""
    *values, names, sort, bottom, size = values_and_shape
    filterset = InitiativeFilter()
    queryset = Initiative.objects.public().for_cards()
    for name, value in zip(names, values, strict=True):
        queryset = filterset.filters[name].filter(queryset, value)
    return ordered(queryset, sort).annotate(**{TOTAL: Window(Count("pk"))})[bottom : bottom + size]


# Compiled once per process for each set of filters, order and page (mokum/prepared.py).
SEARCH_PAGE = PreparedQuery(Initiative, _search_page, shapes=64)
