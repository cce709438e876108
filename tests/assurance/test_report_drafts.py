"""Drafts: a report's options and the narrative only the board manager knows (background, why
publication was delayed, contact officer) are posted, kept with their history, and previewed
from the draft; nothing travels in the URL. The briefing note's summary states the assurance
levels and the actions in counted words."""

import pytest
from django.urls import reverse

from assurance.models import ReportDraft, ReportKind
from assurance.reports.options import ReportOptions
from tests.once import form_token

from .report_helpers import assert_in_order, baby_f, build, pdf_text

__all__ = ["baby_f"]

BACKGROUND = "Baby F was six weeks old when she was admitted to hospital.\n\nThe family had moved."


def _post(client, url, **data):
    return client.post(url, {**data, "form_token": form_token(client)})


@pytest.fixture
def briefing(client, baby_f):
    review, manager = baby_f
    client.force_login(manager)
    _post(
        client,
        reverse("assurance:reports:compose", args=[ReportKind.BRIEFING]),
        review=review.pk,
        background=BACKGROUND,
        contact_officer="Rebekah Eaves, 024 7683 1234",
    )
    return ReportDraft.objects.get()


def test_compose_keeps_the_narrative_in_a_draft_with_history(client, baby_f, briefing):
    review, manager = baby_f
    options = ReportOptions.from_json({"kind": briefing.kind, **briefing.options})
    assert options.background.replace("\r\n", "\n") == BACKGROUND
    assert options.contact_officer == "Rebekah Eaves, 024 7683 1234"
    assert briefing.created_by == manager and briefing.partnership == review.partnership
    assert briefing.title == "Briefing note: Serious Case Review – Baby F"

    page = client.get(briefing.get_absolute_url())
    assert page.context["form"]["background"].value().startswith("Baby F was six weeks old")
    html = page.content.decode()
    assert "Contact officer:" in html and "Rebekah Eaves, 024 7683 1234" in html

    response = _post(
        client,
        briefing.get_absolute_url(),
        review=review.pk,
        background=BACKGROUND,
        publication_delay="Publication waited for the criminal trial to end.",
        contact_officer="Rebekah Eaves, 024 7683 1234",
    )
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.options["publication_delay"].startswith("Publication waited")
    assert [
        (h.history_user, h.history_change_reason) for h in briefing.history.order_by("history_id")
    ] == [
        (manager, "Draft report started"),
        (manager, "Draft report changed"),
    ]


def test_a_draft_saved_twice_from_one_form_is_saved_once(client, baby_f, briefing):
    review, _ = baby_f
    data = {"review": review.pk, "background": "Changed once", "form_token": form_token(client)}
    first = client.post(briefing.get_absolute_url(), data)
    second = client.post(briefing.get_absolute_url(), data)
    assert first.status_code == 302 and second.status_code == 302
    assert briefing.history.count() == 2
    assert ReportDraft.objects.count() == 1


def test_another_partnerships_draft_is_not_found(client, baby_f, briefing):
    from scr_tracker.models import User

    client.force_login(User.objects.get(username="other.manager"))
    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert client.get(reverse("assurance:reports:draft_pdf", args=[briefing.pk])).status_code == 404


def test_drafts_are_listed_on_the_compose_page(client, briefing):
    html = client.get(reverse("assurance:reports:choose")).content.decode()
    assert briefing.get_absolute_url() in html and "Briefing note: Serious Case Review" in html


def test_briefing_summary_states_levels_and_actions_in_counted_words(baby_f, briefing):
    review, manager = baby_f
    from assurance.reports.render import render_pdf

    options = ReportOptions.from_json({"kind": briefing.kind, **briefing.options})
    text = pdf_text(render_pdf(build(options, review, manager), draft=True))

    assert "is assured that 0 of" not in text
    assert_in_order(
        text,
        [
            "3 Information/Background",
            "3.1 Baby F was six weeks old when she was admitted to hospital.",
            "3.2 The family had moved.",
            "The review made 5 recommendations, carried out through 12 agency actions.",
            "The Coventry Safeguarding Children Partnership has given its level of assurance on "
            "the implementation of all 5 recommendations: Substantial 2, Reasonable 2, Limited 1.",
            "Of the 12 actions: 4 assured, 2 reported complete and awaiting the partnership's "
            "judgement, 5 in progress and 1 closed as not implemented.",
            "2 actions, on 2 recommendations, are past their due date.",
            "Contact officer: Rebekah Eaves, 024 7683 1234",
            "Appendix 1",
        ],
    )


def test_summary_counts_recommendations_without_a_level(baby_f):
    review, manager = baby_f
    from assurance.models import AssuranceStatement

    AssuranceStatement.objects.filter(recommendation__review=review, level="Limited").update(
        level=""
    )
    context = build(
        ReportOptions(kind=ReportKind.BRIEFING, review_ids=(review.pk,)), review, manager
    )
    assert "recommendations: Substantial 2, Reasonable 2." in " ".join(context["summary"])
    assert "4 of the 5 recommendations" in " ".join(context["summary"])
    assert "No level of assurance has been given yet on 1 recommendation." in context["summary"]
