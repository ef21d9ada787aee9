"""What the shared form templates need: the error summary's links to the fields with errors, blank forms once."""

from collections import OrderedDict
from dataclasses import dataclass, field

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

register = template.Library()


@dataclass
class ErrorSummary:
    links: list = field(default_factory=list)  # (anchor, label, first message) per field with errors
    messages: list = field(default_factory=list)  # errors that belong to no one field


def _anchor(bound_field) -> str:
    # Radio buttons and checkbox lists have no single id (Django leaves id_for_label empty): link to the first.
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


def _collect(summary, form):
    # The fields template then leaves out the errors of the whole form: they are in the summary already.
    form.error_summary_shown = True
    summary.messages.extend(form.non_field_errors())
    for bound_field in form:
        if not bound_field.errors:
            continue
        if bound_field.is_hidden:
            summary.messages.extend(bound_field.errors)
        else:
            summary.links.append((_anchor(bound_field), bound_field.label, bound_field.errors[0]))


@register.simple_tag
def error_summary(*forms):
    """Return the errors of `forms` (forms or formsets, None skipped) as links to their fields."""
    summary = ErrorSummary()
    for form in forms:
        if form is None or not hasattr(form, "errors"):
            continue
        if hasattr(form, "forms"):  # a formset: its own errors, then each form's
            summary.messages.extend(form.non_form_errors())
            for member in form.forms:
                _collect(summary, member)
        else:
            _collect(summary, form)
    return summary


# A blank form looks the same to everyone in the same language: its fields are rendered once per process.
_BLANK_FORMS: OrderedDict[tuple, str] = OrderedDict()
BLANK_FORMS_KEPT = 256


def _blank_key(form) -> tuple | None:
    """Return what a blank form's fields look like, or None when they cannot be kept (bound, or not marked)."""
    if form.is_bound or not getattr(form, "same_for_everyone", False):
        return None
    initial = tuple(sorted((name, str(value)) for name, value in form.initial.items()))
    return (type(form).__qualname__, form.prefix, form.auto_id, get_language(), initial)


@register.simple_tag
def form_fields(form):
    """Render `form`'s fields (includes/form_fields.html); a blank form marked `same_for_everyone` only once.

    Such a form's fields depend on nothing but its class, prefix, ids, initial values and the language (no choices
    from the database, no values of a person): the key holds all of these. The CSRF token is not part of it.
    """
    key = _blank_key(form)
    if key is not None and key in _BLANK_FORMS:
        _BLANK_FORMS.move_to_end(key)
        return _BLANK_FORMS[key]
    html = render_to_string("includes/form_fields.html", {"form": form})
    if key is not None:
        _BLANK_FORMS[key] = html
        while len(_BLANK_FORMS) > BLANK_FORMS_KEPT:
            _BLANK_FORMS.popitem(last=False)
    return html
