"""`{% sharedcache "name" value … %}…{% endsharedcache %}`: a fragment rendered once for everyone it looks the same to;
`{% personalcache "name" value … %}…{% endpersonalcache %}`: one rendered once for the person asking, for them only;
`{% placescache "name" value … %}…{% endplacescache %}`: one made of districts and areas and the values given only,
kept until a district or area changes (not every change to the data).

The key holds the version of the public data (mokum/pagecache.py), the active language and the values given, so
any change to the data makes every fragment new on the next request, as for visitors' pages. Whatever the
fragment shows differently to different people must be among the values (a role, "is an initiator"); nothing
personal may be inside it. `personalcache` puts the person asking in the key itself (their inbox). Fragments are
kept FIGURES_CACHE_SECONDS at most (they may show days left). A fragment with a form's CSRF token is never stored
(the token belongs to one session). Without a shared cache (PAGE_CACHE_SECONDS 0) the fragment is simply rendered.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mokum.pagecache import PLACES_VERSION_KEY, cached, fragment_key, parts_worth_storing, versioned_key

register = template.Library()


class SharedCacheNode(template.Node):
    personal = False

    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def timeout(self):
        # What a fragment shows may depend on the clock too (days left, overdue): the figures' bound, not the pages'.
        return settings.FIGURES_CACHE_SECONDS

    def in_use(self) -> bool:
        # Not when the whole page goes in the cache: its parts need not be stored one by one as well.
        return bool(settings.PAGE_CACHE_SECONDS) and parts_worth_storing()

    def key(self, context, parts):
        if self.personal:
            request = context.get("request")
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return None
            parts.insert(0, f"person {user.pk}")
        return fragment_key(self.name, *parts)

    def render(self, context):
        timeout = self.timeout()
        if not timeout or not self.in_use():
            return self.nodelist.render(context)
        key = self.key(context, [value.resolve(context) for value in self.vary_on])
        if key is None:
            return self.nodelist.render(context)
        stored = cached(key)
        if stored is not None:
            return mark_safe(stored)  # noqa: S308 - the fragment's own rendering, escaped when it was made
        rendered = self.nodelist.render(context)
        if "csrfmiddlewaretoken" not in rendered:
            cache.set(key, str(rendered), timeout)
        return rendered


class PersonalCacheNode(SharedCacheNode):
    personal = True


class PlacesCacheNode(SharedCacheNode):
    """A fragment made of districts, areas and the values given only (the list's filter form, with what was asked).

    Kept until a district or area changes, also on a visitor's page that is stored whole: it outlives the page.
    """

    def timeout(self):
        return settings.PAGE_CACHE_SECONDS

    def in_use(self) -> bool:
        return bool(settings.PAGE_CACHE_SECONDS)

    def key(self, context, parts):
        return versioned_key("places-fragment", self.name, get_language(), *parts, version_key=PLACES_VERSION_KEY)


def _parse(parser, token, node_class):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f'{bits[0]} needs a name: {{% {bits[0]} "name" value … %}}')
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return node_class(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])


@register.tag("sharedcache")
def do_sharedcache(parser, token):
    return _parse(parser, token, SharedCacheNode)


@register.tag("placescache")
def do_placescache(parser, token):
    return _parse(parser, token, PlacesCacheNode)


@register.tag("personalcache")
def do_personalcache(parser, token):
    return _parse(parser, token, PersonalCacheNode)
