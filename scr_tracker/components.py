"""GOV.UK Frontend components as data: tags, tables and summary lists.

Each renderer takes the parameters of GOV.UK Frontend's Nunjucks macro (``govukTag``,
``govukTable``, ``govukSummaryList``), in snake_case, and returns safe HTML. Page templates call
them through the ``{% govuk_tag %}``, ``{% govuk_table %}`` and ``{% govuk_summary_list %}`` tags
(scr_tracker/templatetags/govuk.py); the rows are built in Python by each app's presenters
(``<app>/templatetags/<app>_rows.py``), so no page template pastes the design system's markup.

Escaping works as in templates: every text is escaped unless it is marked safe (built with
``format_html`` or ``mark_safe``), so a cell holding a link is given as
``format_html('<a class="govuk-link" href="{}">{}</a>', url, name)``.

Rendering is plain string building, not a template per cell: the action plan shows hundreds of
rows with two tags each.

Table (``table(rows, head=..., caption=...)``)
    ``head``: a list of header cells. ``rows``: a list of rows, each a list of cells, or a dict
    ``{"cells": [...], "attributes": {"id": ...}}``; a falsy row is skipped. A cell is a dict:
    ``text`` (escaped unless safe), ``format`` (``"numeric"``), ``classes``, ``colspan``,
    ``rowspan``, ``attributes`` (e.g. ``{"aria-sort": "ascending"}``) and, for a body cell,
    ``header`` (true: a row header, ``<th scope="row">``); a bare value is ``{"text": value}``.
    ``first_cell_is_header`` makes the first cell of every row a row header. ``region`` wraps the
    table in the app's scrolling region (``app-table-scroll``) with that accessible name.

    On a phone (below GOV.UK's tablet breakpoint, 641px) a table with a ``head`` shows each row
    as a card (``app-table-cards``, CSS in static/src/scss/components/_tables.scss): every cell
    on its own line under its column's name (``data-label``, from the head, colspans and
    rowspans followed), and first the cells that matter on the move (``app-table__cell--key``):
    those holding a link or a tag (the row's link, its rating and status), and a due date
    column (a head starting "Due"). Nothing per table is needed, so a column added later
    keeps working; a head cell may say ``"card": "key"`` (lead with it) or ``"card": ""`` (not
    a key) to decide otherwise, and ``cards=False`` keeps a table a table on every screen.

Summary list (``summary_list(rows)``)
    Each row: ``key`` and ``value`` (text, or a dict with ``text`` and ``classes``), optional
    ``actions``: ``{"items": [{"href", "text", "visually_hidden_text", "classes"}]}`` and
    ``classes``; a falsy row is skipped. A row without actions is marked
    ``govuk-summary-list__row--no-actions`` (always, so every list keeps the same columns).
    ``summary_row(key, value, ...)`` builds a row the house way ("Not recorded" when empty,
    a "Change" link whose hidden text is the key).

Tag (``tag(text, colour)``, ``rag_tag(rag)``, ``status_tag(status, text)``)
    ``<strong class="govuk-tag govuk-tag--<colour>">``; the words always say what the colour
    only repeats.
"""

import datetime
import re
from html import unescape

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

# govuk-tag colour for each status code status_tag() may be given: the ActionStatus,
# ReviewStatus, RevisionState and Judgement codes. A code not listed gets the plain tag.
STATUS_TAG_COLOURS = {
    "not_started": "grey",
    "in_progress": "blue",
    "claimed": "light-blue",
    "assured": "green",
    "not_implemented": "grey",
    "agreed": "turquoise",
    "published": "green",
    "closed": "grey",
    "original": "grey",
    "pending": "yellow",
    "approved": "green",
    "declined": "red",
    "awaiting": "yellow",
    "accepted": "green",
    "returned": "orange",
}

# The RAG rating tag: colour and words for each rating code ("" is not rated).
RAG_TAGS = {
    "red": ("red", "Red"),
    "amber": ("yellow", "Amber"),
    "green": ("green", "Green"),
    "blue": ("blue", "Blue"),
    "closed": ("grey", "Not implemented"),
    "partly": ("grey", "Partly implemented"),  # a recommendation's roll-up only
}
NOT_RATED_TAG = ("grey", "Not rated")


def _text(value) -> str:
    """A text as HTML: escaped unless marked safe; None is nothing."""
    if value is None:
        return ""
    return conditional_escape(value)


def _classes(base: str, extra) -> str:
    return f"{base} {conditional_escape(extra)}" if extra else base


def _attributes(attributes) -> str:
    if not attributes:
        return ""
    return "".join(
        format_html(' {}="{}"', name, value)
        for name, value in attributes.items()
        if value is not None and value is not False
    )


# Tags.


