"""The GOV.UK components as data (scr_tracker/components.py and the govuk template tags):
tags, tables and summary lists escape what is not marked safe, and page templates use them
instead of pasting the design system's markup."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template import Context, RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from scr_tracker import components
from scr_tracker.listing import Header

XSS = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def _render(source, **context):
    return Template("{% load govuk %}" + source).render(Context(context))


def assert_html(actual, expected):
    assert parse_html(actual) == parse_html(expected), actual


# Tags.


def test_tag_has_its_colour_and_escapes_its_words():
    assert components.tag("Archived", "grey") == (
        '<strong class="govuk-tag govuk-tag--grey">Archived</strong>'
    )
    assert components.tag(XSS) == f'<strong class="govuk-tag">{ESCAPED}</strong>'
    assert components.tag("Demo", "red", classes="govuk-phase-banner__content__tag") == (
        '<strong class="govuk-tag govuk-tag--red govuk-phase-banner__content__tag">Demo</strong>'
    )


def test_status_tag_takes_its_colour_from_the_code():
    assert components.status_tag("returned", "Returned for more evidence") == (
        '<strong class="govuk-tag govuk-tag--orange">Returned for more evidence</strong>'
    )
    # A code with no colour gets the plain tag, in the code's words when none are given.
    assert components.status_tag("unknown") == '<strong class="govuk-tag">unknown</strong>'


@pytest.mark.parametrize(
    ("source", "colour", "words"),
    [
        ('{% govuk_tag "Archived" "grey" %}', "grey", "Archived"),
        ('{% govuk_tag "Exempt" colour="purple" %}', "purple", "Exempt"),
        ("{% govuk_tag rag=rag %}", "yellow", "Amber"),
        ("{% govuk_tag rag=none %}", "grey", "Not rated"),
        ("{% govuk_tag status=status text=label %}", "green", "Accepted"),
        ("{% govuk_tag status=status %}", "green", "accepted"),
    ],
)
def test_govuk_tag_is_the_one_way_to_write_a_tag(source, colour, words):
    html = _render(source, rag="amber", none=None, status="accepted", label="Accepted")
    assert html == f'<strong class="govuk-tag govuk-tag--{colour}">{words}</strong>'


def test_govuk_tag_escapes_its_words():
    assert _render("{% govuk_tag words %}", words=XSS) == (
        f'<strong class="govuk-tag">{ESCAPED}</strong>'
    )


# Tables.


def test_table_escapes_text_and_keeps_safe_html():
    html = components.table(
        [[XSS, format_html('<a class="govuk-link" href="{}">{}</a>', "/a?b=1&c=2", XSS)]],
        head=[XSS, "Link"],
        caption=XSS,
    )
    assert "<script>" not in html
    assert_html(
        html,
        f'<table class="govuk-table app-table-cards">'
        f'<caption class="govuk-table__caption">{ESCAPED}</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        f'<th scope="col" class="govuk-table__header">{ESCAPED}</th>'
        '<th scope="col" class="govuk-table__header">Link</th></tr></thead>'
        '<tbody class="govuk-table__body"><tr class="govuk-table__row">'
        f'<td class="govuk-table__cell" data-label="{ESCAPED}">{ESCAPED}</td>'
        '<td class="govuk-table__cell app-table__cell--key" data-label="Link">'
        f'<a class="govuk-link" href="/a?b=1&amp;c=2">{ESCAPED}</a></td>'
        "</tr></tbody></table>",
    )


def test_table_numeric_cells_and_headers():
    html = components.table(
        [[{"text": "Red", "header": True}, {"text": 12, "format": "numeric"}]],
        head=["Rating", {"text": "Actions", "format": "numeric"}],
    )
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">' in html
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric" data-label="Actions">12</td>'
        in html
    )


def test_table_row_headers_first_cell_or_any_cell():
    first = components.table([["Theme", "3"]], first_cell_is_header=True)
    assert '<th scope="row" class="govuk-table__header">Theme</th>' in first
    assert '<td class="govuk-table__cell">3</td>' in first
    second = components.table([["Baby F", {"text": "1", "header": True, "classes": "x"}]])
    assert '<td class="govuk-table__cell">Baby F</td>' in second
    assert '<th scope="row" class="govuk-table__header x">1</th>' in second


def test_table_caption_classes_region_and_attributes():
    html = components.table(
        [{"cells": ["a", {"text": "b", "colspan": 2}], "attributes": {"id": 'row-"7"'}}],
        head=[{"text": "Due", "attributes": {"aria-sort": "ascending"}}],
        caption="Actions",
        caption_classes="govuk-visually-hidden",
        classes="app-plan-table",
        region="Actions <due>",
    )
    assert_html(
        html,
        '<div class="app-table-scroll" role="region" aria-label="Actions &lt;due&gt;" '
        'tabindex="0"><table class="govuk-table app-table-cards app-plan-table">'
        '<caption class="govuk-table__caption govuk-visually-hidden">Actions</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header" aria-sort="ascending">Due</th></tr></thead>'
        '<tbody class="govuk-table__body"><tr class="govuk-table__row" id="row-&quot;7&quot;">'
        '<td class="govuk-table__cell app-table__cell--key" data-label="Due">a</td>'
        '<td class="govuk-table__cell" colspan="2">b</td>'
        "</tr></tbody></table></div>",
    )


def test_table_without_rows_or_head():
    html = components.table([], head=["Theme"])
    assert_html(
        html,
        '<table class="govuk-table app-table-cards"><thead class="govuk-table__head">'
        '<tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Theme</th></tr></thead>'
        '<tbody class="govuk-table__body"></tbody></table>',
    )
    # As GOV.UK's macro does, a falsy row is left out; a cell of None is empty.
    html = components.table([None, [], [None, 0]])
    assert html.count("<tr") == 1
    assert '<td class="govuk-table__cell"></td><td class="govuk-table__cell">0</td>' in html
    assert "thead" not in html


def test_table_rows_are_cards_on_a_phone_labelled_by_their_columns_key_cells_first():
    """Each body cell carries its column's name (colspans and rowspans followed, a sort link's
    hidden words left out); cells with a link or a tag, and a due date column, lead."""
    sortable = mark_safe(  # noqa: S308 - a fixed string
        '<a href="?sort=x">Agency<span class="govuk-visually-hidden">, sort ascending</span>'
        '<span aria-hidden="true"> ▲</span></a>'
    )
    html = components.table(
        [
            [{"text": "Baby F", "rowspan": 2}, "1 May 2026", components.rag_tag("red"), "n"],
            ["2 May 2026", {"text": "x", "colspan": 2}],
            [components.link("/a", "Police"), "3 May", "plain", "z"],
        ],
        head=[sortable, "Due date", {"text": "Rating", "colspan": 1}, {"text": "N", "card": "key"}],
    )
    assert 'data-label="Agency"' in html and "sort ascending" not in html.split("<tbody")[1]
    assert html.count('data-label="Due date"') == 3  # the rowspan shifts row two's cells
    assert '<td class="govuk-table__cell" colspan="2" data-label="Rating">x</td>' in html
    assert (
        '<td class="govuk-table__cell app-table__cell--key" data-label="Rating">'
        '<strong class="govuk-tag govuk-tag--red">Red</strong></td>'
    ) in html
    assert '<td class="govuk-table__cell app-table__cell--key" data-label="N">n</td>' in html
    assert '<td class="govuk-table__cell" data-label="Rating">plain</td>' in html
    assert (
        '<td class="govuk-table__cell app-table__cell--key" data-label="Agency">'
        '<a class="govuk-link" href="/a">Police</a></td>'
    ) in html


def test_a_table_may_stay_a_table_on_a_phone():
    html = components.table([["a"]], head=["A"], cards=False)
    assert "app-table-cards" not in html and "data-label" not in html


def test_govuk_table_tag_takes_a_dict_and_overrides():
    table = {"head": ["Name"], "rows": [[XSS]], "caption": "From the presenter"}
    html = _render('{% govuk_table table caption="From the page" classes="x" %}', table=table)
    assert '<caption class="govuk-table__caption">From the page</caption>' in html
    assert '<table class="govuk-table app-table-cards x">' in html
    assert ESCAPED in html and "<script>" not in html


def test_sortable_head_links_keep_the_filters_and_go_back_to_page_one():
    request = RequestFactory().get("/assurance/actions/", {"agency": "3", "page": "2"})
    headers = [
        Header("Action", "", "", False, ""),
        Header("Due date", "-due", "ascending", False, "descending"),
        Header("Overdue", "overdue", "none", True, "ascending"),
    ]
    html = Template(
        "{% load govuk %}{% sortable_head headers as head %}{% govuk_table head=head rows=rows %}"
    ).render(RequestContext(request, {"headers": headers, "rows": []}))
    assert '<th scope="col" class="govuk-table__header">Action</th>' in html
    assert_html(
        re.search(r'<th scope="col" class="govuk-table__header" aria-sort.*?</th>', html).group(),
        '<th scope="col" class="govuk-table__header" aria-sort="ascending">'
        '<a class="govuk-link app-sort-link" href="?agency=3&amp;sort=-due">Due date'
        '<span class="govuk-visually-hidden">, sort descending</span>'
        '<span aria-hidden="true"> ▲</span></a></th>',
    )
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric" '
        'aria-sort="none"><a class="govuk-link app-sort-link" href="?agency=3&amp;sort=overdue">'
    ) in html


# Summary lists.


def test_summary_list_escapes_keys_and_values():
    html = components.summary_list([{"key": XSS, "value": XSS}])
    assert_html(
        html,
        '<dl class="govuk-summary-list"><div class="govuk-summary-list__row '
        'govuk-summary-list__row--no-actions">'
        f'<dt class="govuk-summary-list__key">{ESCAPED}</dt>'
        f'<dd class="govuk-summary-list__value">{ESCAPED}</dd></div></dl>',
    )


def test_summary_list_action_has_visually_hidden_text():
    html = components.summary_list(
        [
            {
                "key": {"text": "Due date", "classes": "k"},
                "value": {"text": mark_safe("<p>31 May</p>"), "classes": "v"},  # noqa: S308
                "actions": {
                    "items": [
                        {
                            "href": "/edit?a=1&b=2",
                            "text": "Change",
                            "visually_hidden_text": "due <date>",
                        }
                    ]
                },
            }
        ],
        classes="govuk-!-margin-bottom-9",
    )
    assert_html(
        html,
        '<dl class="govuk-summary-list govuk-!-margin-bottom-9">'
        '<div class="govuk-summary-list__row">'
        '<dt class="govuk-summary-list__key k">Due date</dt>'
        '<dd class="govuk-summary-list__value v"><p>31 May</p></dd>'
        '<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/edit?a=1&amp;b=2">'
        'Change<span class="govuk-visually-hidden"> due &lt;date&gt;</span></a></dd></div></dl>',
    )


def test_summary_list_with_several_actions_lists_them():
    items = [{"href": "/a", "text": "Change"}, {"href": "/b", "text": "Remove"}]
    html = components.summary_list([{"key": "K", "value": "V", "actions": {"items": items}}])
    assert '<ul class="govuk-summary-list__actions-list">' in html
    assert html.count('<li class="govuk-summary-list__actions-list-item">') == 2
    assert "govuk-visually-hidden" not in html


def test_summary_list_skips_empty_rows():
    assert components.summary_list([]) == '<dl class="govuk-summary-list"></dl>'
    html = components.summary_list([None, {"key": "Status", "value": "Open"}, {}])
    assert html.count("govuk-summary-list__row") == 2  # one row: the class and its modifier


def test_summary_row_the_house_way():
    assert components.summary_row("Lead", "") == {"key": "Lead", "value": "Not recorded"}
    assert components.summary_row("Backup codes", 0)["value"] == 0
    multiline = components.summary_row("Why", "First <b>\n\nSecond", multiline=True)
    assert multiline["value"] == "<p>First &lt;b&gt;</p>\n\n<p>Second</p>"
    row = components.summary_row("Key actions", "Audit", href="/actions/1/", action="View")
    assert row["actions"] == {
        "items": [{"href": "/actions/1/", "text": "View", "visually_hidden_text": "Key actions"}]
    }


def test_govuk_summary_list_tag():
    rows = [components.summary_row("Status", XSS, href="/s/")]
    html = _render("{% govuk_summary_list rows %}", rows=rows)
    assert ESCAPED in html and "<script>" not in html
    assert 'Change<span class="govuk-visually-hidden"> Status</span>' in html


# Query strings.


def test_pagination_links_keep_the_query_string_with_page_replaced():
    page = Paginator(list(range(100)), 10).page(1)
    request = RequestFactory().get("/assurance/search/", {"q": "a b", "kind": "update"})
    html = render_to_string("components/pagination.html", {"page_obj": page}, request)
    assert 'href="?q=a+b&amp;kind=update&amp;page=2"' in html
    assert 'href="?q=a+b&amp;kind=update&amp;page=1"' in html  # page 1 is linked as page=1


def test_details_shows_html_as_it_is_and_text_with_its_line_breaks():
    table = components.table([[components.link("/a?b=1", "Red")]], region="Data")
    html = render_to_string("components/details.html", {"summary": "Data", "html": table})
    assert "<br>" not in html
    assert '<a class="govuk-link" href="/a?b=1">Red</a>' in html
    html = render_to_string("components/details.html", {"summary": "S", "body": "a <b>\nc"})
    assert "a &lt;b&gt;<br>c" in html


def test_url_with_query_links_to_another_pages_filters():
    html = _render("{% url_with_query 'assurance:action_list' overdue='on' sort='due' %}")
    assert html == "/assurance/actions/?overdue=on&amp;sort=due"


# No pasted design-system markup in the page templates.

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Print documents with their own CSS (docs/reports.md), and the components themselves.
NOT_PAGES = [
    TEMPLATES / "components",
    TEMPLATES / "assurance" / "reports" / "parts",
    TEMPLATES / "assurance" / "reports" / "pdf",
]
PASTED = [
    # A class attribute naming a table, summary list or tag class.
    re.compile(r"\bclass=[\"'][^\"']*\bgovuk-(?:table|summary-list|tag)"),
    # Table and description list elements: components render them.
    re.compile(r"<(?:table|thead|tbody|tr|th|td|caption|dl|dt|dd)\b", re.IGNORECASE),
    # The includes and tags the components replaced.
    re.compile(r"summary_row\.html|status_tag\.html|\{%\s*(?:rag_tag|page_href)\b"),
    # A query string written by hand: {% querystring %} changes the current page's,
    # {% url_with_query %} links to another page's filters.
    re.compile(r"href=[\"']\?"),
]


def _page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        if not any(path.is_relative_to(folder) for folder in NOT_PAGES):
            yield path


def test_page_templates_use_the_components():
    pages = list(_page_templates())
    assert len(pages) > 50
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in pages
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(pattern.search(line) for pattern in PASTED)
    ]
    assert not found, (
        "Use {% govuk_tag %}, {% govuk_table %} and {% govuk_summary_list %} with rows built in "
        "Python (scr_tracker/components.py), and {% querystring %}:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    "line",
    [
        '<strong class="govuk-tag govuk-tag--grey">Archived</strong>',
        '<table class="govuk-table">',
        "<dl class='govuk-summary-list'>",
        '<div class="x govuk-summary-list__row">',
        "<td>1</td>",
        '{% include "components/summary_row.html" with key="Status" %}',
        "{% rag_tag action.agency_rag %}",
        '<a href="?page=2">',
    ],
)
def test_the_check_catches_pasted_markup(line):
    assert any(pattern.search(line) for pattern in PASTED)


def test_the_check_allows_component_parameters():
    line = '{% govuk_table table caption_classes="govuk-table__caption--m" region="Themes" %}'
    assert not any(pattern.search(line) for pattern in PASTED)
