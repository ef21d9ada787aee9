"""The filters of the public list; every one is a plain GET parameter, so links and forms work without JavaScript."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from districts.models import District
from initiatives.models import Initiative, Theme
from initiatives.selectors import area_choices, theme_choices
from mokum.languages import language_choices
from mokum.pagecache import places_value

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
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        if not sort and "search_rank" in queryset.query.annotations:
            return queryset.order_by("-search_rank", "-pk")
        return queryset.order_by(*Sort.ORDERING.get(sort or Sort.NEWEST))
