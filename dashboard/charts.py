"""Charts drawn on the server as inline SVG, readable without JavaScript.

Each chart is an SVG with role="img", a title and a text alternative that lists its data; the page shows the same
data as a table beside it. The charts are plain bars, drawn here in a few SVG elements: no chart library is
loaded into every web process for them. The SVG holds no style (the page's Content-Security-Policy allows
none inline): colours and lines are presentation attributes. Each SVG is cached by a hash of everything drawn
(labels, values, language), so a change in the data draws a new one.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from dashboard.numbers import format_number, format_percent

CACHE_SECONDS = 24 * 60 * 60
# Part of the cache key: raise it when the drawing changes, so no chart drawn the old way is served for a day.
DRAWING = 3  # 2: mirrored right to left; 3: drawn without a chart library
# The site's colours (static/css/site.css), dark enough for text-level contrast on white, and hatches (lines in a
# 6 × 6 tile) so that series differ by more than colour alone.
COLOURS = ["#004699", "#00602b", "#b00000", "#4a4a4a", "#6b3fa0"]
HATCHES = ["", "M0 6L6 0", "M1 1.5h1.5M4 4.5h1.5", "M0 6L6 0M0 0L6 6", "M0 0L6 6"]
INK = "#1a1a1a"


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


# The drawing, in SVG user units (the SVG scales to its column). Text widths are estimated from the number of
# characters, as no font is at hand on the server; labels get the room of the longest.
WIDTH = 640
FONT = 12
CHAR = 0.62 * FONT  # a generous average width of a character
BAR = 16  # thickness of one bar
GAP = 10  # between the groups of bars
PLOT_HEIGHT = 220  # of a column chart's plot area
LEGEND_ROW = 20
TICK = 5


def _width(text: str) -> float:
    return len(text) * CHAR


def _ticks(spec) -> tuple[float, list[float]]:
    """Return the top of the value axis and its ticks: quarters for a share, whole round steps for a count."""
    if spec["unit"] == "%":
        return 100, [0, 25, 50, 75, 100]
    top = max((value or 0 for _name, values in spec["series"] for value in values), default=0)
    if top <= 0:
        return 1, [0, 1]  # nothing to draw: a plain axis from 0 to 1
    step = 1.0
    while top / step > 5:
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50, …
            step *= factor
            if top / step <= 5:
                break
    count = int(-(-top // step))  # the first step at or above the highest value
    return count * step, [n * step for n in range(count + 1)]


def _value_texts(values, unit, *, zero) -> list[str]:
    """Return the text on each bar: its value, "–" for a missing one, `zero` for nothing."""
    return [_number(v, unit) if v else ("–" if v is None else zero) for v in values]


def _text(x, y, text, anchor, extra="") -> str:
    # text-anchor before x: tests read a label's side from them in this order.
    return f'<text text-anchor="{anchor}" x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _fill(index) -> str:
    """Return the fill of a series: its colour, hatched from the second series on (patterns in _defs)."""
    return f"url(#hatch-{index})" if index % len(HATCHES) else COLOURS[index % len(COLOURS)]


def _defs(count) -> str:
    patterns = []
    for index in range(1, count):
        colour = COLOURS[index % len(COLOURS)]
        lines = HATCHES[index % len(HATCHES)]
        if not lines:
            continue
        patterns.append(
            f'<pattern id="hatch-{index}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{colour}"/><path d="{lines}" stroke="white" stroke-width="1.2"/>'
            "</pattern>"
        )
    return f"<defs>{''.join(patterns)}</defs>" if patterns else ""


def _legend(series, *, width, mirrored) -> tuple[str, float]:
    """Return the legend (one row per series, a swatch and its name) and its height; none for one series."""
    if len(series) < 2:
        return "", 0
    rows = []
    for index, (name, _values) in enumerate(series):
        y = 4 + index * LEGEND_ROW
        swatch_x = width - 14 if mirrored else 0
        text_x = swatch_x - 6 if mirrored else 20
        rows.append(f'<rect x="{swatch_x}" y="{y}" width="14" height="12" fill="{_fill(index)}"/>')
        rows.append(_text(text_x, y + 11, name, "end" if mirrored else "start"))
    return "".join(rows), len(series) * LEGEND_ROW + 8


def _render(spec) -> str:
    """Return the chart as SVG: horizontal bars per label, or columns per month; mirrored right to left."""
    labels, series, unit = spec["labels"], spec["series"], spec["unit"]
    # Right to left (Arabic) the chart is mirrored: labels and the value axis on the right, bars growing to the
    # left, months running from right to left. The SVG itself stays left to right (site.css), so each label is
    # an isolate that reads right to left inside it ("2026 يناير"); the marks are invisible.
    mirrored = get_language_bidi()
    if mirrored:
        labels = [f"\u2067{label}\u2069" for label in labels]
        series = [(f"\u2067{name}\u2069", values) for name, values in series]
    draw = _bars if spec["kind"] == "bar" else _columns
    width, height, body = draw(labels, series, unit, mirrored)
    return (
        f'<svg viewBox="0 0 {width:.0f} {height:.0f}" xmlns="http://www.w3.org/2000/svg" font-size="{FONT}"'
        f' fill="{INK}">{_defs(len(series))}{body}</svg>'
    )


def _bars(labels, series, unit, mirrored):
    """Horizontal bars: the labels beside the value axis, a bar per series, its value at its end."""
    top, ticks = _ticks({"unit": unit, "series": series})
    texts = [_value_texts(values, unit, zero="0") for _name, values in series]
    label_room = max((_width(label) for label in labels), default=0) + 2 * TICK
    value_room = max((_width(text) for column in texts for text in column), default=0) + 2 * TICK
    width = max(WIDTH, label_room + value_room + 200)
    plot = width - label_room - value_room
    legend, legend_height = _legend(series, width=width, mirrored=mirrored)
    group = BAR * max(len(series), 1) + GAP
    bottom = legend_height + group * len(labels)
    axis = width - label_room if mirrored else label_room
    sign = -1 if mirrored else 1
    parts = [legend]
    for row, label in enumerate(labels):
        y = legend_height + row * group + GAP / 2
        parts.append(
            _text(axis - sign * TICK, y + BAR * len(series) / 2 + FONT / 3, label, "start" if mirrored else "end")
        )
        for index, (_name, values) in enumerate(series):
            length = (values[row] or 0) / top * plot
            bar_y = y + index * BAR
            left = axis - length if mirrored else axis
            parts.append(
                f'<rect x="{left:.1f}" y="{bar_y:.1f}" width="{length:.1f}" height="{BAR}" fill="{_fill(index)}"/>'
            )
            end = axis + sign * (length + 3)
            parts.append(_text(end, bar_y + BAR / 2 + FONT / 3, texts[index][row], "end" if mirrored else "start"))
    parts.append(
        f'<path d="M{axis:.1f} {legend_height}V{bottom:.1f}H{axis + sign * plot:.1f}" fill="none" stroke="{INK}"/>'
    )
    for tick in ticks:
        x = axis + sign * tick / top * plot
        parts.append(f'<path d="M{x:.1f} {bottom:.1f}v{TICK}" stroke="{INK}"/>')
        parts.append(_text(x, bottom + TICK + FONT + 2, format_number(tick), "middle"))
    return width, bottom + TICK + FONT + 8, "".join(parts)


def _columns(labels, series, unit, mirrored):
    """Columns over time: months along the bottom (slanted when there are many), series side by side."""
    top, ticks = _ticks({"unit": unit, "series": series})
    tick_room = max(_width(format_number(tick)) for tick in ticks) + 2 * TICK + 4
    legend, legend_height = _legend(series, width=WIDTH, mirrored=mirrored)
    slanted = len(labels) > 6
    slant = max((_width(label) for label in labels), default=0) * 0.71 if slanted else 0
    label_room = slant + FONT + 2 * TICK
    value_top = legend_height + FONT + 6  # room for the values above the highest column
    bottom = value_top + PLOT_HEIGHT
    # The first month's slanted label reaches past the value axis: the axis moves in to make room.
    tick_room = max(tick_room, slant - (WIDTH - tick_room) / max(len(labels), 1) / 2)
    plot = WIDTH - tick_room - TICK
    axis = WIDTH - tick_room if mirrored else tick_room
    sign = -1 if mirrored else 1
    count = max(len(series), 1)
    slot = plot / max(len(labels), 1)
    column = slot * 0.8 / count
    parts = [legend]
    for position, label in enumerate(labels):
        middle = axis + sign * (position + 0.5) * slot
        y = bottom + TICK + FONT
        if slanted:
            # Reading down towards its column: from the right of the label when mirrored.
            angle, anchor = (45, "start") if mirrored else (-45, "end")
            parts.append(_text(middle, y, label, anchor, f' transform="rotate({angle} {middle:.1f} {y:.1f})"'))
        else:
            parts.append(_text(middle, y, label, "middle"))
        for index, (_name, values) in enumerate(series):
            height = (values[position] or 0) / top * PLOT_HEIGHT
            centre = middle + sign * (index - (count - 1) / 2) * column
            parts.append(
                f'<rect x="{centre - column / 2:.1f}" y="{bottom - height:.1f}" width="{column:.1f}"'
                f' height="{height:.1f}" fill="{_fill(index)}"/>'
            )
            text = _value_texts([values[position]], unit, zero="")[0]
            if text:
                parts.append(_text(centre, bottom - height - 3, text, "middle"))
    parts.append(
        f'<path d="M{axis:.1f} {value_top:.1f}V{bottom:.1f}H{axis + sign * plot:.1f}" fill="none" stroke="{INK}"/>'
    )
    for tick in ticks:
        y = bottom - tick / top * PLOT_HEIGHT
        parts.append(f'<path d="M{axis:.1f} {y:.1f}h{-sign * TICK}" stroke="{INK}"/>')
        parts.append(_text(axis - sign * 2 * TICK, y + FONT / 3, format_number(tick), "start" if mirrored else "end"))
    return WIDTH, bottom + label_room, "".join(parts)


_ID = re.compile(r'id="([^"]+)"')


def _accessible(svg: str, chart_id: str, title: str, description: str) -> str:
    """Return the SVG with its ids made unique on the page, with role="img", a title and a description."""
    prefix = f"{chart_id}-"
    svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    opening_end = svg.index(">") + 1
    return (
        f'{svg[: opening_end - 1]} role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false"'
        f' class="chart-svg"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{svg[opening_end:]}'
    )
