import re
import xml.etree.ElementTree as ET

from assurance.charts import Bar, Segment, Series, bar_chart, line_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def _assert_self_contained(svg):
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    ids = {root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")}
    assert set(root.get("aria-labelledby").split()) == ids
    assert "sans-serif" in root.get("font-family")
    text = str(svg)
    for banned in ("style=", "<style", "<script", "href", "url(", "@import"):
        assert banned not in text


def test_bar_chart_is_self_contained_and_labels_each_bar_in_words():
    svg = bar_chart(
        "c", "Actions by RAG", "One sentence.", [Bar("Red", 3, "red"), Bar("Amber", 1, "amber")]
    )
    _assert_self_contained(svg)
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert texts == ["Red", "3 (75%)", "Amber", "1 (25%)"]


def test_chart_text_is_escaped():
    svg = bar_chart("c", "<b>Title</b>", "a & b", [Bar("<script>x</script>", 1)])
    _assert_self_contained(svg)
    assert "&lt;script&gt;" in str(svg) and "a &amp; b" in str(svg)


def test_stacked_chart_has_a_key_and_totals():
    rows = [("Police", [Segment("Red", 2, "red"), Segment("Green", 3, "green")])]
    svg = stacked_bar_chart("s", "By agency", "Police has 2 Red.", rows)
    _assert_self_contained(svg)
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert texts[:2] == ["Red", "Green"] and "Police" in texts and "5" in texts


def test_line_chart_draws_each_series_with_its_name_and_last_value():
    series = [Series("Open", [5, 7, 9], "blue"), Series("Overdue", [1, 2, 0], "red", "8 4")]
    svg = line_chart("t", "Trend", "Open rose.", ["Jan", "Feb", "Mar"], series)
    _assert_self_contained(svg)
    assert len(re.findall("<polyline", str(svg))) == 2
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert "Open 9" in texts and "Overdue 0" in texts and 'stroke-dasharray="8 4"' in str(svg)


def test_empty_chart_still_renders():
    _assert_self_contained(
        line_chart("e", "Trend", "Nothing yet.", ["Jan"], [Series("Open", [0], "blue")])
    )
    _assert_self_contained(bar_chart("e", "Bars", "Nothing.", []))
