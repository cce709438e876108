"""The report pages: compose and preview, draft downloads, issuing, the register, downloads
exactly as issued, who sees what, archiving and history, and bounded query counts."""

import datetime
import hashlib
import io

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import ProtectedError
from django.urls import reverse

from assurance.models import (
    AccessKind,
    AccessLog,
    AssuranceStatement,
    IssuedReport,
    ReportDraft,
    ReportKind,
    ReportVersion,
)
from assurance.reports.options import ReportOptions
from assurance.reports.services import (
    StoredDocumentCorrupted,
    issued_report_document,
    report_draft_save,
    report_issue,
)
from recommendations.models import Recommendation
from scr_tracker.models import Role, ScrutinyBoard, User
from tests.once import form_token
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory, ScrutinyBoardFactory
from tests.scr_tracker.factories import UserFactory

from .report_helpers import (
    assert_recommendation_rows,
    baby_f,
    issue_data,
    pdf_pages,
    pdf_text,
)

__all__ = ["baby_f"]


def _compose_url(kind):
    return reverse("assurance:reports:compose", args=[kind])


def _draft_url(draft, name="draft"):
    return reverse(f"assurance:reports:{name}", args=[draft.pk])


def _compose(client, kind, **data):
    """Post the compose form as a browser would; the response and the draft it kept."""
    response = client.post(_compose_url(kind), {**data, "form_token": form_token(client)})
    return response, ReportDraft.objects.order_by("-id").first()


@pytest.fixture
def board(baby_f):
    review, _ = baby_f
    return ScrutinyBoard.objects.get(partnership=review.partnership)


@pytest.fixture
def member(board):
    return User.objects.get(username="scrutiny.member")


def _issue(client, review, board, kind=ReportKind.ASSURANCE, **extra):
    draft = report_draft_save(
        options=ReportOptions(kind=kind, review_ids=(review.pk,), **extra),
        actor=User.objects.get(username="board.manager"),
    )
    url = _draft_url(draft, "issue")
    return client.post(url, issue_data(client, url, board))


