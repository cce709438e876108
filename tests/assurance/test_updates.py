"""Agency leads post progress updates with evidence; evidence downloads are checked and logged."""

import re

import pytest
from django.urls import reverse

from assurance.models import AccessLog, Evidence, Judgement, ProgressUpdate
from recommendations.models import ActionStatus
from tests.assurance.conftest import EICAR, EXECUTABLE, SAMPLES, stored_files, upload
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.once import sent_once
from tests.recommendations.factories import ActionFactory

pytestmark = pytest.mark.django_db


def update_data(**overrides):
    data = {
        "narrative": "Health visitors attended 38 of 40 GP safeguarding meetings this quarter.",
        "rag": "green",
        "rag_reason": "On track against the plan.",
        "artefact": "",
    }
    data.update(overrides)
    return data


def post_update(client, action, **data):
    return client.post(
        reverse("assurance:update_create", args=[action.pk]), sent_once(client, update_data(**data))
    )


def test_lead_posts_an_update_with_files_and_a_described_artefact(
    client, lead_a, action_a, evidence_root
):
    client.force_login(lead_a)
    response = post_update(
        client,
        action_a,
        files=[
            upload("minutes.pdf", SAMPLES["minutes.pdf"]),
            upload("attendance.csv", SAMPLES["attendance.csv"]),
        ],
        artefact="Audit of 40 case files, March 2018: 95% compliant",
    )
    assert response.status_code == 302 and response["Location"] == action_a.get_absolute_url()
    update = ProgressUpdate.objects.get()
    assert (update.author, update.rag, update.judgement) == (lead_a, "green", Judgement.AWAITING)
    evidence = list(update.evidence.order_by("id"))
    assert [e.original_filename for e in evidence] == ["minutes.pdf", "attendance.csv", ""]
    assert [e.content_type for e in evidence[:2]] == ["application/pdf", "text/csv"]
    assert evidence[2].description == "Audit of 40 case files, March 2018: 95% compliant"
    # Stored under random names, not the uploaded ones.
    names = sorted(p.name for p in stored_files(evidence_root))
    assert len(names) == 2 and "minutes.pdf" not in names
    assert evidence[0].file.name.startswith("evidence/") and len(evidence[0].file.name) == 41
    action_a.refresh_from_db()
    assert action_a.agency_rag == "green" and action_a.last_update_at == update.created_at
    assert action_a.status == ActionStatus.IN_PROGRESS


def test_each_update_is_its_own_record(client, lead_a, action_a):
    client.force_login(lead_a)
    post_update(client, action_a, rag="amber", rag_reason="Venue cancelled")
    post_update(client, action_a, rag="green", rag_reason="Rescheduled")
    assert list(ProgressUpdate.objects.order_by("id").values_list("rag", flat=True)) == [
        "amber",
        "green",
    ]
    action_a.refresh_from_db()
    assert action_a.agency_rag == "green"


def test_update_without_evidence_or_claim_needs_no_judgement(client, lead_a, action_a):
    client.force_login(lead_a)
    post_update(client, action_a)
    assert ProgressUpdate.objects.get().judgement == Judgement.NOT_NEEDED


def test_completion_claim_sets_the_action_reported_complete(client, lead_a, action_a):
    client.force_login(lead_a)
    post_update(
        client, action_a, claims_completion="on", artefact="Attendance audit: 100% for the quarter"
    )
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.COMPLETION_CLAIMED
    assert action_a.completion_claimed_at == ProgressUpdate.objects.get().created_at


