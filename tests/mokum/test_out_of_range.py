"""Ids that do not fit a column are bad input (400, 404 or a form error), never a 500, on SQLite and PostgreSQL."""

import importlib

import django_filters
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

from initiatives.models import Initiative
from tests.accounts.factories import UserFactory

HUGE = ["9" * 30, str(2**63), str(-(2**63) - 1), "1e30"]
FORM_MODULES = ["accounts.forms", "dialogues.forms", "initiatives.forms", "support.forms", "dashboard.forms"]
FILTER_MODULES = ["api.filters", "initiatives.filters", "support.filters"]


def int_patterns(resolver=None, prefix=""):
    """Yield (route, converter names) of every URL pattern with an <int:…> part."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from int_patterns(entry, route)
        elif isinstance(entry, URLPattern) and "<int:" in route:
            yield route


def with_huge_ids(route, value):
    path = route
    while "<int:" in path:
        start = path.index("<int:")
        path = path[:start] + value + path[path.index(">", start) + 1 :]
    return "/" + path.lstrip("^").rstrip("$")


@pytest.mark.django_db
def test_every_url_with_an_id_answers_404_for_an_id_that_fits_no_column(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    routes = sorted(set(int_patterns()))
    assert len(routes) > 30
    for route in routes:
        for value in ("9" * 30, str(2**63)):
            path = with_huge_ids(route, value)
            for method in (client.get, client.post):
                response = method(path)
                assert response.status_code in {302, 400, 403, 404, 405}, (path, response.status_code)


def filtersets():
    for name in FILTER_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, django_filters.FilterSet) and value.__module__ == name:
                yield value


@pytest.mark.django_db
@pytest.mark.parametrize("filterset", list(filtersets()), ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_filter_refuses_or_matches_nothing_for_an_id_that_fits_no_column(filterset):
    for name in filterset.base_filters:
        for value in HUGE:
            bound = filterset({name: value}, queryset=filterset._meta.model.objects.all())
            if bound.is_valid():
                assert list(bound.qs) == [], (filterset, name, value)
            else:
                assert name in bound.errors, (filterset, name, value)


def choice_fields():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for form in vars(module).values():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm) and form.__module__ == name):
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                    yield pytest.param(field, id=f"{form.__name__}.{field_name}")


@pytest.mark.django_db
@pytest.mark.parametrize("field", list(choice_fields()))
def test_every_choice_of_a_row_refuses_an_id_that_fits_no_column(field):
    for value in HUGE:
        with pytest.raises(ValidationError):
            field.clean([value] if isinstance(field, forms.ModelMultipleChoiceField) else value)


@pytest.mark.django_db
def test_the_api_answers_400_for_an_initiative_id_that_fits_no_column(client):
    for value in HUGE + ["abc", "1.5"]:
        response = client.get("/api/v1/dialogues/", {"initiative": value})
        assert response.status_code == 400, value
        assert "initiative" in response.json()


@pytest.mark.django_db
def test_a_form_posting_a_huge_district_and_theme_id_shows_form_errors(client):
    client.force_login(UserFactory())
    response = client.post(
        "/initiatives/new/",
        {"title": "Buurtmoestuin", "summary": "Samen groente", "district": "9" * 30, "themes": ["9" * 30]},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"district", "themes"}
    assert not Initiative.objects.exists()
