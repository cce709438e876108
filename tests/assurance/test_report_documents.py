"""The report documents themselves, read back from the PDF with pdftotext: content, order,
header and footer on every page, public and exempt versions, and the Word versions."""

import datetime
import io
import re
import subprocess

import docx
import pytest
from django.utils import timezone
from django.utils.formats import date_format
from docx.oxml.ns import qn
from docx.shared import Mm

from assurance.models import AssuranceStatement, ReportKind, ReportVersion
from assurance.reports.builders import build_report, direction_between, recommendation_rating
from assurance.reports.options import SCHEDULE_12A, ExemptHandling, ReportOptions
from assurance.reports.render import render_pdf
from assurance.reports.services import report_issue
from assurance.reports.word import render_docx
from recommendations.models import Action, ActionStatus, Recommendation
from recommendations.services import action_save
from reviews.models import Review
from scr_tracker.models import Agency, Role, ScrutinyBoard
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import PartnershipFactory, ReviewFactory
from tests.scr_tracker.factories import UserFactory

from .report_helpers import (
    assert_in_order,
    assert_recommendation_rows,
    baby_f,
    build,
    pdf_pages,
    pdf_streams,
    pdf_text,
    squash,
)

__all__ = ["baby_f"]  # the fixture, imported for pytest

MEMO = [
    "To: Education and Children's Services Scrutiny Board (2)",
    "From: Rebekah Eaves, Safeguarding Boards Manager",
    "Subject: Recommendations and Implementation Assurance",
]


def _pdf(kind, review, user, *, draft=False, **options):
    options.setdefault("review_ids", (review.pk,))
    context = build(ReportOptions(kind=kind, **options), review, user)
    return render_pdf(context, draft=draft)


def test_assurance_report_has_the_seed_shape_and_the_five_recommendations_in_order(baby_f):
    review, manager = baby_f
    text = pdf_text(_pdf(ReportKind.ASSURANCE, review, manager, version=ReportVersion.PUBLIC))

    today = date_format(timezone.localdate(), "jS F Y")
    assert_in_order(text, ["Report", *MEMO[:1], f"Date: {today}", *MEMO[1:]])
    assert_in_order(
        text,
        [
            "1. Purpose of the report",
            "This report provides assurance on the implementation of recommendations made in "
            "relation to Baby F.",
            "Recommendation Implementation Assurance",
        ],
    )
    assert_recommendation_rows(text)


