from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


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
