"""Labels of choice fields read from a table made once per field, instead of once per call.

Django's `get_<field>_display()` builds a dictionary of all the field's choices every time it is called; a list
of 20 initiatives asks for about a hundred labels (statuses, themes). The labels stay lazy translations, so each
call still gives the active language's word.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS: dict[models.Field, dict] = {}


class ChoiceLabels:
    """For a model whose `get_<field>_display()` is called often, on pages that list many rows."""

    def _get_FIELD_display(self, field):  # noqa: N802 - the name Django's get_<field>_display() calls
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
