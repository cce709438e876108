"""Server-rendered SVG charts for the dashboard and the PDF reports.

Each function returns a self-contained `<svg>` (safe string): presentation attributes only (no
CSS, no script, no external fonts or images), a generic font family, `role="img"` with a
`<title>` and `<desc>` it is labelled by, and a viewBox so it scales. That is what a strict
Content-Security-Policy, a screen reader, a printer and WeasyPrint all accept. Every bar and line
is labelled in words and numbers beside it, so no chart relies on colour alone; pages show the
same numbers in a table next to each chart.

A bar or segment given an ``href`` is wrapped in an SVG link (``<a href>`` with an accessible
name in words), so the dashboard's bars lead to the list of what they count; the reports give
none.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
MUTED = "#505a5f"
GRID = "#b1b4b6"

# GOV.UK colours; amber bars get a dark outline to stand out from white.
COLOURS = {
    "red": "#d4351c",
    "amber": "#ffdd00",
    "green": "#00703c",
    "blue": "#1d70b8",
    "closed": "#505a5f",
    "grey": "#505a5f",
    "purple": "#4c2c92",
    "turquoise": "#28a197",
    "black": "#0b0c0c",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str = "blue"
    href: str = ""


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    colour: str
    href: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]
    colour: str
    dash: str = ""  # stroke-dasharray, so series differ by more than colour


def _fill(colour: str) -> str:
    value = COLOURS.get(colour, colour)
    outline = ' stroke="#0b0c0c" stroke-width="1"' if colour == "amber" else ""
    return f'fill="{value}"{outline}'


def _open(
    chart_id: str, title: str, desc: str, width: int, height: int, *, links: bool = False
) -> str:
    # An image's content is presentational, so a chart whose bars are links is a named group
    # of links instead (axe: nested-interactive).
    role = "group" if links else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="{role}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="14" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _text(x, y, content, *, anchor="start", fill=TEXT, size=14, weight="normal") -> str:
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
        f'font-size="{size}"{bold}>{escape(content)}</text>'
    )


def _linked(href: str, content: str, name: str = "") -> str:
    """``content`` inside a link to ``href``, or as it is without a link. The link is named by
    the text inside it, or by ``name`` when it holds no text (a segment of a stacked bar)."""
    if not href:
        return content
    label = f' aria-label="{escape(name)}"' if name else ""
    return f'<a href="{escape(href)}"{label}>{content}</a>'


def _share(value: int, total: int) -> str:
    return f"{round(100 * value / total)}%" if total else "0%"


def bar_chart(
    chart_id: str, title: str, desc: str, bars: list[Bar], *, width=640, shares=True
) -> SafeString:
    """Horizontal bars, one a row, each labelled with its name, count and share."""
    label_width, row, top = 210, 30, 8
    height = top + row * len(bars) + 8
    total = sum(b.value for b in bars)
    biggest = max([b.value for b in bars] + [1])
    bar_space = width - label_width - 110
    parts = [_open(chart_id, title, desc, width, height, links=any(b.href for b in bars))]
    for index, bar in enumerate(bars):
        y = top + index * row
        length = bar_space * bar.value / biggest
        content = [_text(label_width - 8, y + 19, bar.label, anchor="end")]
        if bar.value:
            content.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{max(length, 2):.1f}" '
                f'height="{row - 10}" {_fill(bar.colour)}/>'
            )
        words = f"{bar.value:,}" + (f" ({_share(bar.value, total)})" if shares else "")
        content.append(_text(label_width + length + 6, y + 19, words))
        parts.append(_linked(bar.href, "".join(content)))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def stacked_bar_chart(
    chart_id: str, title: str, desc: str, rows: list[tuple[str, list[Segment]]], *, width=640
) -> SafeString:
    """One horizontal bar a row, split into segments, with the row's total beside it and a key."""
    longest = max([len(label) for label, _ in rows] + [10])
    label_width, row, top = min(320, 16 + 7 * longest), 28, 40
    height = top + row * len(rows) + 10
    biggest = max([sum(s.value for s in segments) for _, segments in rows] + [1])
    bar_space = width - label_width - 60
    linked = any(s.href for _, segments in rows for s in segments)
    parts = [_open(chart_id, title, desc, width, height, links=linked)]
    # The key, in words, along the top.
    key_segments = rows[0][1] if rows else []
    x = label_width
    for segment in key_segments:
        parts.append(f'<rect x="{x}" y="8" width="14" height="14" {_fill(segment.colour)}/>')
        parts.append(_text(x + 18, 20, segment.label, size=13))
        x += 26 + 8 * len(segment.label)
    for index, (label, segments) in enumerate(rows):
        y = top + index * row
        parts.append(_text(label_width - 8, y + 18, label, anchor="end", size=13))
        x = float(label_width)
        for segment in segments:
            length = bar_space * segment.value / biggest
            if segment.value:
                rect = (
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{length:.1f}" height="{row - 10}" '
                    f"{_fill(segment.colour)}><title>{escape(segment.label)}: "
                    f"{segment.value:,}</title></rect>"
                )
                name = f"{label}, {segment.label}: {segment.value:,}"
                parts.append(_linked(segment.href, rect, name))
            x += length
        parts.append(_text(x + 6, y + 18, f"{sum(s.value for s in segments):,}", size=13))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def line_chart(
    chart_id: str, title: str, desc: str, x_labels: list[str], series: list[Series], *, width=720
) -> SafeString:
    """Lines over time with a labelled y axis, every sixth x label, and each line named at its
    end and in the key, drawn with different dash patterns."""
    left, right, top, bottom = 56, 130, 36, 40
    height = 320
    plot_w, plot_h = width - left - right, height - top - bottom
    biggest = max([v for s in series for v in s.values] + [1])
    step = _nice_step(biggest)
    y_max = step * (-(-biggest // step))
    count = max(len(x_labels) - 1, 1)

    def x_at(i):
        return left + plot_w * i / count

    def y_at(v):
        return top + plot_h - plot_h * v / y_max

    parts = [_open(chart_id, title, desc, width, height)]
    x = left
    for s in series:
        parts.append(
            f'<line x1="{x}" y1="14" x2="{x + 24}" y2="14" '
            f'stroke="{COLOURS.get(s.colour, s.colour)}" stroke-width="3"{_dash(s.dash)}/>'
        )
        parts.append(_text(x + 30, 19, s.label, size=13))
        x += 44 + 8 * len(s.label)
    for tick in range(0, y_max + 1, step):
        y = y_at(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + 4, f"{tick:,}", anchor="end", fill=MUTED, size=12))
    for i, label in enumerate(x_labels):
        if i % 6 == 0 or i == len(x_labels) - 1:
            parts.append(
                _text(x_at(i), height - bottom + 18, label, anchor="middle", fill=MUTED, size=12)
            )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{TEXT}" stroke-width="1"/>'
    )
    for s in series:
        points = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(s.values))
        colour = COLOURS.get(s.colour, s.colour)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"'
            f"{_dash(s.dash)}/>"
        )
        if s.values:
            parts.append(
                _text(
                    x_at(len(s.values) - 1) + 8,
                    y_at(s.values[-1]) + 5,
                    f"{s.label} {s.values[-1]:,}",
                    size=13,
                )
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def _dash(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def _nice_step(biggest: int) -> int:
    """A round gridline step giving about four to eight lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if biggest / step <= 8:
            return step
    return 10 ** len(str(biggest))