def test_preview_fills_in_the_report_defaults_and_shows_the_report(client, baby_f):
    review, manager = baby_f
    client.force_login(manager)

    posted, draft = _compose(client, ReportKind.ASSURANCE, review=review.pk)
    assert posted["Location"] == f"{draft.get_absolute_url()}#preview"
    response = client.get(draft.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    # Nothing of the report travels in the URL: the options are the draft's.
    assert "?" not in posted["Location"] and "review=" not in html.split("<main")[0]
    form = response.context["form"]
    assert form["to"].value() == "Education and Children's Services Scrutiny Board (2)"
    assert form["sender"].value() == "Rebekah Eaves, Safeguarding Boards Manager"
    assert form["purpose"].value().startswith("This report provides assurance")
    assert form["version"].value() == ReportVersion.PUBLIC
    for number in range(1, 6):
        assert f"Child F Recommendation {number}:" in html
    assert "Issue this report" in html and "Download draft Word" in html


def test_compose_without_a_review_shows_the_form_only(client, baby_f):
    _, manager = baby_f
    client.force_login(manager)
    response = client.get(_compose_url(ReportKind.ASSURANCE))
    assert response.status_code == 200
    assert "Child F Recommendation" not in response.content.decode()


def test_unknown_report_kind_is_not_found(client, baby_f):
    _, manager = baby_f
    client.force_login(manager)
    assert client.get(_compose_url("minutes")).status_code == 404


def test_another_partnerships_review_cannot_be_chosen(client, baby_f):
    review, _ = baby_f
    client.force_login(User.objects.get(username="other.manager"))
    response, draft = _compose(client, ReportKind.ASSURANCE, review=review.pk)
    assert response.status_code == 200 and draft is None
    assert "Select a valid choice" in response.content.decode()


def test_public_version_of_exempt_review_cannot_leave_it_out(client, baby_f):
    review, manager = baby_f
    review.is_exempt = True
    review.save()
    client.force_login(manager)
    response, draft = _compose(
        client, ReportKind.ASSURANCE, review=review.pk, version="public", exempt_handling="omit"
    )
    assert "Baby F is exempt: choose the exempt version" in response.content.decode()
    assert draft is None


def test_draft_pdf_and_word_downloads_are_marked_draft(client, baby_f):
    review, manager = baby_f
    client.force_login(manager)
    _, draft = _compose(client, ReportKind.BRIEFING, review=review.pk, version="exempt")

    pdf = client.get(_draft_url(draft, "draft_pdf"))
    word = client.get(_draft_url(draft, "draft_docx"))

    assert pdf["Content-Type"] == "application/pdf"
    assert (
        'filename="briefing-note-serious-case-review-baby-f-DRAFT.pdf"'
        in pdf["Content-Disposition"]
    )
    pages = pdf_pages(pdf.content)
    assert all(
        "DRAFT – not issued" in page and "EXEMPT – NOT FOR PUBLICATION" in page for page in pages
    )
    document = docx.Document(io.BytesIO(word.content))
    assert "DRAFT" in document.sections[0].header.paragraphs[0].text
    _, cross = _compose(client, ReportKind.CROSS_REVIEW, reviews=[review.pk])
    assert client.get(_draft_url(cross, "draft_docx")).status_code == 404


def test_board_manager_issues_a_report_kept_with_hash_options_and_history(client, baby_f, board):
    review, manager = baby_f
    client.force_login(manager)

    response = _issue(client, review, board, include_rag=True, version=ReportVersion.PUBLIC)

    report = IssuedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.audience == board
    assert report.meeting_date == datetime.date(2026, 9, 6)
    assert report.issued_by == manager
    assert report.kind == ReportKind.ASSURANCE and report.version == ReportVersion.PUBLIC
    assert report.title == "Baby F: Recommendations and Implementation Assurance"
    assert report.options["include_rag"] is True and report.options["review_ids"] == [review.pk]
    assert report.pdf_sha256 == hashlib.sha256(bytes(report.pdf)).hexdigest()
    assert report.docx_sha256 == hashlib.sha256(bytes(report.docx)).hexdigest()
    assert list(report.reviews.all()) == [review]
    assert len(report.snapshot["recommendations"]) == 5
    first = report.history.earliest()
    assert (
        first.history_user == manager and first.history_change_reason == f"Issued to {board.name}"
    )
    text = pdf_text(bytes(report.pdf))
    assert "DRAFT" not in text
    assert_recommendation_rows(text)


def test_issued_report_downloads_byte_identical_after_the_data_changes(
    client, baby_f, board, member
):
    review, manager = baby_f
    client.force_login(manager)
    _issue(client, review, board)
    report = IssuedReport.objects.get()
    url = reverse("assurance:reports:download_pdf", args=[report.pk])
    first = client.get(url).content

    statement = AssuranceStatement.objects.get(
        recommendation__review=review, recommendation__number="1"
    )
    statement.narrative = "Rewritten after the meeting."
    statement.save()
    review.title = "Child F"
    review.save()
    Recommendation.objects.filter(review=review, number="5").get().archive(reason="Merged")

    client.force_login(member)
    later = client.get(url)
    assert later.content == first
    assert hashlib.sha256(later.content).hexdigest() == report.pdf_sha256
    assert "GP Surgeries across the city" in pdf_text(later.content)
    word = client.get(reverse("assurance:reports:download_docx", args=[report.pk])).content
    assert hashlib.sha256(word).hexdigest() == report.docx_sha256
    # Built now, the report reads differently: the download really is the copy kept at issue.
    client.force_login(manager)
    _, draft = _compose(client, ReportKind.ASSURANCE, review=review.pk)
    rebuilt = pdf_text(client.get(_draft_url(draft, "draft_pdf")).content)
    assert "Rewritten after the meeting." in rebuilt
    assert "Rewritten after the meeting." not in pdf_text(later.content)


def test_report_downloads_are_recorded_in_the_access_log(client, baby_f, board, member):
    review, manager = baby_f
    client.force_login(manager)
    _issue(client, review, board)
    report = IssuedReport.objects.get()
    client.force_login(member)
    client.get(reverse("assurance:reports:download_pdf", args=[report.pk]))
    client.get(reverse("assurance:reports:download_docx", args=[report.pk]))
    entries = list(AccessLog.objects.order_by("id"))
    assert [(e.user, e.kind, e.object_id) for e in entries] == [
        (member, AccessKind.REPORT, report.pk),
        (member, AccessKind.REPORT, report.pk),
    ]
    assert "(PDF," in entries[0].description and "(Word," in entries[1].description
    assert entries[0].partnership == report.partnership


def test_issued_reports_cannot_be_changed_or_deleted(baby_f, board):
    review, manager = baby_f
    report = report_issue(
        options=ReportOptions(kind=ReportKind.CROSS_REVIEW, review_ids=(review.pk,)),
        audience=board,
        actor=manager,
    )
    report.title = "Edited"
    with pytest.raises(ValueError, match="kept exactly as issued"):
        report.save()
    with pytest.raises(ProtectedError):
        report.delete()
    with pytest.raises(ProtectedError):
        IssuedReport.objects.all().delete()
    assert report.docx is None and report.docx_sha256 == ""


def test_download_refuses_bytes_that_fail_their_hash(baby_f, board):
    review, manager = baby_f
    report = report_issue(
        options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)),
        audience=board,
        actor=manager,
    )
    report.pdf = bytes(report.pdf) + b"tampered"
    with pytest.raises(StoredDocumentCorrupted):
        issued_report_document(report)


