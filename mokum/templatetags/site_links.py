"""`{% site_links as links %}`: the addresses every page links to in its header, menu and footer (base.html).

A tag rather than a context processor: Django renders some pages without the request (the CSRF failure page), and
their header and footer link as well.
"""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

register = template.Library()

# The addresses every page links to in its header, menu and footer (base.html), by the name templates use.
SITE_LINKS = {
    "home": "home",
    "set_language": "set_language",
    "initiatives": "initiatives:list",
    "districts": "districts:list",
    "support": "support:overview",
    "inbox": "dialogues:inbox",
    "intake": "initiatives:intake",
    "support_inbox": "support:inbox",
    "dashboard": "dashboard:index",
    "notifications": "notifications:list",
    "profile": "accounts:profile",
    "login": "account_login",
    "signup": "account_signup",
    "logout": "account_logout",
    "statistics": "dashboard:statistics",
    "contact": "pages:contact",
    "privacy": "pages:privacy",
    "accessibility": "pages:accessibility",
    "terms": "pages:terms",
}
_site_links: dict[tuple, dict[str, str]] = {}


def site_links() -> dict[str, str]:
    """Return SITE_LINKS as addresses, worked out once per URL configuration and prefix the process serves.

    As `{% url %}` tags they were about half of the time base.html took on every page. A name that does not
    resolve gives "" (the menu leaves that item out), as `{% url … as name %}` did.
    """
    key = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    links = _site_links.get(key)
    if links is None:
        links = {name: _address(view) for name, view in SITE_LINKS.items()}
        _site_links[key] = links
    return links


def _address(view: str) -> str:
    try:
        return reverse(view)
    except NoReverseMatch:
        return ""


@register.simple_tag(name="site_links")
def site_links_tag() -> dict[str, str]:
    return site_links()
