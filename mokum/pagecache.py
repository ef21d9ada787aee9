"""Visitors' pages from the shared cache, invalidated by every change to the data they show.

A visitor (no session, no pending messages) sees the same home page, initiative list, initiative and dialogue
pages, district pages, statistics and API lists as every other visitor in the same language, so one rendering
serves them all. Logged-in people always get a fresh page: theirs depend on who they are.

Invalidation is by version: every key contains the current version of the public data, and every write to a
model of the platform's apps raises it (signals connected in `MokumConfig.ready`), once at once and once more
after the transaction commits. The second raise is the one that matters: a page rendered from the old rows
while the change was not yet committed is stored under the old version, which nobody asks for any more. The
first makes the change visible at once inside the writer's own transaction (tests, management commands).
Bulk writes that send no signals call `public_data_changed()` themselves.

Every page carries the language switch, a POST form with a CSRF token. A stored page keeps a placeholder in
its place and each visitor gets a token of their own, exactly as an uncached page gives it.

Pages are cached only when `PAGE_CACHE_SECONDS` is above 0, which by default means only in a shared (Redis)
cache; when Redis is unreachable every lookup misses and the pages are rendered as usual.
"""

import contextvars
import functools
import hashlib
import os
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

VERSION_KEY = "public-data:version"
HOLIDAYS_VERSION_KEY = "holidays:version"
# Districts and areas change rarely: what is made of them alone (the list's filter) keeps across other changes.
PLACES_VERSION_KEY = "places:version"
PLACE_MODELS = ("districts.District", "districts.Area")
# URL names of the pages that look the same to every visitor.
VISITOR_PAGES = {
    "home",
    "initiatives:list",
    "initiatives:detail",
    "dialogues:detail",
    "districts:list",
    "districts:detail",
    "dashboard:statistics",
}
CSRF_PLACEHOLDER = b"--mokum-page-cache-csrf-token--"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# Apps whose rows appear on public pages; a write to any of their models changes the version.
WATCHED_APPS = ("accounts", "districts", "initiatives", "dialogues", "support", "connect")
# Single models of other apps that pages show: officials' out-of-office replies (the coordinators' dashboard).
WATCHED_MODELS = ("inbound.AwayNotice",)
# Saves that change nothing anyone else sees (logging in, changing one's password).
PRIVATE_USER_FIELDS = frozenset({"last_login", "password"})


# The versions as read once per request (a request needs them for every fragment and figure), until it writes.
_request_versions: contextvars.ContextVar[dict | None] = contextvars.ContextVar("mokum_versions", default=None)
# What the view fetched ahead in one round trip (`prefetch`): key -> value, None for a key the cache did not have.
_prefetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar("mokum_prefetched", default=None)
# Set while a visitor's page is rendered to be stored whole: its parts need not be stored one by one as well.
_whole_page_stored: contextvars.ContextVar[bool] = contextvars.ContextVar("mokum_whole_page", default=False)


def parts_worth_storing() -> bool:
    """Tell whether shared parts of this page are worth storing: not when the whole page goes in the cache."""
    return not _whole_page_stored.get()


# -- the version of the public data ------------------------------------------------------------------------


def data_version(key=VERSION_KEY):
    """Return the current version of the public data (or of `key`), or None when the cache cannot be reached."""
    remembered = _request_versions.get()
    if remembered is not None and key in remembered:
        return remembered[key]
    version = cached(key)
    if version is None:
        # First use, or the key was evicted: start from a new number, so no entry stored before can come back.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    if remembered is not None and version is not None:
        remembered[key] = version
    return version


def _raise_version(key=VERSION_KEY):
    remembered = _request_versions.get()
    if remembered is not None:
        remembered.pop(key, None)  # this request wrote: read the new version from now on
    try:
        cache.incr(key)
    except ValueError:  # the key is missing: any new number will do
        cache.set(key, time.time_ns(), timeout=None)


def public_data_changed(key=VERSION_KEY):
    """Make every cached page and figure out of date, now and again after the current transaction commits."""
    _raise_version(key)
    transaction.on_commit(lambda: _raise_version(key), robust=True)


