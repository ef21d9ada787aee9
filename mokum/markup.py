"""HTML written in Python by the tags that write many rows (a list's cards, a dialogue's timeline entries).

`format_html` escapes each value through Django's lazy-aware wrappers; on a page of fifty rows with a dozen values
each that is a third of the page's rendering. These write the same markup: `escaped` is what Django's `escape`
does (the standard library's `html.escape`), and leaves markup these tags made (safe strings) as it is.
"""

import html

from django.utils.safestring import SafeData


def escaped(value) -> str:
    """Return `value` as text safe in HTML, as `format_html` would write it; safe strings stay as they are."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def capfirst(value) -> str:
    """Return `value` as text with its first letter a capital (Django's `capfirst`, without the lazy wrapper)."""
    text = str(value)
    return text[:1].upper() + text[1:]
