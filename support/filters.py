import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import District
from initiatives.models import Theme
from support.models import Scheme


class SchemeFilter(django_filters.FilterSet):
    """Search and filter the catalogue with a plain GET form (no JavaScript needed)."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
        method="filter_theme",
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label=_("All districts"),
        method="filter_district",
        help_text=_("Schemes for this district and for the whole city."),
    )
    provider_type = django_filters.ChoiceFilter(
        label=_("Provider"), choices=Scheme.ProviderType.choices, empty_label=_("All providers")
    )
    open_now = django_filters.BooleanFilter(
        label=_("Only schemes you can apply to now"), method="filter_open_now", widget=forms.CheckboxInput
    )

    class Meta:
        model = Scheme
        fields = ["q", "theme", "district", "provider_type", "open_now"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(provider_name__icontains=value)
            | Q(description__icontains=value)
            | Q(eligibility__icontains=value)
        )

    def filter_theme(self, queryset, name, value):
        return queryset.with_any_theme([value.pk]) if value else queryset

    def filter_district(self, queryset, name, value):
        return queryset.for_district(value) if value else queryset

    def filter_open_now(self, queryset, name, value):
        return queryset.open_on(timezone.localdate()) if value else queryset
