"""The register of personal data lists every field that looks personal, in every model of the project."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.template import Context, Template
from django.utils import translation

from privacy.register import NOT_PERSONAL, REGISTER, register_rows, registered_fields

PROJECT_APPS = {
    "accounts",
    "districts",
    "initiatives",
    "dialogues",
    "support",
    "connect",
    "notifications",
    "privacy",
    "dashboard",
    "api",
    "mokum",
}
PERSONAL_NAMES = re.compile(
    r"(^|_)(e?mail|name|first_name|last_name|display_name|full_name|address|ip|phone|label)($|_)"
)


def _is_user_relation(field):
    return (
        field.is_relation
        and field.related_model is not None
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
    )


def _has_person(model):
    return any(_is_user_relation(f) for f in model._meta.get_fields() if not f.auto_created or f.concrete)


def looks_personal(model, field, base=None) -> bool:
    """Tell whether `field` looks like personal data: a link to a person, contact details, names, free text."""
    if field.auto_created and not field.concrete:
        return False  # reverse relations are the other model's fields
    if _is_user_relation(field):
        return True
    if isinstance(field, (models.EmailField, models.GenericIPAddressField)) or PERSONAL_NAMES.search(field.name):
        return True
    long_text = isinstance(field, models.TextField) or (
        isinstance(field, models.CharField) and (field.max_length or 0) >= 200
    )
    return long_text and _has_person(base or model)


def _project_models():
    for model in apps.get_models(include_auto_created=False):
        if model._meta.app_label in PROJECT_APPS:
            yield model


def _unregistered():
    missing = []
    for model in _project_models():
        history_of = getattr(model, "instance_type", None)  # simple-history's copy of a model
        label = (history_of or model)._meta.label
        listed = registered_fields(label) | (registered_fields("history") if history_of else set())
        for field in model._meta.get_fields():
            if not looks_personal(model, field, history_of):
                continue
            name = field.name
            if name in listed or f"{label}.{name}" in NOT_PERSONAL:
                continue
            missing.append(f"{model._meta.label}.{name}")
    return missing


def test_every_field_that_looks_personal_is_in_the_register():
    assert _unregistered() == []


def test_the_check_notices_a_new_personal_field():
    class Probe(models.Model):
        author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        phone_number = models.CharField(max_length=20)
        remarks = models.TextField()
        colour = models.CharField(max_length=10)

        class Meta:
            app_label = "privacy"

        def __str__(self):
            return "probe"

    flagged = {f.name for f in Probe._meta.get_fields() if looks_personal(Probe, f)}
    assert flagged == {"author", "phone_number", "remarks"}
    apps.all_models["privacy"].pop("probe", None)


def test_register_names_only_real_models_and_fields():
    for entry in REGISTER:
        if entry.model == "history":
            continue
        model = apps.get_model(entry.model)
        for name in entry.fields:
            model._meta.get_field(name)  # raises when the register names a field that does not exist
    for dotted in NOT_PERSONAL:
        label, name = dotted.rsplit(".", 1)
        apps.get_model(label)._meta.get_field(name)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_register_rows_are_translated_and_complete(language):
    with translation.override(language):
        rows = register_rows()
    assert len(rows) == len(REGISTER)
    for row in rows:
        assert all(row[key] for key in ("kind", "data", "purpose", "legal_basis", "visible_to", "retention"))
    kinds = {row["kind"] for row in rows}
    assert ("Roles" if language == "en" else "Rollen") in kinds


@pytest.mark.parametrize(("language", "caption"), [("nl", "Welke persoonsgegevens"), ("en", "What personal data")])
def test_the_register_table_renders_for_the_privacy_statement(language, caption):
    with translation.override(language):
        html = Template("{% load privacy_tags %}{% privacy_register_table %}").render(Context({}))
    assert "<caption" in html and caption in html
    assert html.count('<th scope="row">') == len(REGISTER)
    assert html.count('<th scope="col">') == 5