def test_completion_claim_needs_evidence(client, lead_a, action_a):
    client.force_login(lead_a)
    response = post_update(client, action_a, claims_completion="on")
    assert (
        "To report the action complete, attach the evidence or describe it."
        in response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()


def test_rating_and_reason_are_required(client, lead_a, action_a):
    client.force_login(lead_a)
    html = post_update(client, action_a, rag="", rag_reason="").content.decode()
    assert "Choose Red, Amber or Green" in html and "Say why you gave this rating" in html


def test_lead_of_another_agency_cannot_post_on_the_action(client, lead_b, action_a):
    client.force_login(lead_b)
    assert post_update(client, action_a).status_code == 404
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("role", ["board_manager", "scrutineer", "administrator"])
def test_roles_that_read_but_do_not_report_get_403(client, request, action_a, role):
    client.force_login(request.getfixturevalue(role))
    assert post_update(client, action_a).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_no_update_on_an_assured_action(client, lead_a, action_a):
    action_a.status = ActionStatus.ASSURED
    action_a.save()
    client.force_login(lead_a)
    assert post_update(client, action_a).status_code == 403


def _refused_upload_leaves_nothing(client, lead_a, action_a, evidence_root, files, message):
    client.force_login(lead_a)
    response = post_update(client, action_a, files=files, claims_completion="on")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert ProgressUpdate.history.count() == 0 and Evidence.history.count() == 0
    assert stored_files(evidence_root) == []
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.NOT_STARTED and action_a.agency_rag == ""


def test_executable_renamed_pdf_refuses_the_whole_update(client, lead_a, action_a, evidence_root):
    files = [upload("minutes.pdf", SAMPLES["minutes.pdf"]), upload("report.pdf", EXECUTABLE)]
    _refused_upload_leaves_nothing(
        client,
        lead_a,
        action_a,
        evidence_root,
        files,
        "“report.pdf” was not accepted: its content is a program",
    )


def test_oversized_file_refuses_the_whole_update(client, lead_a, action_a, evidence_root, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 100
    files = [upload("notes.txt", b"x" * 50), upload("big.txt", b"y" * 150)]
    _refused_upload_leaves_nothing(
        client,
        lead_a,
        action_a,
        evidence_root,
        files,
        "it is 150 bytes; the limit is 100 bytes per file.",
    )


def test_infected_file_refuses_the_whole_update(
    client, lead_a, action_a, evidence_root, clamd_unix
):
    files = [upload("minutes.pdf", SAMPLES["minutes.pdf"]), upload("notes.txt", EICAR)]
    _refused_upload_leaves_nothing(
        client, lead_a, action_a, evidence_root, files, "the virus scanner found Eicar-Signature"
    )


def test_scanner_down_refuses_the_whole_update(
    client, lead_a, action_a, evidence_root, settings, tmp_path
):
    settings.CLAMD_SOCKET = str(tmp_path / "missing.sock")
    files = [upload("minutes.pdf", SAMPLES["minutes.pdf"])]
    _refused_upload_leaves_nothing(
        client, lead_a, action_a, evidence_root, files, "the virus scanner could not be reached"
    )


def test_storage_failure_after_a_file_was_stored_leaves_no_file(
    client, lead_a, action_a, evidence_root, monkeypatch
):
    from assurance import services

    real_save = services.audited_save

    def failing_save(obj, **kwargs):
        if isinstance(obj, Evidence) and obj.original_filename == "second.pdf":
            raise RuntimeError("database went away")
        return real_save(obj, **kwargs)

    monkeypatch.setattr(services, "audited_save", failing_save)
    client.force_login(lead_a)
    with pytest.raises(RuntimeError):
        post_update(
            client,
            action_a,
            files=[
                upload("first.pdf", SAMPLES["minutes.pdf"]),
                upload("second.pdf", SAMPLES["minutes.pdf"]),
            ],
        )
    assert stored_files(evidence_root) == []
    assert not Evidence.objects.exists()


def test_clean_scan_lets_the_update_through(client, lead_a, action_a, evidence_root, clamd_tcp):
    client.force_login(lead_a)
    post_update(client, action_a, files=[upload("minutes.pdf", SAMPLES["minutes.pdf"])])
    assert Evidence.objects.count() == 1 and len(stored_files(evidence_root)) == 1
    assert clamd_tcp.streams == [SAMPLES["minutes.pdf"]]


def test_update_form_names_the_size_limit(client, lead_a, action_a):
    client.force_login(lead_a)
    html = client.get(reverse("assurance:update_create", args=[action_a.pk])).content.decode()
    assert "PDF, Word, Excel, CSV, plain text, PNG or JPEG, up to 20 MB each" in html
    assert 'enctype="multipart/form-data"' in html and "multiple" in html


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("lead_a", "assurance:update_create"),
        ("lead_a", "assurance:due_date_request"),
        ("board_manager", "assurance:action_close"),
        ("board_manager", "assurance:action_impact"),
        ("board_manager", "recommendations:action_edit"),
    ],
)
def test_action_forms_post_back_to_their_own_page(client, request, action_a, role, url_name):
    client.force_login(request.getfixturevalue(role))
    url = reverse(url_name, args=[action_a.pk])
    html = client.get(url).content.decode()
    # A form with no action attribute posts back to the page it is on.
    tags = re.findall(r'<form method="post"[^>]*>', html)
    form_tags = [tag for tag in tags if "novalidate" in tag]
    assert form_tags, "the page has a form"
    assert all("action=" not in tag or f'action="{url}"' in tag for tag in form_tags)


