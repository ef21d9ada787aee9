from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.querysets import theme_list_items
from initiatives.selectors import theme_labels, theme_order
from mokum.markup import capfirst, escaped
from mokum.templatetags.content_language import content_lang, written_in

register = template.Library()


@register.filter
def in_theme_order(themes):
    """Return `themes` alphabetically in the active language, "other" last, as the forms list them."""
    labels = theme_labels()
    return sorted(themes, key=lambda theme: _label(labels, theme.slug))


def _label(labels: dict, slug: str) -> tuple:
    """Return (sort key, name) of the theme `slug`; a slug the site no longer names is shown as it is."""
    return labels.get(slug) or (theme_order(slug, slug), slug)


def theme_slugs(initiative) -> list[str]:
    """Return the slugs of an initiative's themes, from `theme_list` where its query read them (for_cards)."""
    if hasattr(initiative, "theme_list"):
        return [slug for _pk, slug in theme_list_items(initiative)]
    return [theme.slug for theme in initiative.themes.all()]


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


@register.simple_tag
def supporter_items(listed):
    """Return the named supporters as list items: each name, and their neighbourhood when they gave it."""
    return mark_safe(
        "".join(
            f"<li><bdi>{escaped(row['user__display_name'])}</bdi>"
            + (f' <span class="muted">({escaped(row["neighbourhood"])})</span>' if row["neighbourhood"] else "")
            + "</li>"
            for row in listed
        )
    )


# The bar of one week in the growth chart: its height a share of the highest total (at least 1, to stay visible).
GROWTH_BAR = (
    '<div class="bar-column"><svg class="bar" viewBox="0 0 10 100" preserveAspectRatio="none" focusable="false">'
    '<rect width="10" height="{height}" transform="matrix(1 0 0 -1 0 100)"/></svg>'
    '<span class="bar-label">{day}/{month}</span></div>'
)


@register.simple_tag
def growth_bars(growth):
    """Return the growth chart's bars, one per week (`selectors.support_growth`), labelled day/month.

    This and `growth_rows` are written in Python rather than as template loops with the `date` filter: sixteen
    dates on every initiative page. The output is the same as `{{ week.starts|date:"j/n" }}` and `"j F"`.
    """
    return mark_safe(
        "".join(
            GROWTH_BAR.format(height=week.percent or 1, day=starts.day, month=starts.month)
            for week, starts in _local_starts(growth)
        )
    )


@register.simple_tag
def growth_rows(growth):
    """Return the growth table's rows: each week's first day, its new supporters and the total after it."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{starts.day} {escaped(str(MONTHS[starts.month]))}</th>'
            f"<td>{localize(week.new)}</td><td>{localize(week.total)}</td></tr>"
            for week, starts in _local_starts(growth)
        )
    )


def _local_starts(growth):
    return [(week, timezone.localtime(week.starts)) for week in growth]


@register.simple_tag
def initiative_card(initiative, show_themes=False, show_image=False):
    """Return an initiative's card for a list: title, district and area, summary, status, supporters, reactions.

    Written in Python rather than as an included template: a list shows twenty of them.
    """
    image = ""
    if initiative.image and show_image:
        image = f'<img src="{escaped(initiative.image.url)}" alt="" class="card-image" loading="lazy">'
    area = f" · {escaped(initiative.area.name)}" if initiative.area else ""
    written = written_in(initiative)
    counts = ngettext("%(counter)s supporter", "%(counter)s supporters", initiative.supporter_count) % {
        "counter": initiative.supporter_count
    }
    reaction_count = getattr(initiative, "reaction_count", 0)  # where the list counted them (for_cards)
    if reaction_count:
        reactions = ngettext("%(counter)s reaction", "%(counter)s reactions", reaction_count)
        counts += " · " + reactions % {"counter": reaction_count}
    themes = ""
    if show_themes:
        labels = theme_labels()
        names = sorted(_label(labels, slug) for slug in theme_slugs(initiative))
        items = "".join(f"<li>{escaped(capfirst(name))}</li>" for _key, name in names)
        themes = f'<ul class="tag-list" aria-label="{escaped(_("Themes"))}">{items}</ul>'
    lang = content_lang(initiative)
    written_line = f'<p class="written-in muted">{escaped(written)}</p>' if written else ""
    return mark_safe(
        f'<li class="card initiative-card">{image}<h3{lang}><a href="{escaped(initiative.get_absolute_url())}">'
        f'{escaped(initiative.title)}</a></h3><p class="muted">{escaped(initiative.district.name)}{area}</p>'
        f"<p{lang}>{escaped(initiative.summary)}</p>{written_line}"
        f'<p><span class="status status-{escaped(initiative.status)}">'
        f"{escaped(capfirst(initiative.get_status_display()))}</span> · {escaped(counts)}</p>{themes}</li>"
    )
