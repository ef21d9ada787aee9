"""Every response carries a Content-Security-Policy, and the pages need no inline script or style under it."""

import re

import pytest

from initiatives.services import support_add
from tests.accounts.factories import UserFactory
from tests.dashboard.factories import build_hand_set
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_an_ordinary_page_carries_the_policy(client):
    policy = directives(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert not [source for sources in policy.values() for source in sources if "unsafe" in source]


def test_error_pages_and_the_api_carry_it_too(client):
    assert "default-src 'self'" in client.get("/no-such-page/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in client.get("/api/v1/districts/").headers["Content-Security-Policy"]


def test_pages_with_charts_have_no_inline_style_or_script(client):
    build_hand_set()  # dialogues, so the statistics draw their charts
    initiative = InitiativeFactory()
    support_add(initiative=initiative, user=UserFactory())  # the growth chart
    for path in ["/", "/statistics/", "/districts/west/", initiative.get_absolute_url()]:
        html = client.get(path).content.decode()
        assert "<svg" in html or path == "/"
        assert not re.search(r"<style|\sstyle=|<script", html), f"{path} has an inline style or script"