def _on_write(sender, **kwargs):
    if sender._meta.model_name.startswith("historical"):
        return  # simple-history's copies are written with the row they copy
    if sender._meta.label == settings.AUTH_USER_MODEL:
        fields = kwargs.get("update_fields")
        if fields is not None and set(fields) <= PRIVATE_USER_FIELDS:
            return
    if sender._meta.label == "districts.Holiday":
        public_data_changed(HOLIDAYS_VERSION_KEY)
    if sender._meta.label in PLACE_MODELS:
        public_data_changed(PLACES_VERSION_KEY)
    public_data_changed()


def holidays_for_pages():
    """Return the holidays and closure days for pages that count working days, from the cache when it has them.

    Services that compute deadlines read the table themselves (`load_holidays`); pages only show days left.
    """
    from districts.workdays import load_holidays

    timeout = settings.HOLIDAYS_CACHE_SECONDS
    version = data_version(HOLIDAYS_VERSION_KEY) if timeout else None
    if version is None:
        return load_holidays()
    return _holidays_of_version(f"holidays:{version}", timeout)


@functools.lru_cache(maxsize=1)
def _holidays_of_version(key: str, timeout: int) -> frozenset:
    """Read the holidays (a frozenset) from the cache once per process and calendar version: a page asks two or
    three times, and every request reads the version anew, so a change to the calendar shows on the next request."""
    from districts.workdays import load_holidays

    return kept(key, timeout, load_holidays)


def connect_signals():
    """Raise the version on every save, delete and many-to-many change of the watched apps' models."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    watched = [
        model for label in WATCHED_APPS for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    watched += [apps.get_model(label) for label in WATCHED_MODELS]
    for model in watched:
        uid = f"mokum-pagecache-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")
        if model._meta.auto_created:
            m2m_changed.connect(_on_write, sender=model, dispatch_uid=f"{uid}-m2m")


# -- cached reads -------------------------------------------------------------------------------------------


CODE_SUFFIXES = (".py", ".html", ".txt", ".mo")
CODE_SKIPPED = {".venv", "node_modules", "tests", "staticfiles", "media", "bench", "docs", ".git", "__pycache__"}


@functools.cache
def code_version() -> str:
    """Return a digest of the code, templates and translations this process runs (read once per process).

    It is part of every key, so what one release stored (a page, a fragment, an object as its code made it) is
    never read by another: during and after a deploy each release reads only its own entries.
    """
    digest = hashlib.md5(usedforsecurity=False)
    for folder, subfolders, files in os.walk(settings.BASE_DIR):
        subfolders[:] = sorted(name for name in subfolders if name not in CODE_SKIPPED)
        for name in sorted(files):
            if name.endswith(CODE_SUFFIXES):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, settings.BASE_DIR).encode())
                with open(path, "rb") as file:
                    digest.update(file.read())
    return digest.hexdigest()[:12]


def versioned_key(prefix: str, *parts, version_key=VERSION_KEY) -> str | None:
    """Return a cache key for `parts` under the current data version, or None when nothing can be cached."""
    version = data_version(version_key)
    if version is None:
        return None
    digest = hashlib.md5("\x1f".join(str(part) for part in parts).encode(), usedforsecurity=False).hexdigest()
    return f"{prefix}:{code_version()}:{version}:{digest}"


def prefetch(keys) -> None:
    """Fetch the cache entries under `keys` in one round trip, for `cached` to answer from later in the request.

    A page that knows which shared parts it will show asks for all of them at once instead of one at a time. A key
    that turns out not to be asked for costs nothing; one asked for that was not prefetched is read as usual.
    """
    fetched = _prefetched.get()
    keys = [key for key in keys if key]
    if fetched is None or not keys:
        return
    found = cache.get_many(keys)
    fetched.update({key: found.get(key) for key in keys})


def cached(key):
    """Return the cache entry under `key`: from what `prefetch` fetched when it did, else from the cache."""
    fetched = _prefetched.get()
    if fetched is not None and key in fetched:
        return fetched.pop(key)
    return cache.get(key)


def fragment_key(name: str, *parts) -> str | None:
    """Return the key of the shared fragment `{% sharedcache name parts… %}` in the active language."""
    from django.utils.translation import get_language

    return versioned_key("fragment", name, get_language(), *parts)


def kept(key, timeout, compute):
    """Return the value under `key` (from what `prefetch` fetched when it did), else `compute()` stored there for
    `timeout` seconds; with no key (nothing can be cached) simply `compute()`."""
    if key is None:
        return compute()
    value = cached(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def shared_value(key_parts: tuple, compute):
    """Return `compute()`, the same for everyone who asks, kept under the data version for PAGE_CACHE_SECONDS.

    For the public part of pages that logged-in people see too: the version changes with any write to the data
    the value is made of, so nobody sees it out of date; nothing personal may go in (the key has no person).
    """
    timeout = settings.PAGE_CACHE_SECONDS
    key = versioned_key("shared", *key_parts) if timeout and parts_worth_storing() else None
    return kept(key, timeout, compute)


def places_value(key_parts: tuple, compute):
    """Return `compute()` made of districts and areas only, kept until one of those changes (PAGE_CACHE_SECONDS).

    Unlike `shared_value` it survives changes to everything else, so a page rendered from scratch after such a
    change still finds it.
    """
    timeout = settings.PAGE_CACHE_SECONDS
    key = versioned_key("places", *key_parts, version_key=PLACES_VERSION_KEY) if timeout else None
    return kept(key, timeout, compute)


def cached_for_person(kind: str, person_id, compute):
    """Return `compute()` about one person (their roles), kept for them under the data version.

    The key names the person, so it is never anyone else's; any change to the watched data gives a new version.
    """
    timeout = settings.PAGE_CACHE_SECONDS
    key = versioned_key(kind, person_id) if timeout else None
    return kept(key, timeout, compute)


def cached_figures(key_parts: tuple, compute):
    """Return `compute()`, kept for FIGURES_CACHE_SECONDS under the data version (for staff dashboards too)."""
    timeout = settings.FIGURES_CACHE_SECONDS
    key = versioned_key("figures", *key_parts) if timeout else None
    return kept(key, timeout, compute)


def is_visitor(request) -> bool:
    """Tell whether `request` comes from a visitor with nothing of their own on the page (decided by cookies)."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def visitor_key(request, prefix: str) -> str | None:
    """Return the cache key of this visitor's request (language, host and full address), or None."""
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD") or not is_visitor(request):
        return None
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return versioned_key(prefix, request.scheme, request.get_host(), language, request.get_full_path())


