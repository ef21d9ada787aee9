"""The header's, menu's and footer's links: worked out once per process (mokum/templatetags/site_links.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse, set_script_prefix

from mokum.templatetags.site_links import SITE_LINKS, site_links
from tests.accounts.factories import coordinator, official

pytestmark = pytest.mark.django_db


def menu_links(html: str) -> list[tuple[str, str]]:
    menu = html[html.index('<nav class="main-nav"') : html.index("</nav>")]
    return re.findall(r'<a href="([^"]*)"( aria-current="page")?', menu)


def footer_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', html[html.index('<footer class="site-footer">') :])


def test_every_link_is_the_address_of_its_page():
    assert site_links() == {name: reverse(view) for name, view in SITE_LINKS.items()}
    assert all(site_links().values())


def test_under_a_prefix_the_links_carry_it_and_without_it_they_do_not():
    try:
        set_script_prefix("/mokum/")
        assert site_links()["privacy"] == "/mokum/privacy/"
    finally:
        set_script_prefix("/")
    assert site_links()["privacy"] == "/privacy/"


def test_the_menu_shows_each_person_their_own_items_and_marks_the_page_they_are_on(client):
    visitor = client.get("/districts/").content.decode()
    assert menu_links(visitor) == [
        ("/", ""),
        ("/initiatives/", ""),
        ("/districts/", ' aria-current="page"'),
        ("/support/", ""),
        ("/accounts/login/", ""),
        ("/accounts/signup/", ""),
    ]
    client.force_login(official())
    inbox = menu_links(client.get("/inbox/").content.decode())
    mine = [link for link, _current in inbox]
    assert ("/inbox/", ' aria-current="page"') in inbox
    assert "/initiatives/intake/" not in mine and "/dashboard/" not in mine
    assert "/notifications/" in mine and "/accounts/profile/" in mine

    other = Client()
    other.force_login(coordinator())
    theirs = [link for link, _current in menu_links(other.get("/").content.decode())]
    assert "/initiatives/intake/" in theirs and "/dashboard/" in theirs and "/inbox/" not in theirs


def test_a_page_rendered_without_the_request_still_links_its_header_and_footer():
    # Django renders its CSRF failure page without the request (and so without context processors).
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post(reverse("account_login"), {"login": "noor@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<a class="brand" href="/">' in html and f'action="{reverse("set_language")}"' in html
    assert footer_links(html) == ["/districts/", "/statistics/", "/contact/", "/privacy/", "/accessibility/", "/terms/"]
