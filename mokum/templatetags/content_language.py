"""Mark written text with its own language: a template builtin (see TEMPLATES in mokum/settings.py).

    <div{% content_lang update %}>{{ update.text|linebreaks }}</div>
    {% written_in update as note %}{% if note %}<p class="written-in">{{ note }}</p>{% endif %}

Only text in another language than the page's gets `lang` and `dir`, so screen readers switch voice and the
browser lays out Arabic right to left inside a Dutch page (and Dutch left to right inside an Arabic one).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from mokum.languages import current_language, direction, language_name

register = template.Library()


def _other_language(obj) -> str:
    """Return the language `obj` was written in when it is not the page's, else ""."""
    language = getattr(obj, "language", "") or ""
    return language if language and language != current_language() else ""


@register.simple_tag
def content_lang(obj) -> str:
    """Return ` lang="…" dir="…"` for an element holding `obj`'s text, when it differs from the page's language."""
    language = _other_language(obj)
    if not language:
        return ""
    return format_html(' lang="{}" dir="{}"', language, direction(language))


@register.simple_tag
def written_in(obj) -> str:
    """Return "Written in Turkish" (in the page's language) when `obj` was written in another language, else ""."""
    language = _other_language(obj)
    if not language:
        return ""
    return _("Written in %(language)s") % {"language": language_name(language)}


@register.filter(is_safe=True)
def bdi(value) -> str:
    """Return `value` (a name or title someone wrote) isolated in <bdi>, for use inside a translated sentence.

    `{% blocktranslate with name=person.display_name|bdi %}` keeps a Dutch name with its numbers and
    punctuation in one piece inside an Arabic sentence, and an Arabic name inside a Dutch one.
    """
    return format_html("<bdi>{}</bdi>", value)
