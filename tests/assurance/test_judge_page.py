"""The judge page puts the facts in front of the board manager: the action's key actions,
outcome measure, evidence expected and timescale; the earlier updates and judgements with their
comments and evidence; and image and PDF evidence previewed in the page, served inline in a
sandbox by the same checked, logged evidence view (other types download only). The queue names
each item by its action's text."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from assurance import services
from assurance.models import AccessLog
from tests.assurance.conftest import SAMPLES
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.recommendations.factories import ActionFactory

pytestmark = pytest.mark.django_db

KEY_ACTIONS = "Audit GP attendance at child protection conferences across every practice."
OUTCOME = "Every practice is represented at 90% of conferences by March."
EXPECTED = "The attendance log for each practice, and the audit report."


def evidence(update, name, content_type):
    content = SAMPLES[name]
    return EvidenceFactory(
        update=update,
        file=ContentFile(content, name=name),
        original_filename=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@pytest.fixture
def judged(evidence_root, action_a, lead_a, board_manager):
    action_a.key_actions = KEY_ACTIONS
    action_a.outcome_measure = OUTCOME
    action_a.evidence_expected = EXPECTED
    action_a.timescale = "March 2031"
    action_a.save()
    first = ProgressUpdateFactory(action=action_a, author=lead_a, narrative="First go")
    evidence(first, "attendance.csv", "text/csv")
    services.update_judge(
        update=first, actor=board_manager, accept=False, comment="Only 3 practices: send all 12."
    )
    latest = ProgressUpdateFactory(
        action=action_a, author=lead_a, claims_completion=True, narrative="All 12 now"
    )
    return latest


def test_the_facts_the_history_and_the_previews(client, board_manager, judged):
    png = evidence(judged, "poster.png", "image/png")
    pdf = evidence(judged, "minutes.pdf", "application/pdf")
    docx = evidence(
        judged,
        "policy.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    client.force_login(board_manager)
    html = client.get(reverse("assurance:update_judge", args=[judged.pk])).content.decode()
    for fact in (KEY_ACTIONS, OUTCOME, EXPECTED, "March 2031", "31 December 2030"):
        assert fact in html
    earlier = html[html.index("Earlier updates and judgements") :]
    assert "First go" in earlier and "Only 3 practices: send all 12." in earlier
    assert "attendance.csv" in earlier and "Returned" in earlier
    assert f'<img src="{png.get_preview_url()}"' in html
    frame = html[html.index(f'src="{pdf.get_preview_url()}"') :].split(">")[0]
    assert 'title="Evidence PDF' in frame
    assert docx.get_preview_url() not in html and docx.get_download_url() in html


def test_the_preview_is_inline_sandboxed_checked_and_logged(client, board_manager, lead_b, judged):
    png = evidence(judged, "poster.png", "image/png")
    docx = evidence(
        judged,
        "policy.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    client.force_login(board_manager)
    response = client.get(png.get_preview_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content) == SAMPLES["poster.png"]
    assert AccessLog.objects.get().description.startswith("Preview of poster.png")
    # Other types are only downloaded; downloads stay attachments.
    assert client.get(docx.get_preview_url()).status_code == 404
    download = client.get(png.get_download_url())
    assert download["Content-Disposition"].startswith("attachment")
    # Whoever may not read the action is not found, previews as downloads.
    client.force_login(lead_b)
    assert client.get(png.get_preview_url()).status_code == 404


def test_the_queue_names_each_item_by_its_action(client, board_manager, lead_a, judged, agency_a):
    second = ActionFactory(
        recommendation=judged.action.recommendation,
        agency=agency_a,
        key_actions="Refresh the GP safeguarding leads' training.",
    )
    ProgressUpdateFactory(action=second, author=lead_a, claims_completion=True)
    client.force_login(board_manager)
    html = client.get(reverse("assurance:review_queue")).content.decode()
    assert f">{KEY_ACTIONS}</a>" in html
    assert ">Refresh the GP safeguarding leads&#x27; training.</a>" in html
    assert "SCR-BABY-F recommendation 1, Health visiting provider" in html


@pytest.mark.parametrize("size", [1, 8])
def test_judge_page_query_count_does_not_grow_with_earlier_updates(
    client, django_assert_max_num_queries, evidence_root, board_manager, lead_a, action_a, size
):
    for n in range(size):
        update = ProgressUpdateFactory(action=action_a, author=lead_a, narrative=f"Update {n}")
        EvidenceFactory(update=update)
        services.update_judge(update=update, actor=board_manager, accept=False, comment=f"C{n}")
    latest = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    EvidenceFactory(update=latest)
    client.force_login(board_manager)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("assurance:update_judge", args=[latest.pk])).content.decode()
    assert html.count("Update of ") == size + 1
