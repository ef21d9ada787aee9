from django import template

from initiatives.selectors import theme_order

register = template.Library()


@register.filter
def in_theme_order(themes):
    """Return `themes` alphabetically in the active language, "other" last, as the forms list them."""
    return sorted(themes, key=lambda theme: theme_order(theme.slug, str(theme)))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Return the current query string with `changes` applied (empty removes) and the page number dropped."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value in (None, ""):
            params.pop(name, None)
        else:
            params[name] = value
    return f"?{params.urlencode()}" if params else "?"


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """Return the current query string pointing at page `number`."""
    params = context["request"].GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"
