"""Helpers for the browser tests."""

from django.conf import settings
from django.test import Client


def log_in_as(page, live_server, user):
    """Give the browser the session of `user` (the log-in form itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
