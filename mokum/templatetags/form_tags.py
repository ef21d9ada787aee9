"""What the shared form templates need: the error summary's links to the fields with errors."""

from dataclasses import dataclass, field

from django import template

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