def test_updates_evidence_and_judgements_appear_on_the_action_page(
    client, lead_a, board_manager, action_a
):
    update = ProgressUpdateFactory(
        action=action_a,
        author=lead_a,
        judgement=Judgement.RETURNED,
        judged_by=board_manager,
        judgement_comment="Send the whole quarter's attendance log.",
    )
    evidence = EvidenceFactory(update=update)
    client.force_login(lead_a)
    html = client.get(action_a.get_absolute_url()).content.decode()
    assert update.narrative in html
    assert (
        "Returned: more needed" in html and "Send the whole quarter&#x27;s attendance log." in html
    )
    assert reverse("assurance:evidence_download", args=[evidence.pk]) in html
    assert "Post a progress update" in html


def test_download_sends_the_file_as_an_attachment_and_logs_it(client, lead_a, action_a):
    evidence = EvidenceFactory(update=ProgressUpdateFactory(action=action_a, author=lead_a))
    evidence.original_filename = "Audit résumé.pdf"
    evidence.save()
    client.force_login(lead_a)
    response = client.get(
        reverse("assurance:evidence_download", args=[evidence.pk]),
        HTTP_USER_AGENT="Mozilla/5.0 (test)",
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == evidence.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Audit%20r%C3%A9sum%C3%A9.pdf" in response["Content-Disposition"]
    entry = AccessLog.objects.get()
    assert (entry.user, entry.kind, entry.object_id) == (lead_a, "evidence", evidence.pk)
    assert (entry.ip_address, entry.user_agent) == ("192.0.2.10", "Mozilla/5.0 (test)")
    assert "Audit résumé.pdf" in entry.description and "SCR-BABY-F" in entry.description
    assert entry.partnership_id == action_a.recommendation.review.partnership_id


@pytest.mark.parametrize("role", ["lead_b", "scrutiny_member", "outsider"])
def test_download_is_404_for_those_who_may_not_read_the_action(
    client, request, lead_a, action_a, role
):
    evidence = EvidenceFactory(update=ProgressUpdateFactory(action=action_a, author=lead_a))
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("assurance:evidence_download", args=[evidence.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_described_evidence_has_no_download(client, lead_a, action_a):
    update = ProgressUpdateFactory(action=action_a, author=lead_a)
    described = Evidence.objects.create(
        action=action_a, update=update, description="Audit", supplied_by=lead_a
    )
    client.force_login(lead_a)
    assert (
        client.get(reverse("assurance:evidence_download", args=[described.pk])).status_code == 404
    )


def test_scrutiny_members_see_no_evidence_at_all(scrutiny_member, lead_a, action_a):
    EvidenceFactory(update=ProgressUpdateFactory(action=action_a, author=lead_a))
    assert not Evidence.objects.for_user(scrutiny_member).exists()
    assert not ProgressUpdate.objects.for_user(scrutiny_member).exists()


@pytest.mark.parametrize("size", [1, 8])
def test_action_page_query_count_does_not_grow_with_updates(
    client, django_assert_max_num_queries, lead_a, action_a, size
):
    for _ in range(size):
        EvidenceFactory(update=ProgressUpdateFactory(action=action_a, author=lead_a))
        EvidenceFactory(
            update=ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
        )
    client.force_login(lead_a)
    with django_assert_max_num_queries(11):
        response = client.get(action_a.get_absolute_url())
    assert response.content.decode().count("govuk-summary-card__title-wrapper") == 2 * size


@pytest.mark.parametrize("size", [1, 8])
def test_update_form_and_download_query_counts_do_not_grow(
    client, django_assert_max_num_queries, lead_a, recommendation, agency_a, size
):
    actions = [ActionFactory(recommendation=recommendation, agency=agency_a) for _ in range(size)]
    evidence = [
        EvidenceFactory(update=ProgressUpdateFactory(action=a, author=lead_a)) for a in actions
    ]
    client.force_login(lead_a)
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("assurance:update_create", args=[actions[-1].pk])).status_code == 200
        )
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("assurance:evidence_download", args=[evidence[-1].pk])).status_code
            == 200
        )


def test_an_update_takes_its_actions_partnership(client, lead_a, action_a):
    client.force_login(lead_a)
    post_update(client, action_a, rag="green", narrative="Audit started.")
    update = ProgressUpdate.objects.get()
    assert update.partnership_id == action_a.partnership_id == action_a.agency.partnership_id
    assert update.history.get().partnership_id == action_a.partnership_id
