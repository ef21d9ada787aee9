"""The API's filters: the same GET parameters as the public list pages."""

import django_filters

from dialogues.models import Dialogue
from initiatives.filters import PUBLIC_STATUS_CHOICES
from initiatives.models import Initiative, Theme


class InitiativeFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__slug", help_text="District address name, e.g. west.")
    status = django_filters.ChoiceFilter(choices=PUBLIC_STATUS_CHOICES, help_text="The initiative's status.")
    theme = django_filters.ChoiceFilter(field_name="themes__slug", choices=Theme.Slug.choices, help_text="A theme.")
    q = django_filters.CharFilter(method="filter_search", max_length=200, help_text="Words from the title or text.")

    class Meta:
        model = Initiative
        fields = ["district", "status", "theme", "q"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class DialogueFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__slug", help_text="District address name, e.g. west.")
    state = django_filters.ChoiceFilter(choices=Dialogue.State.choices, help_text="The dialogue's state.")
    initiative = django_filters.NumberFilter(field_name="initiative_id", help_text="The initiative's id.")

    class Meta:
        model = Dialogue
        fields = ["district", "state", "initiative"]
