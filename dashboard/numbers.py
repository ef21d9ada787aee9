"""Numbers as the reader's language writes them: "12,5 %" in Dutch, "12.5%" in English.

One way for tables, text, charts and spreadsheets: Django's `number_format`, which follows the active
language's decimal mark (Dutch a comma, English a point), and a translatable pattern for the percent sign
(Dutch puts a non-breaking space before it). No thousands separator: "1.234" would read as a decimal in
English, and spreadsheets mistake it for one in Dutch.
"""

from dataclasses import dataclass

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _


def decimals_of(value) -> int:
    """Return how many decimals a figure shows: one for a fraction, none for a whole number."""
    return 1 if isinstance(value, float) and round(value, 1) % 1 else 0


@dataclass(frozen=True)
class NumberStyle:
    """How the active language writes numbers: looked up once for a table of hundreds of them."""

    mark: str
    percent: str

    @classmethod
    def active(cls) -> "NumberStyle":
        return cls(mark=decimal_mark(), percent=_("{number}%"))


def format_number(value, style: NumberStyle | None = None) -> str:
    """Return a count, a number of days or a share as text in the active language (one decimal at most)."""
    if isinstance(value, float):
        value = round(value, 1)
        # What number_format writes without grouping, at a fraction of its cost (a table has hundreds of cells).
        return f"{value:.{decimals_of(value)}f}".replace(".", style.mark if style else decimal_mark())
    if isinstance(value, int):
        return str(value)
    return number_format(value, decimal_pos=decimals_of(value), use_l10n=True, force_grouping=False)


def format_percent(value, style: NumberStyle | None = None) -> str:
    """Return a percentage (0 to 100) with the active language's decimal mark and percent sign."""
    return (style.percent if style else _("{number}%")).format(number=format_number(value, style))


def decimal_mark() -> str:
    """Return the active language's decimal mark ("," in Dutch, "." in English)."""
    return get_format("DECIMAL_SEPARATOR")
