import pytest
from django.db import connection
from django.urls import reverse

from assurance.models import AssuranceStatement
from assurance.search import plain_snippet
from tests.dashboards_data import post_update
from tests.plans import conditions, explain, plan_nodes, subtree

pytestmark = pytest.mark.django_db


def _search(client, user, query, **params):
    client.force_login(user)
    return client.get(reverse("assurance:search"), {"q": query, **params}).content.decode()


def test_finds_text_in_every_kind(client, board_manager, plan, action_a, lead_a, recommendation):
    plan.summary = "Concerns about neglect were not escalated."
    plan.save()
    recommendation.text = "Seek assurance that neglect is recognised."
    recommendation.save()
    action_a.key_actions = "Roll out the neglect toolkit"
    action_a.save()
    post_update(action_a, lead_a, "Neglect toolkit training delivered to 40 staff.")
    AssuranceStatement.objects.create(
        recommendation=recommendation, narrative="Neglect audit shows improvement."
    )
    html = _search(client, board_manager, "neglect")
    for label in (
        "Reviews (1)",
        "Recommendations (1)",
        "Actions (1)",
        "Progress updates (1)",
        "Assurance statements (1)",
    ):
        assert label in html
    assert "<strong>5</strong> results" in html


def test_lead_never_finds_another_agencys_update(
    client, lead_a, lead_b, board_manager, action_a, action_b
):
    post_update(action_b, lead_b, "Zebracrossing audit: social care only.")
    assert "No results" in _search(client, lead_a, "zebracrossing")
    assert "No results" not in _search(client, lead_b, "zebracrossing")
    assert "Progress updates (1)" in _search(client, board_manager, "zebracrossing")


def test_lead_never_finds_another_agencys_action(client, lead_a, action_a, action_b):
    action_b.key_actions = "Quokka chronology review"
    action_b.save()
    assert "No results" in _search(client, lead_a, "quokka")


def test_outsider_finds_nothing_of_another_partnership(client, outsider, action_a, lead_a):
    post_update(action_a, lead_a, "Platypus meeting held")
    assert "No results" in _search(client, outsider, "platypus")


def test_snippet_is_escaped_and_marks_the_match(client, board_manager, action_a, lead_a):
    post_update(action_a, lead_a, "<script>alert(1)</script> Chronology workshops held in March.")
    html = _search(client, board_manager, "chronology", kind="update")
    assert "<script>alert(1)</script>" not in html
    # SQLite's snippet escapes the tag; PostgreSQL's ts_headline drops tags from the text.
    assert "&lt;script&gt;" in html or connection.vendor == "postgresql"
    assert "<mark>Chronology</mark>" in html


def test_one_kind_is_paginated(client, board_manager, action_a, lead_a):
    for n in range(25):
        post_update(action_a, lead_a, f"Walrus update {n}")
    html = _search(client, board_manager, "walrus", kind="update")
    assert "<strong>25</strong> results" in html
    assert 'class="govuk-pagination"' in html
    assert html.count("app-search-results__item") == 20
    # The page links keep the search and the kind ({% querystring %}).
    assert 'href="?q=walrus&amp;kind=update&amp;page=2"' in html


def test_empty_query_shows_the_form_only(client, board_manager):
    html = _search(client, board_manager, "")
    assert 'name="q"' in html and "result-count" not in html


def test_plain_snippet_cuts_around_the_match_and_escapes():
    text = "a" * 300 + " the <b>voice</b> of the child " + "z" * 300
    snippet = plain_snippet([text], "voice child")
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "&lt;b&gt;<mark>voice</mark>&lt;/b&gt;" in snippet
    assert "<mark>child</mark>" in snippet


@pytest.mark.parametrize("size", [1, 12])
def test_search_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, lead_a, recommendation, agency_a, size
):
    from tests.recommendations.factories import ActionFactory

    for n in range(size):
        action = ActionFactory(
            recommendation=recommendation, agency=agency_a, key_actions=f"Lynx action {n}"
        )
        post_update(action, lead_a, f"Lynx update {n}")
    client.force_login(board_manager)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("assurance:search"), {"q": "lynx"}).status_code == 200
    with django_assert_max_num_queries(7):
        assert (
            client.get(reverse("assurance:search"), {"q": "lynx", "kind": "update"}).status_code
            == 200
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search plan")
@pytest.mark.parametrize("kind_key", ["review", "recommendation", "action", "update", "statement"])
def test_search_ranks_only_within_scope_and_reads_the_stored_vector(
    rf, board_manager, plan, action_a, lead_a, recommendation, kind_key
):
    """The plan of each kind's ranked page (EXPLAIN VERBOSE): no node recomputes
    `to_tsvector` (the stored column is read), and every node that computes `ts_rank` does so
    above the partnership filter, so no other partnership's match is ever ranked."""
    import json

    from assurance.search import KINDS_BY_KEY, _matches

    plan.summary = "Neglect review"
    plan.save()
    recommendation.text = "Recognise neglect."
    recommendation.save()
    action_a.key_actions = "Neglect toolkit"
    action_a.save()
    post_update(action_a, lead_a, "Neglect toolkit training delivered.")
    AssuranceStatement.objects.create(recommendation=recommendation, narrative="Neglect audit.")
    queryset = _matches(KINDS_BY_KEY[kind_key], board_manager, "neglect")[:5]
    root = explain(queryset, verbose=True)
    nodes = list(plan_nodes(root))
    assert "to_tsvector" not in json.dumps(root)
    assert "search_vector" in json.dumps(root)
    ranking = [node for node, _ in nodes if "ts_rank" in " ".join(node.get("Output", []))]
    assert ranking, "the page is ranked"
    for node in ranking:
        assert any("partnership_id" in conditions(below) for below in subtree(node)), (
            f"{node['Node Type']} ranks rows before the partnership filter"
        )
    assert len(queryset) == 1
