"""The assurance statement form shows what the board judges on: the recommendation, its
actions with their ratings and the evidence accepted, and what each assurance level means
(shipped definitions, which a partnership overrides in the admin, with a reason and history)."""

from html import unescape

import pytest
from django.urls import reverse

from assurance import services
from assurance.models import DEFAULT_LEVEL_MEANINGS, AssuranceLevelMeaning, level_meanings
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def form_page(client, recommendation):
    url = reverse("assurance:statement_edit", args=[recommendation.pk])
    return unescape(client.get(url).content.decode())


def test_the_form_shows_the_recommendation_its_actions_and_accepted_evidence(
    client, evidence_root, board_manager, lead_a, recommendation, action_a, action_b
):
    update = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    EvidenceFactory(update=update, original_filename="accepted-audit.pdf")
    services.update_judge(update=update, actor=board_manager, accept=True)
    returned = ProgressUpdateFactory(action=action_b, author=lead_a)
    EvidenceFactory(update=returned, original_filename="returned-log.pdf")
    services.update_judge(update=returned, actor=board_manager, accept=False, comment="More")
    client.force_login(board_manager)
    html = form_page(client, recommendation)
    assert recommendation.text in html
    for action in (action_a, action_b):
        assert action.key_actions in html and action.agency.name in html
    assert "accepted-audit.pdf" in html and "returned-log.pdf" not in html
    assert "None accepted yet" in html
    assert "Assured" in html and "Partnership: " in html


def test_each_level_says_what_it_means_shipped_or_the_partnerships_own(
    client, board_manager, partnership, recommendation
):
    client.force_login(board_manager)
    html = form_page(client, recommendation)
    for level, meaning in DEFAULT_LEVEL_MEANINGS.items():
        assert level in html and meaning.split(";")[0].split(",")[0] in html
    own = "Our board's own words for limited assurance."
    AssuranceLevelMeaning.objects.create(partnership=partnership, level="Limited", meaning=own)
    html = form_page(client, recommendation)
    assert own in html and DEFAULT_LEVEL_MEANINGS["Limited"] not in html
    # A level of the partnership's own with no definition says so.
    partnership.assurance_levels = ["Full", "Limited"]
    partnership.save()
    assert level_meanings(partnership) == [("Full", ""), ("Limited", own)]


def test_the_admin_edits_a_meaning_with_a_reason_kept_in_its_history(
    client, administrator, partnership
):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    add = reverse("admin:assurance_assurancelevelmeaning_add")
    response = client.post(
        add,
        {
            "partnership": partnership.pk,
            "level": "Substantial",
            "meaning": "Fully implemented and embedded.",
            "change_reason": "Agreed by the board on 1 December",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meaning = AssuranceLevelMeaning.objects.get()
    row = meaning.history.get()
    assert row.history_change_reason == "Agreed by the board on 1 December"
    assert row.history_user == administrator
    assert (
        client.post(
            add, {"partnership": partnership.pk, "level": "Limited", "meaning": "x"}
        ).status_code
        == 200
    )  # no reason, not saved
    assert AssuranceLevelMeaning.objects.count() == 1


@pytest.mark.parametrize("size", [1, 8])
def test_statement_form_query_count_does_not_grow(
    client,
    django_assert_max_num_queries,
    evidence_root,
    board_manager,
    lead_a,
    recommendation,
    agency_a,
    size,
):
    from tests.recommendations.factories import ActionFactory

    for _ in range(size):
        action = ActionFactory(recommendation=recommendation, agency=agency_a)
        update = ProgressUpdateFactory(action=action, author=lead_a, claims_completion=True)
        EvidenceFactory(update=update)
        services.update_judge(update=update, actor=board_manager, accept=True)
    client.force_login(board_manager)
    with django_assert_max_num_queries(12):
        html = form_page(client, recommendation)
    assert html.count("attendance-audit.pdf") == size
