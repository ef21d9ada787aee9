"""The site's languages, and the language a resident or official wrote a text in.

An initiative, an update and a dialogue message keep the language they were written in (`language`, one of
settings.LANGUAGES): pages mark that text with `lang` and `dir` (mokum/templatetags/content_language.py), say
in which language it was written when that is not the page's, and the initiative list filters on it.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

CODES = tuple(code for code, _name in settings.LANGUAGES)


def language_choices():
    """Each language named in itself, so a person finds their own even on a page in another one."""
    return [(code, get_language_info(code)["name_local"].capitalize()) for code in CODES]


def current_language() -> str:
    """Return the active interface language when the site offers it, else the default (Dutch)."""
    language = get_language()
    return language if language in CODES else settings.LANGUAGE_CODE


def content_language(code: str = "") -> str:
    """Return `code` when the site offers it; empty means the writer's interface language. Refuse any other."""
    if not code:
        return current_language()
    if code not in CODES:
        raise ValueError(f"Not a language of the site: {code!r}")
    return code


def direction(code: str) -> str:
    """Return "rtl" for a language written right to left, else "ltr"."""
    return "rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


def language_name(code: str) -> str:
    """Return the language's name in the active interface language ("Turks" on a Dutch page)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def content_language_field():
    """Return the model field for the language a text was written in (its default is set by the form)."""
    return models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the text is written in."),
    )


class _LanguageSelect(forms.Select):
    def value_from_datadict(self, data, files, name):
        # A form posted without the field (a page from before it existed, a script) means the interface language.
        return data.get(name) or current_language()

    def value_omitted_from_data(self, data, files, name):
        return False


class ContentLanguageField(forms.ChoiceField):
    """The language of what someone writes: the interface language unless they choose another."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Language of your text"))
        kwargs.setdefault("help_text", _("Screen readers and translation tools read your text in this language."))
        kwargs.setdefault("initial", current_language)  # evaluated when the form is shown, in its language
        super().__init__(choices=language_choices, widget=_LanguageSelect, **kwargs)
