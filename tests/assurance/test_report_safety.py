"""WeasyPrint never fetches anything that user content names: text is escaped, and the URL
fetcher serves only the project's own report stylesheet and fonts."""

import io

import docx
import pytest

from assurance.models import AssuranceStatement, ReportKind, ReportVersion
from assurance.reports import render
from assurance.reports.options import ReportOptions
from assurance.reports.render import ALLOWED_DIRS, ProjectStaticFetcher, allowed_path, render_pdf
from assurance.reports.word import render_docx
from recommendations.models import Action, ActionStatus, Recommendation
from scr_tracker.models import Agency

from .report_helpers import baby_f, build, pdf_text

__all__ = ["baby_f"]

# Short enough for every field's maximum length (agency names take 200 characters).
HOSTILE = (
    '<img src="file:///etc/passwd"> <img src="http://a.invalid/p.png"> '
    '<link rel="stylesheet" href="http://a.invalid/e.css"> '
    "<style>@import url(http://a.invalid/x.css)</style>"
)


def test_fetcher_refuses_everything_but_the_projects_report_assets():
    font = ALLOWED_DIRS[1] / "LiberationSans-Regular.ttf"
    fetcher = ProjectStaticFetcher()

    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    for url in (
        "file:///etc/passwd",
        "http://attacker.invalid/evil.css",
        "https://attacker.invalid/font.ttf",
        "ftp://attacker.invalid/x",
        "data:text/css,body{}",
        f"{ALLOWED_DIRS[1].as_uri()}/../../../etc/passwd",
        f"{ALLOWED_DIRS[1].as_uri()}/%2e%2e/%2e%2e/settings.py",
        f"file://attacker.invalid{font}",
        (ALLOWED_DIRS[1].parent / "src" / "js" / "app.js").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
        assert allowed_path(url) is None
    assert len(fetcher.refused) == 9
    assert fetcher.served == [font.as_uri()]


@pytest.fixture
def hostile(baby_f):
    """Every text field a report prints, stuffed with markup naming local files and URLs."""
    review, manager = baby_f
    review.title = f"Baby F {HOSTILE}"
    review.save()
    review.partnership.name = f"Coventry {HOSTILE}"
    review.partnership.save()
    for agency in Agency.objects.filter(partnership=review.partnership):
        agency.name = f"{agency.pk} {HOSTILE}"
        agency.save()
    for rec in Recommendation.objects.filter(review=review):
        rec.text = f"{rec.text} {HOSTILE}"
        rec.desired_outcome = HOSTILE
        rec.save()
    for statement in AssuranceStatement.objects.filter(recommendation__review=review):
        statement.narrative = f"{statement.narrative} {HOSTILE}"
        statement.level = HOSTILE[:50]
        statement.save()
    for action in Action.objects.filter(recommendation__review=review):
        for name in (
            "key_actions",
            "lead_officer",
            "timescale",
            "evidence_expected",
            "outcome_measure",
        ):
            setattr(action, name, HOSTILE)
        action.status = ActionStatus.NOT_IMPLEMENTED
        action.not_implemented_reason = HOSTILE
        action.save()
    return review, manager


def _options(kind, review):
    text = {
        "to": HOSTILE,
        "sender": HOSTILE,
        "subject": HOSTILE,
        "purpose": HOSTILE,
        "board_recommendations": (HOSTILE,),
        "appendices": (HOSTILE,),
    }
    scope = {"review_ids": (review.pk,)}
    if kind == ReportKind.AGENCY:
        scope = {"agency_id": Agency.objects.filter(partnership=review.partnership).first().pk}
    return ReportOptions(
        kind=kind,
        version=ReportVersion.EXEMPT,
        include_rag=True,
        include_level=True,
        **scope,
        **text,
    )


@pytest.mark.parametrize("kind", list(ReportKind))
def test_user_content_fetches_nothing_and_prints_escaped(hostile, kind):
    review, manager = hostile
    context = build(_options(kind, review), review, manager)
    fetcher = ProjectStaticFetcher()

    text = pdf_text(render_pdf(context, draft=True, url_fetcher=fetcher))

    assert fetcher.refused == []
    assert fetcher.served, "the shipped fonts are loaded through the fetcher"
    assert all(allowed_path(url) is not None for url in fetcher.served)
    assert {url.rsplit("/", 1)[1] for url in fetcher.served} <= {
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
        "draft-watermark.svg",
    }
    assert '<img src="file:///etc/passwd">' in text
    assert '<link rel="stylesheet" href="http://a.invalid/e.css">' in text
    assert "root:x:0:0" not in text


def test_a_fetch_of_a_user_url_would_be_refused_even_if_markup_got_through(baby_f, monkeypatch):
    """If a template ever printed user markup unescaped, the fetcher would still refuse it."""
    review, manager = baby_f
    context = build(
        ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)), review, manager
    )
    original = render.render_html
    monkeypatch.setattr(
        render,
        "render_html",
        lambda ctx, draft: original(ctx, draft=draft).replace("</body>", HOSTILE + "</body>"),
    )
    fetcher = ProjectStaticFetcher()

    render_pdf(context, draft=False, url_fetcher=fetcher)

    assert set(fetcher.refused) == {
        "file:///etc/passwd",
        "http://a.invalid/p.png",
        "http://a.invalid/e.css",
        "http://a.invalid/x.css",
    }
    assert all(allowed_path(url) is not None for url in fetcher.served)


def test_word_version_keeps_markup_as_text(hostile):
    review, manager = hostile
    context = build(_options(ReportKind.BRIEFING, review), review, manager)
    document = docx.Document(io.BytesIO(render_docx(context, draft=False)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert '<img src="file:///etc/passwd">' in text
