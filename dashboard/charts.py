"""Charts drawn on the server with matplotlib (its SVG backend, no pyplot or GUI), readable without JavaScript.

Each chart is inline SVG with role="img", a title and a text alternative that lists its data; the page
shows the same data as a table beside it. Rendering takes tens of milliseconds, so each SVG is cached
by a hash of everything drawn (labels, values, language), and a change in the data draws a new one.
"""

import hashlib
import io
import json
import re
import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from dashboard.numbers import format_number, format_percent

CACHE_SECONDS = 24 * 60 * 60
# Part of the cache key: raise it when the drawing changes, so no chart drawn the old way is served for a day.
DRAWING = 2  # 2: mirrored right to left
# The site's colours (static/css/site.css), dark enough for text-level contrast on white, and hatches
# so that series differ by more than colour alone.
COLOURS = ["#004699", "#00602b", "#b00000", "#4a4a4a", "#6b3fa0"]
HATCHES = ["", "//", "..", "xx", "\\\\"]
INK = "#1a1a1a"

# matplotlib's settings are global; draw one chart at a time.
_lock = threading.Lock()


@dataclass(frozen=True)
class Chart:
    """A drawn chart: its title, a text alternative and the SVG markup (safe to put in a page)."""

    id: str
    title: str
    description: str
    svg: str


def _number(value, unit="") -> str:
    """Return a value as text in the page's language, with its unit; a missing value says so, without a unit."""
    if value is None:
        return str(_("no data"))
    if unit == "%":
        return format_percent(value)
    return format_number(value) + unit


def _describe(labels, series, unit) -> str:
    parts = []
    for name, values in series:
        items = "; ".join(f"{label}: {_number(value, unit)}" for label, value in zip(labels, values, strict=True))
        parts.append(f"{name}: {items}." if len(series) > 1 else f"{items}.")
    return " ".join(parts)


def bar_chart(*, id: str, title: str, labels: list[str], series: list[tuple[str, list]], unit: str = "") -> Chart:
    """Return a horizontal bar chart: one bar per label and series (a legend when there are several series)."""
    spec = {"kind": "bar", "labels": labels, "series": series, "unit": unit}
    return _chart(id, title, _describe(labels, series, unit), spec)


def column_chart(*, id: str, title: str, labels: list[str], series: list[tuple[str, list]], unit: str = "") -> Chart:
    """Return a vertical bar chart over time (months along the bottom), series side by side."""
    spec = {"kind": "column", "labels": labels, "series": series, "unit": unit}
    return _chart(id, title, _describe(labels, series, unit), spec)