def tag(text, colour="", *, classes="") -> SafeString:
    """``<strong class="govuk-tag govuk-tag--grey">Archived</strong>``."""
    css = f"govuk-tag govuk-tag--{conditional_escape(colour)}" if colour else "govuk-tag"
    return mark_safe(f'<strong class="{_classes(css, classes)}">{_text(text)}</strong>')  # noqa: S308


def rag_tag(rag) -> SafeString:
    """A RAG rating code (``"red"``, …, ``""`` for not rated) as a tag in words."""
    colour, words = RAG_TAGS.get(str(rag or ""), NOT_RATED_TAG)
    return tag(words, colour)


def status_tag(status, text=None) -> SafeString:
    """A status code as a tag coloured by STATUS_TAG_COLOURS; ``text`` defaults to the code."""
    return tag(status if text is None else text, STATUS_TAG_COLOURS.get(str(status), ""))


# Tables.


def _head_cell(cell) -> str:
    if not isinstance(cell, dict):
        return f'<th scope="col" class="govuk-table__header">{_text(cell)}</th>'
    css = "govuk-table__header"
    if cell.get("format"):
        css += f" govuk-table__header--{conditional_escape(cell['format'])}"
    return (
        f'<th scope="col" class="{_classes(css, cell.get("classes"))}"{_span(cell)}>'
        f"{_text(cell.get('text'))}</th>"
    )


def _span(cell) -> str:
    attributes = {"colspan": cell.get("colspan"), "rowspan": cell.get("rowspan")}
    attributes.update(cell.get("attributes") or {})
    return _attributes(attributes)


def _body_cell(cell, header: bool, column=None) -> str:
    """A body cell; ``column`` (a _Column) labels it for the phone's card layout."""
    if not isinstance(cell, dict):
        cell = {"text": cell}
    header = cell.get("header", header)
    element, css = ("th", "govuk-table__header") if header else ("td", "govuk-table__cell")
    if cell.get("format"):
        css += f" {css}--{conditional_escape(cell['format'])}"
    text = _text(cell.get("text"))
    card = ""
    if column is not None:
        if column.is_key(text):
            css += " app-table__cell--key"
        if column.label:
            card = format_html(' data-label="{}"', column.label)
    scope = ' scope="row"' if header else ""
    return (
        f'<{element}{scope} class="{_classes(css, cell.get("classes"))}"{_span(cell)}{card}>'
        f"{text}</{element}>"
    )


# Words in a head cell that are not its name: a sort link's hidden words and arrow.
_NOT_THE_NAME = re.compile(
    r'<span (?:class="govuk-visually-hidden"|aria-hidden="true")>[^<]*</span>'
)


class _Column:
    """What the card layout needs to know of a column: its name, and whether its cells lead."""

    def __init__(self, head_cell):
        text = head_cell.get("text") if isinstance(head_cell, dict) else head_cell
        name = strip_tags(_NOT_THE_NAME.sub("", str(_text(text))))
        self.label = " ".join(unescape(name).split())
        self.key = head_cell.get("card") if isinstance(head_cell, dict) else None
        if self.key is None and self.label.lower().startswith("due"):
            self.key = "key"

    def is_key(self, html: str) -> bool:
        if self.key is not None:
            return self.key == "key"
        return "<a " in html or "govuk-tag" in html


def _columns(head) -> list[_Column]:
    columns = []
    for cell in head:
        span = int(cell.get("colspan") or 1) if isinstance(cell, dict) else 1
        columns.extend([_Column(cell)] * span)
    return columns


def _int(value) -> int:
    return int(value or 1)


def table(
    rows,
    head=None,
    *,
    caption="",
    caption_classes="",
    first_cell_is_header=False,
    classes="",
    attributes=None,
    region="",
    cards=True,
) -> SafeString:
    """A GOV.UK table (see the module's docstring for the shape of ``head`` and ``rows``)."""
    parts = []
    if region:
        parts.append(
            format_html(
                '<div class="app-table-scroll" role="region" aria-label="{}" tabindex="0">', region
            )
        )
    cards = bool(cards and head)
    css = _classes("govuk-table app-table-cards" if cards else "govuk-table", classes)
    parts.append(f'<table class="{css}"{_attributes(attributes)}>')
    if caption:
        caption_css = _classes("govuk-table__caption", caption_classes)
        parts.append(f'<caption class="{caption_css}">{_text(caption)}</caption>')
    if head:
        parts.append('<thead class="govuk-table__head"><tr class="govuk-table__row">')
        parts.extend(_head_cell(cell) for cell in head)
        parts.append("</tr></thead>")
    columns = _columns(head) if cards else []
    covered: dict[int, int] = {}  # column -> rows below still covered by a rowspan
    parts.append('<tbody class="govuk-table__body">')
    for row in rows or ():
        if not row:
            continue
        if isinstance(row, dict):
            cells, row_attributes = row["cells"], _attributes(row.get("attributes"))
        else:
            cells, row_attributes = row, ""
        parts.append(f'<tr class="govuk-table__row"{row_attributes}>')
        position = 0
        below: dict[int, int] = {}
        for index, cell in enumerate(cells):
            while covered.get(position):
                position += 1
            column = columns[position] if position < len(columns) else None
            parts.append(_body_cell(cell, first_cell_is_header and index == 0, column))
            span = _int(cell.get("colspan")) if isinstance(cell, dict) else 1
            rowspan = _int(cell.get("rowspan")) if isinstance(cell, dict) else 1
            if rowspan > 1:
                below.update(dict.fromkeys(range(position, position + span), rowspan - 1))
            position += span
        parts.append("</tr>")
        covered = {c: n - 1 for c, n in covered.items() if n > 1} | below
    parts.append("</tbody></table>")
    if region:
        parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


