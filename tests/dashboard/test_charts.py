"""Charts: drawn on the server as SVG, each an image with a title and a text alternative, cached by data."""

import re

from dashboard import charts


def test_a_chart_is_an_accessible_inline_svg():
    chart = charts.bar_chart(
        id="chart-test", title="Uitkomsten", labels=["akkoord", "geen akkoord"], series=[("Dialogen", [3, 1])]
    )
    svg = str(chart.svg)
    assert svg.startswith('<svg viewBox="') and 'role="img"' in svg
    assert 'aria-labelledby="chart-test-title chart-test-desc"' in svg
    assert '<title id="chart-test-title">Uitkomsten</title>' in svg
    assert chart.description == "akkoord: 3; geen akkoord: 1."
    assert "<script" not in svg and "<?xml" not in svg
    # Every id is prefixed, so two charts on one page never share an id.
    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids and all(i.startswith("chart-test-") for i in ids)
    assert all(ref.startswith("chart-test-") for ref in re.findall(r"url\(#([^)]+)\)", svg))


def test_a_chart_is_drawn_once_for_the_same_data(monkeypatch):
    drawn = []
    real = charts._render
    monkeypatch.setattr(charts, "_render", lambda spec: drawn.append(spec) or real(spec))
    for _n in range(3):
        charts.column_chart(id="c", title="Per maand", labels=["jan", "feb"], series=[("Geopend", [1, 2])])
    charts.column_chart(id="c", title="Per maand", labels=["jan", "feb"], series=[("Geopend", [1, 3])])
    assert len(drawn) == 2


def test_text_in_a_chart_is_escaped():
    chart = charts.bar_chart(id="x", title="<b>t</b>", labels=["<script>alert(1)</script>"], series=[("s", [None])])
    svg = str(chart.svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg
    assert "no data" in chart.description or "geen gegevens" in chart.description


def _anchors(svg, text_pattern):
    """Return the text-anchor and x of each <text> in `svg` whose content matches `text_pattern`."""
    pattern = r'<text[^>]*text-anchor="(\w+)"[^>]*x="([\d.]+)"[^>]*>' + text_pattern + "</text>"
    return [(anchor, float(x)) for anchor, x in re.findall(pattern, svg)]


def test_in_arabic_a_bar_chart_is_mirrored_with_its_labels_on_the_right():
    from django.utils import translation

    def draw(language):
        with translation.override(language):
            return str(charts.bar_chart(id="m", title="t", labels=["Noord"], series=[("s", [50.0])], unit="%").svg)

    dutch, arabic = draw("nl"), draw("ar")
    # Left to right: the district's name ends at the axis on the left, the value follows the bar to the right.
    ((name_anchor, name_x),) = _anchors(dutch, "Noord")
    ((value_anchor, value_x),) = _anchors(dutch, "50[^<]*%")
    assert (name_anchor, value_anchor) == ("end", "start") and name_x < value_x
    # Right to left: the name starts at the axis on the right, isolated so it reads right to left; the value
    # ends where the bar ends, on its left.
    ((name_anchor, name_x),) = _anchors(arabic, "\u2067Noord\u2069")
    ((value_anchor, value_x),) = _anchors(arabic, "50[^<]*%")
    assert (name_anchor, value_anchor) == ("start", "end") and name_x > value_x


def test_the_value_axis_counts_in_round_steps_up_to_the_highest_value():
    def ticks(values):
        svg = str(charts.column_chart(id="t", title="t", labels=["a", "b"], series=[("s", values)]).svg)
        return [
            text for anchor, _x, text in re.findall(r'<text text-anchor="(end)" x="([\d.]+)"[^>]*>([^<]*)</text>', svg)
        ]

    assert ticks([3, 17]) == ["0", "5", "10", "15", "20"]
    assert ticks([7, 1]) == ["0", "2", "4", "6", "8"]
    assert ticks([240, 1000]) == ["0", "200", "400", "600", "800", "1000"]
    assert ticks([1, 0]) == ["0", "1"]