def test_scrutiny_member_home_is_the_register_of_their_boards_reports(
    client, baby_f, board, member
):
    review, manager = baby_f
    other_board = ScrutinyBoardFactory(
        partnership=review.partnership, name="Health Scrutiny Board (5)"
    )
    mine = report_issue(
        options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)),
        audience=board,
        actor=manager,
    )
    theirs = report_issue(
        options=ReportOptions(kind=ReportKind.ACTION_PLAN, review_ids=(review.pk,)),
        audience=other_board,
        actor=manager,
    )
    client.force_login(member)

    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("assurance:reports:register"), 302)]
    html = response.content.decode()

    assert "Reports issued to Education and Children&#x27;s Services Scrutiny Board (2)" in html
    assert mine.title in html and theirs.title not in html
    assert [item.label for item in response.context["nav_items"]] == ["Reports"]
    assert client.get(reverse("assurance:reports:download_pdf", args=[mine.pk])).status_code == 200
    assert client.get(reverse("assurance:reports:detail", args=[theirs.pk])).status_code == 404
    assert (
        client.get(reverse("assurance:reports:download_pdf", args=[theirs.pk])).status_code == 404
    )
    # No drafts, no composing for scrutiny members.
    draft = report_draft_save(
        options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)), actor=manager
    )
    assert client.get(_draft_url(draft, "draft_pdf")).status_code == 403


def test_scrutiny_member_detail_page_hides_options_and_reviews(client, baby_f, board, member):
    review, manager = baby_f
    report = report_issue(
        options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)),
        audience=board,
        actor=manager,
    )
    client.force_login(member)
    html = client.get(report.get_absolute_url()).content.decode()
    assert report.pdf_sha256 in html
    assert "Options used" not in html and "Reviews covered" not in html
    client.force_login(manager)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Options used" in html and "SCR-BABY-F: Baby F" in html


def test_archived_report_leaves_the_members_register_and_keeps_its_history(
    client, baby_f, board, member
):
    review, manager = baby_f
    report = report_issue(
        options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)),
        audience=board,
        actor=manager,
    )
    client.force_login(manager)
    client.post(
        reverse("assurance:reports:archive", args=[report.pk]),
        {"action": "archive", "reason": "Superseded by the October report"},
    )

    report.refresh_from_db()
    assert report.is_archived
    latest = report.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        manager,
        "Superseded by the October report",
    )
    assert latest.archived_at is not None
    assert (
        "Issued to"
        in client.get(reverse("assurance:reports:history", args=[report.pk])).content.decode()
    )
    assert report.title in client.get(reverse("assurance:reports:register")).content.decode()
    client.force_login(member)
    assert report.title not in client.get(reverse("home")).content.decode()
    assert client.get(report.get_absolute_url()).status_code == 404


def test_reports_navigation_for_board_roles_and_scrutiny_members(client, baby_f):
    expected = {
        "board.manager": True,
        "scrutineer": True,
        "scrutiny.member": True,
        "lead.health": False,
        "admin": False,
    }
    for username, shown in expected.items():
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("accessibility"))
        labels = [item.label for item in response.context["nav_items"]]
        assert ("Reports" in labels) is shown, username