def _storable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (messages is not None and getattr(messages, "added_new", False))
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class RequestVersionsMiddleware:
    """Read the data versions once per request (the person, their roles, fragments and figures all need them) and
    keep what the view fetched ahead (`prefetch`), from the first middleware that asks to the end of the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        versions, fetched = _request_versions.set({}), _prefetched.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(versions)
            _prefetched.reset(fetched)


class VisitorPageCacheMiddleware:
    """Serve visitors' pages (VISITOR_PAGES) from the cache and store them after a miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        whole = _whole_page_stored.set(False)
        try:
            response = self.get_response(request)
        finally:
            _whole_page_stored.reset(whole)
        key = getattr(request, "_visitor_page_key", None)
        if key is not None and _storable(request, response):
            content = response.content
            if CSRF_PLACEHOLDER not in content:
                content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", content)
                cache.set(key, (content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in VISITOR_PAGES:
            return None
        key = visitor_key(request, "page")
        if key is None:
            return None
        stored = cache.get(key)
        if stored is None:
            if request.method == "GET":
                request._visitor_page_key = key
                _whole_page_stored.set(True)
            return None
        content, content_type = stored
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response


class VisitorCachedListMixin:
    """For read-only API viewsets: serve a visitor's list from the cache; throttling still applies first."""

    def list(self, request, *args, **kwargs):
        from rest_framework.response import Response

        key = visitor_key(request._request, "api")
        if key is not None:
            data = cache.get(key)
            if data is not None:
                return Response(data, headers={"X-Page-Cache": "hit"})
        response = super().list(request, *args, **kwargs)
        if key is not None and response.status_code == 200:
            cache.set(key, response.data, settings.PAGE_CACHE_SECONDS)
        return response


def later(compute):
    """Return `Later(compute)` when fragments are cached (the value may never be needed), else `compute()` at once."""
    if settings.PAGE_CACHE_SECONDS and settings.FIGURES_CACHE_SECONDS:
        return Later(compute)
    return compute()


class Later:
    """A value computed when a template first uses it (templates call callables), then kept for the request.

    For the parts of a page inside `{% sharedcache %}`: when the fragment comes from the cache, its data is never
    read at all.
    """

    def __init__(self, compute):
        self._compute = compute
        self._done = False
        self._value = None

    def __call__(self):
        if not self._done:
            self._value = self._compute()
            self._done = True
        return self._value
