"""Validators shared by every app's forms and serializers."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def has_line_break_or_control(value: str) -> bool:
    """Tell whether `value` holds a line break, a tab or another control or separator character."""
    return any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in value)


def validate_single_line(value) -> None:
    """Refuse line breaks and control characters in a field that is shown (and mailed) as one line."""
    if isinstance(value, str) and has_line_break_or_control(value):
        raise ValidationError(
            _("Please write this on one line, without line breaks or tabs."),
            code="single_line",
        )
