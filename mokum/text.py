"""Sanitise what people type: plain text without markup, or rich text limited to safe tags."""

import html
import re

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mokum.validators import validate_single_line

RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}}


def strip_markup(value: str) -> str:
    """Return `value` without HTML tags or the contents of script and style elements."""
    cleaned = nh3.clean(value, tags=set(), clean_content_tags={"script", "style"})
    return html.unescape(cleaned)


def contains_markup(value: str) -> bool:
    """Tell whether `value` holds HTML tags (a lone '<' in ordinary text is fine)."""
    return strip_markup(value) != html.unescape(value)


def sanitise_rich_text(value: str) -> str:
    """Return `value` with only the tags and attributes that rich text may use."""
    return nh3.clean(
        value,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def reject_markup(value: str) -> None:
    """Refuse text that contains HTML tags, with a message a non-technical person understands."""
    if value and contains_markup(value):
        raise ValidationError(
            _("Please write plain text. Codes between < and >, such as <b> or <script>, are not allowed."),
            code="markup",
        )


class PlainTextField(forms.CharField):
    """A text field that refuses HTML and normalises line endings."""

    default_validators = [reject_markup]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


def email_subject(*parts: str) -> str:
    """Join `parts` into an e-mail subject on one line: no stored value can add a header or break one."""
    text = " ".join(str(part) for part in parts)
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text).strip()


class SingleLineField(PlainTextField):
    """A plain-text field for titles, names and summaries: one line, without line breaks or control characters."""

    default_validators = [reject_markup, validate_single_line]