def _chart(id, title, description, spec) -> Chart:
    spec = json.loads(json.dumps(spec, default=str))  # plain data: lazy strings become text
    # The language is part of what is drawn: numbers carry its decimal mark, and right to left mirrors the chart.
    drawn = json.dumps([DRAWING, id, title, spec, get_language()], sort_keys=True)
    key = "chart:" + hashlib.sha256(drawn.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _render(spec)
        cache.set(key, svg, CACHE_SECONDS)
    return Chart(id=id, title=title, description=description, svg=mark_safe(_accessible(svg, id, title, description)))


def _render(spec) -> str:
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    labels, series = spec["labels"], spec["series"]
    # Right to left (Arabic) the chart is mirrored: labels and the value axis on the right, bars growing to the
    # left, months running from right to left. (The SVG keeps direction: ltr in site.css, so the text anchors
    # matplotlib sets mean what it meant.)
    mirrored = get_language_bidi()
    if mirrored:
        # Each label read right to left inside the left-to-right SVG ("2026 يناير"): an isolate, invisible.
        labels = [f"\u2067{label}\u2069" for label in labels]
        series = [(f"\u2067{name}\u2069", values) for name, values in series]
    settings = {
        "svg.fonttype": "none",  # text stays text: smaller, sharp and selectable
        "svg.hashsalt": "kracht-van-mokum",  # stable ids, so the same data gives the same SVG
        "font.size": 11,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "text.color": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.edgecolor": INK,
    }
    with _lock, rc_context(settings):
        horizontal = spec["kind"] == "bar"
        rows = max(len(labels), 1)
        height = 0.5 + 0.42 * rows * max(len(series), 1) ** 0.5 if horizontal else 3.4
        figure = Figure(figsize=(6.4, max(height, 1.8)))
        axes = figure.add_subplot()
        if mirrored:
            axes.invert_xaxis()  # before the bars, so their value labels go on the outer (left) side
        count = max(len(series), 1)
        width = 0.8 / count
        for index, (name, values) in enumerate(series):
            positions = [i + (index - (count - 1) / 2) * width for i in range(len(labels))]
            heights = [value or 0 for value in values]
            style = {
                "color": COLOURS[index % len(COLOURS)],
                "hatch": HATCHES[index % len(HATCHES)],
                "edgecolor": "white" if index else COLOURS[0],
                "label": name,
            }
            if horizontal:
                bars = axes.barh(positions, heights, height=width, **style)
            else:
                bars = axes.bar(positions, heights, width=width, **style)
            # Values on the bars (the table beside the chart has them all); zeros are left bare.
            texts = [_number(v, spec["unit"]) if v else ("–" if v is None else "") for v in values]
            if horizontal:
                texts = [text or "0" for text in texts]
            axes.bar_label(bars, labels=texts, padding=3)
        value_axis = axes.xaxis if horizontal else axes.yaxis
        set_value_limits = axes.set_xlim if horizontal else axes.set_ylim

        def set_limits(low, high):
            set_value_limits(*((high, low) if mirrored and horizontal else (low, high)))

        if spec["unit"] == "%":
            set_limits(0, 115)
            value_axis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
        else:
            value_axis.set_major_locator(MaxNLocator(integer=True))
            if not any(value for _name, values in series for value in values):
                # Nothing to draw: matplotlib would centre an empty range on 0 (ticks −0.060 … 0.060).
                set_limits(0, 1)
        # Tick labels in the page's language (a decimal comma in Dutch), never a minus sign: counts start at 0.
        value_axis.set_major_formatter(FuncFormatter(lambda value, _position: format_number(value)))
        _label_categories(axes, labels, horizontal=horizontal, mirrored=mirrored, percent=spec["unit"] == "%")
        if len(series) > 1:
            axes.legend(frameon=False, loc="best")
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _label_categories(axes, labels, *, horizontal, mirrored, percent) -> None:
    """Put the labels along the category axis, and the value axis on the reading side's start (right when mirrored)."""
    if horizontal:
        axes.set_yticks(range(len(labels)), labels)
        axes.invert_yaxis()
        if not percent:
            axes.margins(x=0.15)
    else:
        # Many months slant, reading down towards their column (from the right when mirrored).
        slant = {"rotation": -45 if mirrored else 45, "ha": "left" if mirrored else "right"}
        axes.set_xticks(range(len(labels)), labels, **(slant if len(labels) > 6 else {}))
        axes.margins(y=0.15)
    if mirrored:
        axes.yaxis.tick_right()
    axes.spines[["top", "left" if mirrored else "right"]].set_visible(False)


_ID = re.compile(r'id="([^"]+)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')


def _presentation_attributes(match: re.Match) -> str:
    """Return an SVG style attribute's declarations as presentation attributes (fill="…" stroke="…")."""
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def _accessible(svg: str, chart_id: str, title: str, description: str) -> str:
    """Return the SVG element alone, its ids made unique on the page, with role="img", a title and a description."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    # The page's Content-Security-Policy allows no inline style: matplotlib's style attributes become SVG
    # presentation attributes (which CSP does not govern) and its one <style> rule moves to site.css (.chart-svg).
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(_presentation_attributes, svg)
    prefix = f"{chart_id}-"
    svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    from django.utils.html import escape

    head = (
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" class="chart-svg"'
        f'><title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    opening_end = svg.index(">") + 1
    opening = svg[:opening_end]
    view_box = re.search(r'viewBox="([^"]+)"', opening)
    if view_box:
        head = head.replace("<svg ", f'<svg viewBox="{view_box.group(1)}" ', 1)
    return head + svg[opening_end:]