def test_every_page_carries_title_marking_version_and_page_x_of_y(baby_f, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    review, manager = baby_f
    pages = pdf_pages(
        _pdf(ReportKind.ASSURANCE, review, manager, version=ReportVersion.EXEMPT, include_rag=True)
    )

    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "Baby F: Recommendations and Implementation Assurance" in page
        assert "OFFICIAL-SENSITIVE" in page
        assert "EXEMPT – NOT FOR PUBLICATION" in page
        assert f"Page {number} of {len(pages)}" in page
        # The table's header row is repeated on every page it runs onto.
        assert "Recommendation Implementation Assurance" in page


def test_protective_marking_comes_from_settings(baby_f, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL"
    review, manager = baby_f
    text = pdf_text(_pdf(ReportKind.ASSURANCE, review, manager, version=ReportVersion.EXEMPT))
    assert "OFFICIAL" in text
    assert "OFFICIAL-SENSITIVE" not in text


def test_optional_rating_and_assurance_level_columns(baby_f):
    review, manager = baby_f
    plain = pdf_text(_pdf(ReportKind.ASSURANCE, review, manager))
    rated = pdf_text(
        _pdf(ReportKind.ASSURANCE, review, manager, include_rag=True, include_level=True)
    )

    assert "Partnership rating" not in plain and "Substantial" not in plain
    # The narrow rating columns' headings wrap onto two lines, read across the row.
    assert re.search(r"Partnership (Assurance )?rating", rated)
    assert re.search(r"Assurance (rating )?level", rated)
    assert_in_order(
        rated,
        [
            "Child F Recommendation 1:",
            "Green",  # two actions assured, the third (the demo's pending re-audit work) open
            "Substantial",
            "Child F Recommendation 4:",
            "Limited",
        ],
    )


def test_briefing_note_wraps_the_assurance_report(baby_f):
    review, manager = baby_f
    text = pdf_text(_pdf(ReportKind.BRIEFING, review, manager, appendices=("Full SCR report",)))

    assert_in_order(
        text,
        [
            "Briefing note",
            "Subject: Serious Case Review – Baby F",
            "1 Purpose of the Note",
            "serious case review (SCR) published by the Coventry Safeguarding Children "
            "Partnership on 29th August 2018",
            "2 Recommendations",
            "recommended to: 1) Note the recommendations and progress made",
            "2) Identify any recommendation for the Cabinet Member",
            "3 Information/Background",
            "subject of a serious case review (SCR) in October 2015",
            "The recommendations were agreed on 24th May 2016.",
            "The review was published on 29th August 2018.",
            "The review made 5 recommendations",
            "Appendices",
            "1 – Full SCR report",
            "2 – Implementation assurance report",
            "Rebekah Eaves Safeguarding Boards Manager",
            "Appendix 2",
            "Report",
            "Subject: Recommendations and Implementation Assurance",
            "Child F Recommendation 1:",
            "Child F Recommendation 5:",
        ],
    )


def test_briefing_counts_assured_and_overdue(baby_f):
    review, manager = baby_f
    context = build(
        ReportOptions(kind=ReportKind.BRIEFING, review_ids=(review.pk,)), review, manager
    )
    facts = context["facts"]
    actions = list(Action.objects.filter(recommendation__review=review))
    assert facts.recommendations == 5
    assert facts.actions == len(actions)
    assert facts.actions_assured == sum(1 for a in actions if a.status == ActionStatus.ASSURED)
    overdue_sentence = [p for p in context["background"] if "past" in p and "due date" in p]
    assert overdue_sentence, context["background"]


def test_action_plan_groups_by_agency_with_both_ratings_and_earlier_due_dates(baby_f):
    review, manager = baby_f
    action = Action.objects.get(recommendation__review=review, timescale="31.03.2017")
    action.timescale = "September 2030"
    action_save(action=action, actor=manager, reason="Agreed at the March board")

    text = pdf_text(_pdf(ReportKind.ACTION_PLAN, review, manager))

    agencies = sorted(
        Agency.objects.filter(actions__recommendation__review=review)
        .distinct()
        .values_list("name", flat=True),
        key=str.lower,
    )
    assert_in_order(text, agencies)
    for column in (
        "Key actions",
        "Evidence",
        "Key outcome(s)",
        "Lead officer",
        "Timescale",
        "Due date",
    ):
        assert column in text
    assert "Partnership rating Agency rating" in text
    assert "September 2030" in text and "Earlier: 31 Mar 2017" in text
    assert "Child F Recommendation 2:" in text


def test_agency_report_lists_one_agencys_actions_across_reviews(baby_f):
    review, manager = baby_f
    social_care = Agency.objects.get(partnership=review.partnership, name="Children's social care")
    other = ReviewFactory(
        partnership=review.partnership, reference="LCSPR-2020-02", title="Child H", is_exempt=False
    )
    ActionFactory(
        recommendation=RecommendationFactory(review=other),
        agency=social_care,
        key_actions="Audit LADO referrals",
    )
    health = Agency.objects.get(
        partnership=review.partnership, name="Health visiting provider (CWPT)"
    )

    context = build(
        ReportOptions(kind=ReportKind.AGENCY, agency_id=social_care.pk), review, manager
    )
    text = pdf_text(render_pdf(context, draft=False))

    assert "Children's social care: actions across all reviews" in text
    assert_in_order(
        text,
        [
            "Baby F (SCR-BABY-F)",
            "Child F Recommendation 2:",
            "Child H (LCSPR-2020-02)",
            "Audit LADO referrals",
        ],
    )
    health_actions = Action.objects.filter(agency=health).values_list("key_actions", flat=True)
    assert all(squash(a)[:40] not in text for a in health_actions)


def test_yearly_extract_counts_the_year(baby_f):
    review, manager = baby_f
    Action.objects.filter(recommendation__review=review, status=ActionStatus.ASSURED).first()
    rec = Recommendation.objects.get(review=review, number="4")
    closed = ActionFactory(
        recommendation=rec,
        agency=Agency.objects.get(name="West Midlands Police"),
        key_actions="Police leaflet",
    )
    closed.status = ActionStatus.NOT_IMPLEMENTED
    closed.not_implemented_reason = "Superseded by the MASH single number"
    closed.save()
    options = ReportOptions(
        kind=ReportKind.YEARLY,
        period_start=datetime.date(2016, 4, 1),
        period_end=datetime.date(2017, 3, 31),
        version=ReportVersion.PUBLIC,
    )
    context = build(options, review, manager)
    assert [row.review for row in context["review_rows"]] == [review]
    assert context["recommendations_made"] == 5

    this_year = ReportOptions(
        kind=ReportKind.YEARLY,
        period_start=timezone.localdate().replace(month=1, day=1),
        period_end=timezone.localdate(),
    )
    text = pdf_text(render_pdf(build(this_year, review, manager), draft=False))
    assert_in_order(
        text,
        [
            "1. Reviews in the year",
            "2. Recommendations made",
            "3. Actions assured",
            "4. Not implemented, with reasons",
            "Superseded by the MASH single number",
            "5. Areas with little or no progress",
        ],
    )
    assert "Record keeping and chronologies" in text  # the theme of the overdue recommendation 2


@pytest.fixture
def exempt_review(baby_f):
    review, manager = baby_f
    secret = ReviewFactory(
        partnership=review.partnership, reference="LCSPR-2025-07", title="Child Z", is_exempt=True
    )
    rec = RecommendationFactory(
        review=secret, number="1", text="Zebra-secret recommendation about Child Z's school"
    )
    AssuranceStatement.objects.create(recommendation=rec, narrative="Zebra-secret narrative")
    ActionFactory(
        recommendation=rec,
        agency=Agency.objects.get(name="Children's social care"),
        key_actions="Zebra-secret action",
    )
    return secret


def _cross(review, secret, manager, **options):
    return pdf_pages(
        _pdf(ReportKind.CROSS_REVIEW, review, manager, review_ids=(review.pk, secret.pk), **options)
    )


def test_public_cross_review_leaves_exempt_reviews_out(baby_f, exempt_review):
    review, manager = baby_f
    pages = _cross(
        review,
        exempt_review,
        manager,
        version=ReportVersion.PUBLIC,
        exempt_handling=ExemptHandling.OMIT,
    )
    text = " ".join(pages)
    assert "Child F Recommendation 1:" in text
    assert "Zebra" not in text and "Child Z" not in text and "LCSPR-2025-07" not in text
    assert "Exempt item" not in text
    assert all("PUBLIC" in page for page in pages)


def test_public_cross_review_can_show_exempt_item_without_detail(baby_f, exempt_review):
    review, manager = baby_f
    text = " ".join(
        _cross(
            review,
            exempt_review,
            manager,
            version=ReportVersion.PUBLIC,
            exempt_handling=ExemptHandling.PLACEHOLDER,
        )
    )
    assert "Exempt item" in text
    assert "Zebra" not in text and "Child Z" not in text and "LCSPR-2025-07" not in text


def test_exempt_version_shows_everything_and_says_so_on_every_page(baby_f, exempt_review):
    review, manager = baby_f
    pages = _cross(review, exempt_review, manager, version=ReportVersion.EXEMPT)
    text = " ".join(pages)
    assert "Zebra-secret recommendation about Child Z's school" in text
    for page in pages:
        assert (
            "EXEMPT – NOT FOR PUBLICATION (Schedule 12A, paragraph 1, Local Government Act 1972)"
            in page
        )


def test_public_assurance_report_on_an_exempt_review_has_no_detail(baby_f, exempt_review):
    review, manager = baby_f
    for kind in (ReportKind.ASSURANCE, ReportKind.BRIEFING, ReportKind.ACTION_PLAN):
        text = pdf_text(_pdf(kind, exempt_review, manager, version=ReportVersion.PUBLIC))
        assert "Exempt item" in text
        assert "Zebra" not in text and "Child Z" not in text, kind


def test_public_agency_and_yearly_reports_leave_exempt_material_out(baby_f, exempt_review):
    review, manager = baby_f
    social_care = Agency.objects.get(name="Children's social care")
    exempt_review.recommendations_agreed_date = timezone.localdate()
    exempt_review.save()
    for options in (
        ReportOptions(
            kind=ReportKind.AGENCY, agency_id=social_care.pk, version=ReportVersion.PUBLIC
        ),
        ReportOptions(
            kind=ReportKind.YEARLY,
            version=ReportVersion.PUBLIC,
            period_start=timezone.localdate() - datetime.timedelta(days=30),
            period_end=timezone.localdate(),
        ),
    ):
        text = pdf_text(render_pdf(build(options, review, manager), draft=False))
        assert "Zebra" not in text and "Child Z" not in text, options.kind


def test_cross_review_direction_of_travel_since_the_last_issued_report(baby_f):
    review, manager = baby_f
    board = ScrutinyBoard.objects.get(partnership=review.partnership)
    options = ReportOptions(
        kind=ReportKind.CROSS_REVIEW, review_ids=(review.pk,), version=ReportVersion.PUBLIC
    )
    first = build(options, review, manager)
    assert first["previous"] is None
    assert "sets the baseline" in pdf_text(render_pdf(first, draft=True))
    report_issue(options=options, audience=board, actor=manager)

    overdue = Action.objects.get(
        recommendation__review=review, timescale="31.03.2017"
    )  # rec 2, Red
    overdue.status = ActionStatus.ASSURED
    overdue.save()
    on_track = Action.objects.get(
        recommendation__review=review, recommendation__number="1", agency__name="GP practices (CCG)"
    )
    on_track.status = ActionStatus.IN_PROGRESS
    on_track.agency_rag = "amber"
    on_track.save()  # rec 1 was Green: two actions assured, one open and on track

    second = build(options, review, manager)
    directions = {
        rec.recommendation.number: rec.direction.label
        for rec in second["sections"][0].recommendations
    }
    assert directions["2"] == "Improved (was Red)"
    assert directions["1"] == "Worse (was Green)"
    assert directions["3"] == "Unchanged"
    text = pdf_text(render_pdf(second, draft=False))
    assert_in_order(
        text,
        [
            "Direction of travel compares",
            "Child F Recommendation 1:",
            "Worse (was Green)",
            "Improved (was Red)",
        ],
    )


def test_recommendation_rating_and_direction_rules():
    assert recommendation_rating([]) == ""
    assert recommendation_rating(["blue", "green", "amber"]) == "amber"
    assert recommendation_rating(["blue", "closed"]) == "partly"  # as the pages roll it up
    assert recommendation_rating(["blue", "blue"]) == "blue"
    assert recommendation_rating(["closed"]) == "closed"
    assert recommendation_rating(["red", "blue"]) == "red"
    assert direction_between(None, "red").code == "new"
    assert direction_between("amber", "green").code == "improved"
    assert direction_between("green", "red").code == "worse"
    assert direction_between("closed", "blue").code == "changed"


def test_drafts_are_marked_draft_on_every_page_and_final_reports_are_not(baby_f):
    review, manager = baby_f
    draft = pdf_pages(_pdf(ReportKind.ASSURANCE, review, manager, draft=True))
    final = pdf_text(_pdf(ReportKind.ASSURANCE, review, manager))
    assert all("DRAFT – not issued" in page for page in draft)
    assert "DRAFT" not in final


def _run(tool, data, *options):
    """A poppler tool's output for the PDF `data` (poppler-utils: scripts/bootstrap.sh --test)."""
    command = [tool, *options, "-"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()  # noqa: S603


def test_pdf_is_tagged_pdf_ua_with_language_title_and_shipped_fonts(baby_f):
    review, manager = baby_f
    data = _pdf(ReportKind.ASSURANCE, review, manager)
    info = _run("pdfinfo", data) + _run("pdfinfo", data, "-meta")
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Title:\s+Baby F: Recommendations and Implementation Assurance", info)
    assert 'pdfuaid:part="1"' in info
    assert re.search(r"Page size:\s+595.276 x 841.89 pts \(A4\)", info)
    assert b"/Lang (en-GB)" in pdf_streams(data)
    fonts = _run("pdffonts", data)
    assert "Report-Sans" in fonts and "Report-Sans-Bold" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip())


def test_word_versions_have_the_same_content_header_and_repeating_table_header(baby_f):
    review, manager = baby_f
    for kind in (ReportKind.ASSURANCE, ReportKind.BRIEFING):
        context = build(
            ReportOptions(kind=kind, review_ids=(review.pk,), include_rag=True), review, manager
        )
        document = docx.Document(io.BytesIO(render_docx(context, draft=True)))
        body = "\n".join(p.text for p in document.paragraphs)
        table = document.tables[0]
        cells = " ".join(cell.text for row in table.rows for cell in row.cells)
        assert_recommendation_rows(squash(cells))
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
        assert "Subject:\tRecommendations and Implementation Assurance" in body
        header = document.sections[0].header.paragraphs[0].text
        assert "DRAFT" in header and "OFFICIAL-SENSITIVE" in header
        footer = document.sections[0].footer.paragraphs[0]
        assert footer._p.xpath(".//w:fldSimple[@w:instr='NUMPAGES']")
        assert document.core_properties.language == "en-GB"
    assert "1 Purpose of the Note" in body and "Appendix 1" in body


def test_word_report_of_an_exempt_review_in_public_has_no_detail(baby_f, exempt_review):
    review, manager = baby_f
    options = ReportOptions(
        kind=ReportKind.ASSURANCE, review_ids=(exempt_review.pk,), version=ReportVersion.PUBLIC
    )
    document = docx.Document(io.BytesIO(render_docx(build(options, review, manager), draft=False)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Exempt item" in text and "Zebra" not in text and not document.tables


@pytest.mark.parametrize("paragraph", [1, 2, 7])
def test_exempt_version_names_the_schedule_12a_paragraph_chosen(baby_f, paragraph):
    review, manager = baby_f
    pages = pdf_pages(
        _pdf(
            ReportKind.ASSURANCE,
            review,
            manager,
            version=ReportVersion.EXEMPT,
            exempt_paragraph=paragraph,
        )
    )
    assert f"within paragraph {paragraph} of Part 1 of Schedule 12A" in pages[0]
    description = SCHEDULE_12A[paragraph].rstrip(".")
    assert squash(description[0].lower() + description[1:]) in pages[0]
    for page in pages:
        assert f"(Schedule 12A, paragraph {paragraph}, Local Government Act 1972)" in page


def test_header_and_footer_markings_never_contradict_each_other(baby_f, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    review, manager = baby_f
    public = pdf_pages(_pdf(ReportKind.ACTION_PLAN, review, manager, version=ReportVersion.PUBLIC))
    exempt = pdf_pages(_pdf(ReportKind.ACTION_PLAN, review, manager, version=ReportVersion.EXEMPT))
    for page in public:
        assert page.count("PUBLIC") >= 2  # at the head and at the foot
        assert "SENSITIVE" not in page and "NOT FOR PUBLICATION" not in page
    for page in exempt:
        assert "OFFICIAL-SENSITIVE – NOT FOR PUBLICATION" in page  # the head
        assert "EXEMPT – NOT FOR PUBLICATION (Schedule 12A" in page  # the foot
        assert "PUBLIC" not in page.replace("PUBLICATION", "")


def test_every_report_names_the_partnership(baby_f):
    review, manager = baby_f
    for kind in (ReportKind.ASSURANCE, ReportKind.ACTION_PLAN, ReportKind.CROSS_REVIEW):
        first = pdf_pages(_pdf(kind, review, manager))[0]
        assert "Coventry Safeguarding Children Partnership" in first, kind
    document = docx.Document(
        io.BytesIO(
            render_docx(
                build(
                    ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)),
                    review,
                    manager,
                ),
                draft=False,
            )
        )
    )
    assert document.paragraphs[0].text == "Coventry Safeguarding Children Partnership"


def test_small_agency_sections_follow_on_without_a_page_break_each(baby_f):
    review, manager = baby_f
    small = ReviewFactory(
        partnership=review.partnership, reference="LCSPR-2024-01", is_exempt=False
    )
    rec = RecommendationFactory(review=small, number="1", text="Share information early.")
    agencies = list(Agency.objects.filter(partnership=review.partnership).order_by("name"))
    for agency in agencies:
        ActionFactory(
            recommendation=rec,
            agency=agency,
            key_actions="Brief the staff.",
            evidence_expected="Briefing notes.",
            outcome_measure="Staff know.",
        )

    data = _pdf(ReportKind.ACTION_PLAN, small, manager, review_ids=(small.pk,))
    pages = pdf_pages(data)

    sections = [page.count("Actions of ") for page in pages]
    assert sum(sections) == len(agencies) >= 5
    assert len(pages) < len(agencies) and max(sections) >= 3, sections
    # The recommendation is printed once per agency, not on every action row, and the
    # ratings summary with the meaning of each rating comes first.
    text = " ".join(pages)
    assert text.count("Share information early.") == len(agencies)
    assert_in_order(text, ["Ratings summary", "Off track or overdue", "Actions of "])


def test_action_plan_in_word_has_the_summary_first_and_each_recommendation_once(baby_f):
    review, manager = baby_f
    context = build(
        ReportOptions(kind=ReportKind.ACTION_PLAN, review_ids=(review.pk,)), review, manager
    )
    document = docx.Document(io.BytesIO(render_docx(context, draft=True)))
    summary, *plans = document.tables
    assert [c.text for c in summary.rows[0].cells] == [
        "Partnership rating",
        "Actions",
        "What it means",
    ]
    assert "Red" in summary.rows[1].cells[0].text
    assert len(plans) == len(context["agency_groups"])
    for table, (agency, recommendations) in zip(plans, context["agency_groups"], strict=True):
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
        texts = [row.cells[0].text for row in table.rows[1:]]
        labels = [t for t in texts if t.startswith("Child F Recommendation")]
        assert len(labels) == len(recommendations), agency.name
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape


def test_a_subject_longer_than_words_property_limit_is_issued(client, baby_f):
    review, manager = baby_f
    subject = ("Implementation of the recommendations " * 7)[:260]
    board = ScrutinyBoard.objects.get(partnership=review.partnership)
    issued = report_issue(
        options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,), subject=subject),
        audience=board,
        actor=manager,
    )
    document = docx.Document(io.BytesIO(bytes(issued.docx)))
    assert len(document.core_properties.title) <= 255
    assert document.core_properties.title.endswith("…")
    body = "\n".join(p.text for p in document.paragraphs)
    assert subject.strip() in body
    assert subject.strip()[:200] in pdf_text(bytes(issued.pdf)).replace("- ", "")
    assert len(issued.title) <= 300


@pytest.mark.django_db
def test_yearly_extract_defaults_to_the_latest_reporting_year_with_data():
    partnership = PartnershipFactory()
    manager = UserFactory(role=Role.BOARD_MANAGER, partnership=partnership)
    ReviewFactory(
        partnership=partnership,
        is_exempt=False,
        published_date=datetime.date(2021, 6, 1),
        decision_date=datetime.date(2019, 1, 5),
    )
    secret = ReviewFactory(
        partnership=partnership, is_exempt=True, decision_date=datetime.date(2023, 2, 1)
    )

    def period(version):
        context = build_report(
            ReportOptions(kind=ReportKind.YEARLY, version=version),
            partnership=partnership,
            today=datetime.date(2026, 12, 3),
            sender_user=manager,
        )
        return context["period"]

    # The public version leaves the exempt review out, so its latest data is from June 2021.
    assert period(ReportVersion.PUBLIC) == (datetime.date(2021, 4, 1), datetime.date(2022, 3, 31))
    # The exempt version counts the exempt review: February 2023 is in the 2022–23 year.
    assert period(ReportVersion.EXEMPT) == (datetime.date(2022, 4, 1), datetime.date(2023, 3, 31))
    # With nothing to report, the last complete year.
    secret.decision_date = None
    secret.save()
    for other in Review.objects.filter(partnership=partnership).exclude(pk=secret.pk):
        other.archive(reason="Entered twice")
    assert period(ReportVersion.EXEMPT) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


def test_public_yearly_extract_prints_no_row_for_the_exempt_items_it_leaves_out(
    baby_f, exempt_review
):
    review, manager = baby_f
    today = timezone.localdate()
    exempt_review.recommendations_agreed_date = today
    exempt_review.save()
    Action.objects.filter(recommendation__review=exempt_review).update(
        status=ActionStatus.ASSURED, assured_at=timezone.now()
    )
    for handling in (ExemptHandling.PLACEHOLDER, ExemptHandling.OMIT):
        options = ReportOptions(
            kind=ReportKind.YEARLY,
            version=ReportVersion.PUBLIC,
            exempt_handling=handling,
            period_start=today - datetime.timedelta(days=30),
            period_end=today,
        )
        context = build(options, review, manager)
        assert all(not row.hidden for row in context["review_rows"])
        assert exempt_review not in [row.review for row in context["review_rows"]]
        assert all(row.review != exempt_review for row in context["assured_rows"])
        assert context["recommendations_made"] == 0
        text = pdf_text(render_pdf(context, draft=False))
        assert "Exempt items are left out of this public version" in text
        assert "Exempt item" not in text.replace("Exempt items are left out", "")
        assert "Not for publication" not in text


@pytest.mark.parametrize("kind", [ReportKind.ASSURANCE, ReportKind.ACTION_PLAN])
def test_word_layout_matches_the_pdf(baby_f, kind):
    review, manager = baby_f
    context = build(ReportOptions(kind=kind, review_ids=(review.pk,)), review, manager)
    for draft in (True, False):
        document = docx.Document(io.BytesIO(render_docx(context, draft=draft)))
        section = document.sections[0]
        text_width = section.page_width - section.left_margin - section.right_margin
        header, footer = section.header.paragraphs[0], section.footer.paragraphs[0]
        # Header and footer: the right-hand part aligned to the right margin, ruled off.
        for paragraph in (header, footer):
            stops = paragraph.paragraph_format.tab_stops
            assert len(stops) == 1 and abs(stops[0].position - text_width) < Mm(0.5)
        assert header._p.xpath("./w:pPr/w:pBdr/w:bottom")
        assert footer._p.xpath("./w:pPr/w:pBdr/w:top")
        # Tables: shaded header row and the PDF's cell padding.
        for table in document.tables:
            margins = table._tbl.xpath("./w:tblPr/w:tblCellMar")[0]
            assert margins.find(qn("w:top")).get(qn("w:w")) == "113"  # 2 mm
            assert margins.find(qn("w:left")).get(qn("w:w")) == "142"  # 2.5 mm
            for cell in table.rows[0].cells:
                assert cell._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["D9D9D9"]
        body = [p.text for p in document.paragraphs]
        assert ("DRAFT – not issued" in body) is draft
        assert ("DRAFT" in header.text) is draft