@pytest.mark.parametrize("size", [1, 12])
def test_register_query_count_does_not_grow(
    client, django_assert_max_num_queries, baby_f, board, member, size
):
    review, manager = baby_f
    pdf = b"%PDF stored"
    for n in range(size):
        IssuedReport(
            partnership=review.partnership,
            kind=ReportKind.ASSURANCE,
            title=f"Report {n}",
            version=ReportVersion.PUBLIC,
            audience=board,
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            issued_by=UserFactory(role=Role.BOARD_MANAGER, partnership=review.partnership),
            issued_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
            + datetime.timedelta(days=n),
        ).save()
    for user in (manager, member):
        client.force_login(user)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("assurance:reports:register"))
        assert response.context["page_obj"].paginator.count == size


@pytest.mark.parametrize("size", [2, 25])
def test_preview_query_count_does_not_grow(client, django_assert_max_num_queries, baby_f, size):
    review, manager = baby_f
    agencies = list(review.partnership.agencies.all())
    for n in range(size):
        rec = RecommendationFactory(review=review, number=f"{n + 10}")
        AssuranceStatement.objects.create(recommendation=rec, narrative=f"Narrative {n}")
        ActionFactory(recommendation=rec, agency=agencies[n % len(agencies)])
    client.force_login(manager)
    for kind in ReportKind:
        params = {"review": review.pk, "reviews": [review.pk], "agency": agencies[0].pk}
        _, draft = _compose(client, kind, **params)
        with django_assert_max_num_queries(26):
            response = client.get(draft.get_absolute_url())
        assert response.status_code == 200 and response.context["report"] is not None, kind


@pytest.mark.parametrize("size", [1, 10])
def test_issued_detail_query_count_does_not_grow(
    client, django_assert_max_num_queries, baby_f, board, size
):
    review, manager = baby_f
    reviews = [review] + [ReviewFactory(partnership=review.partnership) for _ in range(size)]
    report = report_issue(
        options=ReportOptions(
            kind=ReportKind.CROSS_REVIEW, review_ids=tuple(r.pk for r in reviews)
        ),
        audience=board,
        actor=manager,
    )
    client.force_login(manager)
    with django_assert_max_num_queries(8):
        assert client.get(report.get_absolute_url()).status_code == 200


def test_command_writes_pdf_and_word(baby_f, tmp_path, capsys):
    pdf_path, word_path = tmp_path / "baby-f.pdf", tmp_path / "baby-f.docx"
    call_command("assurance_report", "--review", "SCR-BABY-F", "--output", str(pdf_path), "--final")
    call_command(
        "assurance_report",
        "--review",
        "SCR-BABY-F",
        "--output",
        str(word_path),
        "--kind",
        "briefing",
        "--docx",
    )

    text = pdf_text(pdf_path.read_bytes())
    assert "From: Rebekah Eaves, Safeguarding Boards Manager" in text and "DRAFT" not in text
    assert_recommendation_rows(text)
    document = docx.Document(str(word_path))
    assert "Briefing note" in [p.text for p in document.paragraphs[:4]]
    assert "Wrote" in capsys.readouterr().out


def test_command_kinds_and_errors(baby_f, tmp_path):
    out = tmp_path / "plan.pdf"
    call_command(
        "assurance_report",
        "--review",
        "SCR-BABY-F",
        "--output",
        str(out),
        "--kind",
        "action-plan",
        "--exempt",
    )
    pages = pdf_pages(out.read_bytes())
    assert all(
        "DRAFT – not issued" in page and "EXEMPT – NOT FOR PUBLICATION" in page for page in pages
    )
    with pytest.raises(CommandError, match="No review has the reference"):
        call_command("assurance_report", "--review", "NOPE", "--output", str(out))
    call_command(
        "assurance_report",
        "--review",
        "SCR-BABY-F",
        "--output",
        str(tmp_path / "plan.docx"),
        "--kind",
        "action-plan",
        "--docx",
    )
    assert docx.Document(str(tmp_path / "plan.docx")).tables
    with pytest.raises(CommandError, match="No review"):
        call_command(
            "assurance_report",
            "--review",
            "SCR-BABY-F",
            "--output",
            str(out),
            "--partnership",
            "Northfield Safeguarding Children Partnership",
        )
