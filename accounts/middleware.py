import copy

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

SUPPORTED = {code for code, _name in settings.LANGUAGES}
USER_COPY_SECONDS = 60


def choose_language(request):
    """Return the language for `request`: the person's preference, then their choice on the site, else Dutch.

    The browser's Accept-Language is ignored on purpose: many Amsterdammers run an English browser but
    expect a Dutch city site; the switch in the header is on every page.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.preferred_language in SUPPORTED:
        return user.preferred_language
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the language of `choose_language` for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = choose_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def cached_user(request):
    """Return the person logged in on `request`, from the shared cache when it holds them, else as Django reads them.

    The copy is kept per person under the data version (so any change to an account or a role gives a new one)
    together with their roles, and deleted whenever their account is saved, a new password or a log-in included
    (`forget_cached_user`). Django's check of the session against the password hash runs on the copy as well; when
    it fails, Django itself decides (it reads the database and ends a session that no longer matches).
    """
    from accounts.selectors import user_roles

    user_id = request.session.get(SESSION_KEY)
    key = _user_key(user_id) if user_id is not None else None
    entry = cache.get(key) if key else None
    if entry is not None:
        user, roles = entry
        session_hash = request.session.get(HASH_SESSION_KEY)
        known_backend = request.session.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        if known_backend and session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
            user._mokum_roles = roles
            return user
    user = auth.get_user(request)
    if key and user.is_authenticated and str(user.pk) == str(user_id):
        entry = (copy.copy(user), user_roles(user))
        # At most a minute: the bound on a copy read just before a new password was saved and stored just after.
        cache.set(key, entry, min(settings.PAGE_CACHE_SECONDS, USER_COPY_SECONDS))
    return user


def _user_key(user_id):
    from mokum.pagecache import versioned_key

    return versioned_key("auth-user", user_id) if settings.PAGE_CACHE_SECONDS else None


def forget_cached_user(sender, instance, **kwargs):
    """Delete the cached copy of a person whose account was saved: now, and again once the change is committed."""
    key = _user_key(instance.pk)
    if key:
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key), robust=True)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, reading the person logged in through the shared cache (`cached_user`)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _request_user(request))


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = cached_user(request)
    return request._cached_user