# Summary lists.


def _part(part):
    """A key or value: its text and classes, from a dict or a bare value."""
    if isinstance(part, dict):
        return part.get("text"), part.get("classes")
    return part, None


def _action_link(action) -> str:
    hidden = action.get("visually_hidden_text")
    hidden_html = f'<span class="govuk-visually-hidden"> {_text(hidden)}</span>' if hidden else ""
    return (
        f'<a class="{_classes("govuk-link", action.get("classes"))}" '
        f'href="{_text(action["href"])}"{_attributes(action.get("attributes"))}>'
        f"{_text(action.get('text'))}{hidden_html}</a>"
    )


def _summary_row(row) -> str:
    actions = row.get("actions") or {}
    items = actions.get("items") or []
    css = "govuk-summary-list__row"
    if not items:
        css += " govuk-summary-list__row--no-actions"
    key, key_classes = _part(row["key"])
    value, value_classes = _part(row["value"])
    html = (
        f'<div class="{_classes(css, row.get("classes"))}">'
        f'<dt class="{_classes("govuk-summary-list__key", key_classes)}">{_text(key)}</dt>'
        f'<dd class="{_classes("govuk-summary-list__value", value_classes)}">{_text(value)}</dd>'
    )
    if items:
        html += f'<dd class="{_classes("govuk-summary-list__actions", actions.get("classes"))}">'
        if len(items) == 1:
            html += _action_link(items[0])
        else:
            html += '<ul class="govuk-summary-list__actions-list">'
            html += "".join(
                f'<li class="govuk-summary-list__actions-list-item">{_action_link(item)}</li>'
                for item in items
            )
            html += "</ul>"
        html += "</dd>"
    return html + "</div>"


def summary_list(rows, *, classes="", attributes=None) -> SafeString:
    """A GOV.UK summary list (see the module's docstring for the shape of ``rows``)."""
    body = "".join(_summary_row(row) for row in rows or () if row)
    css = _classes("govuk-summary-list", classes)
    return mark_safe(f'<dl class="{css}"{_attributes(attributes)}>{body}</dl>')  # noqa: S308


def summary_row(key, value, *, multiline=False, href="", action="Change") -> dict:
    """A summary list row the house way: "Not recorded" when the value is empty (0 is shown),
    paragraphs for a ``multiline`` value, and an optional ``action`` link to ``href`` whose
    visually hidden text is the key ("Change<span> Due date</span>")."""
    if value or value == 0:
        text = linebreaks_filter(value) if multiline else value
    else:
        text = "Not recorded"
    row = {"key": key, "value": text}
    if href:
        row["actions"] = {"items": [{"href": href, "text": action, "visually_hidden_text": key}]}
    return row


# Helpers for presenters.


def link(href, text, hidden="") -> SafeString:
    """``<a class="govuk-link" href="…">text<span class="govuk-visually-hidden">hidden</span></a>``;
    give ``hidden`` with its leading space or punctuation."""
    if hidden:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">{}</span></a>',
            href,
            text,
            hidden,
        )
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def join(*parts) -> SafeString:
    """Escape each part unless safe and join them with single spaces, skipping empty ones."""
    return mark_safe(" ".join(conditional_escape(p) for p in parts if p))  # noqa: S308


# The formats the tables use most, built directly (Django's date filter parses its format on
# every call; a list page formats a hundred dates). Month names as Django's `F` and `M` give them.
_FAST_DATE_FORMATS = {
    "j M Y": lambda d: f"{d.day} {str(MONTHS_3[d.month]).title()} {d.year}",
    "j F Y": lambda d: f"{d.day} {MONTHS[d.month]} {d.year}",
    "F Y": lambda d: f"{MONTHS[d.month]} {d.year}",
}


def format_date(value, fmt) -> str:
    """What ``{{ value|date:fmt }}`` shows: a date-time in the current time zone; "" for None."""
    fast = _FAST_DATE_FORMATS.get(fmt)
    if fast is not None and isinstance(value, datetime.date):
        return fast(template_localtime(value))
    return date_filter(template_localtime(value), fmt)
