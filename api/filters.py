"""The API's filters: the same GET parameters as the public list pages."""

import django_filters
from django import forms
from django.conf import settings
from drf_spectacular.utils import extend_schema_field

from dialogues.models import Dialogue
from initiatives.filters import PUBLIC_STATUS_CHOICES
from initiatives.models import Initiative, Theme

# The largest id a row can have (a 64-bit column): a larger number is refused as bad input (400), not sent on.
MAX_ID = 2**63 - 1


# Text a form field accepts: anything but the NUL character (Django refuses it).
NO_NUL = "^[^\\x00]*$"


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number from 1 to MAX_ID; anything else is a 400 with the reason."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "pattern": NO_NUL})
class TextFilter(django_filters.CharFilter):
    """Free text; may be empty (then it does not filter)."""


@extend_schema_field({"type": "string", "pattern": NO_NUL, "maxLength": 200})
class SearchFilter(django_filters.CharFilter):
    """Words to search for, at most 200 characters; may be empty (then it does not filter)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class InitiativeFilter(django_filters.FilterSet):
    district = TextFilter(field_name="district__slug", help_text="District address name, e.g. west.")
    status = django_filters.ChoiceFilter(choices=PUBLIC_STATUS_CHOICES, help_text="The initiative's status.")
    theme = django_filters.ChoiceFilter(field_name="themes__slug", choices=Theme.Slug.choices, help_text="A theme.")
    q = SearchFilter(method="filter_search", help_text="Words from the title or text.")
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES, help_text="The language the initiative is written in (nl, en, tr or ar)."
    )

    class Meta:
        model = Initiative
        fields = ["district", "status", "theme", "q", "language"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class DialogueFilter(django_filters.FilterSet):
    district = TextFilter(field_name="district__slug", help_text="District address name, e.g. west.")
    state = django_filters.ChoiceFilter(choices=Dialogue.State.choices, help_text="The dialogue's state.")
    initiative = IdFilter(field_name="initiative_id", help_text="The initiative's id.")

    class Meta:
        model = Dialogue
        fields = ["district", "state", "initiative"]
