"""The review lifecycle: each stage rule, slippage kept, deadlines frozen once started, the
rapid review that becomes a local review, and bad input named by field."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reviews import services
from reviews.lifecycle import DEFAULT_STAGES, Lifecycle, stages_for
from reviews.models import (
    ClockUnit,
    Decision,
    ReviewKind,
    ReviewStage,
    ReviewStatus,
    StageExtension,
    StageRule,
    StageState,
)
from reviews.timeline import DONE, NOT_RECORDED, RUNNING, SKIPPED, WAITING, timeline_for
from scr_tracker.working_days import Nation
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 2)


@pytest.fixture
def rapid(partnership):
    return ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID, reference="RR-2026-01")


def record(review, key, day, actor, today=TODAY, **kwargs):
    return services.stage_record(
        review=review, key=key, completed_on=day, actor=actor, today=today, **kwargs
    )


def test_every_default_names_its_source_and_clocks_count_from_an_earlier_stage():
    for lifecycle, specs in DEFAULT_STAGES.items():
        keys = [spec.key for spec in specs]
        assert len(set(keys)) == len(keys), lifecycle
        for spec in specs:
            assert spec.source, (lifecycle, spec.key)
            if spec.has_clock:
                assert keys.index(spec.clock_from) < keys.index(spec.key), (lifecycle, spec.key)


def test_child_clocks_are_five_and_fifteen_working_days_and_six_months(rapid, board_manager):
    # Aware on Wednesday 23 December 2026: Christmas and New Year do not count.
    record(rapid, "incident", D(2026, 12, 23), board_manager, today=D(2027, 2, 1))
    notification = ReviewStage.objects.get(review=rapid, key="notification")
    assert notification.state == StageState.RUNNING
    assert notification.due_date == D(2027, 1, 4)
    record(rapid, "notification", D(2026, 12, 30), board_manager, today=D(2027, 2, 1))
    rapid_review = ReviewStage.objects.get(review=rapid, key="rapid_review")
    assert rapid_review.clock_started_on == D(2026, 12, 30)
    # 15 working days from 30 December 2026 in England (1 January is a bank holiday).
    assert rapid_review.due_date == D(2027, 1, 21)
    record(
        rapid,
        "decision",
        D(2027, 1, 20),
        board_manager,
        today=D(2027, 2, 1),
        decision=Decision.REVIEW,
        decision_reason="New learning about information sharing.",
    )
    published = ReviewStage.objects.get(review=rapid, key="published")
    assert published.due_date == D(2027, 7, 20)


def test_scotland_counts_its_own_bank_holidays(partnership, board_manager):
    partnership.nation = Nation.SCOTLAND
    partnership.save()
    review = ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID)
    record(review, "incident", D(2025, 12, 31), board_manager)
    # 1 and 2 January 2026 are bank holidays in Scotland: 5 working days end on 9 January
    # (8 January in England).
    assert ReviewStage.objects.get(review=review, key="notification").due_date == D(2026, 1, 9)


def test_a_rapid_review_that_becomes_a_local_review_is_one_record(rapid, board_manager):
    record(rapid, "incident", D(2026, 9, 1), board_manager)
    record(rapid, "notification", D(2026, 9, 4), board_manager)
    record(rapid, "rapid_review", D(2026, 9, 22), board_manager)
    record(
        rapid,
        "decision",
        D(2026, 9, 22),
        board_manager,
        decision=Decision.REVIEW,
        decision_reason="Learning for the whole partnership.",
    )
    rapid.refresh_from_db()
    assert rapid.kind == ReviewKind.LCSPR
    assert rapid.incident_date == D(2026, 9, 1)
    assert rapid.decision_date == D(2026, 9, 22)
    timeline = timeline_for(rapid, TODAY)
    assert [r.status for r in timeline.rows[:4]] == [DONE] * 4
    assert timeline.current.key == "commissioned"
    assert timeline.next_deadline.key == "published"
    assert timeline.next_deadline.current_due == D(2027, 3, 22)
    assert rapid.history.first().history_change_reason.startswith("Stage recorded")


def test_a_rapid_review_without_a_local_review_keeps_its_decision(rapid, board_manager):
    record(rapid, "incident", D(2026, 9, 1), board_manager)
    record(rapid, "notification", D(2026, 9, 4), board_manager)
    record(
        rapid,
        "decision",
        D(2026, 9, 22),
        board_manager,
        decision=Decision.NO_REVIEW,
        decision_reason="The rapid review found the learning; no new learning expected.",
    )
    rapid.refresh_from_db()
    assert rapid.kind == ReviewKind.RAPID
    timeline = timeline_for(rapid, TODAY)
    decision = timeline.row("decision")
    assert decision.record.decision == Decision.NO_REVIEW
    assert "no new learning" in decision.record.decision_reason
    assert timeline.row("published").status == SKIPPED
    assert timeline.row("commissioned").status == SKIPPED
    # The rapid review's own learning is tracked either way.
    assert timeline.current.key == "action_plan"
    assert not ReviewStage.objects.filter(review=rapid, key="published").exists()
    with pytest.raises(ValidationError) as error:
        record(rapid, "published", D(2026, 10, 1), board_manager)
    assert "not needed" in error.value.message_dict["completed_on"][0]


def test_a_late_stage_asks_why_and_keeps_the_reason(rapid, board_manager):
    record(rapid, "incident", D(2026, 10, 1), board_manager)  # due 8 October
    with pytest.raises(ValidationError) as error:
        record(rapid, "notification", D(2026, 10, 12), board_manager)
    assert "late_reason" in error.value.message_dict
    assert "8 October 2026" in error.value.message_dict["late_reason"][0]
    stage = record(
        rapid,
        "notification",
        D(2026, 10, 12),
        board_manager,
        late_reason="The local authority learned of the abuse only at the inquest.",
    )
    assert stage.is_late
    row = timeline_for(rapid, TODAY).row("notification")
    assert row.is_late and row.status_words == "Done late"
    assert stage.history.first().history_user == board_manager


@pytest.mark.parametrize(
    ("key", "day", "extra", "field", "words"),
    [
        ("notification", D(2026, 11, 20), {}, "completed_on", "date in the future"),
        ("notification", D(2026, 9, 30), {}, "completed_on", "on or after 1 October 2026"),
        ("decision", D(2026, 10, 5), {"decision": Decision.REVIEW}, "decision_reason", "reason"),
        ("decision", D(2026, 10, 5), {"decision_reason": "Because"}, "decision", "Select"),
    ],
)
def test_bad_input_is_named_by_field(rapid, board_manager, key, day, extra, field, words):
    record(rapid, "incident", D(2026, 10, 1), board_manager)
    with pytest.raises(ValidationError) as error:
        record(rapid, key, day, board_manager, **extra)
    assert words in " ".join(error.value.message_dict[field])
    assert not ReviewStage.objects.filter(review=rapid, key=key, state=StageState.DONE).exists()


def test_changing_a_done_stage_needs_a_reason_and_keeps_the_old_one(rapid, board_manager):
    record(rapid, "incident", D(2026, 10, 1), board_manager)
    with pytest.raises(ValidationError) as error:
        record(rapid, "incident", D(2026, 10, 2), board_manager)
    assert "reason" in error.value.message_dict
    stage = record(rapid, "incident", D(2026, 10, 2), board_manager, reason="Typed the wrong day")
    assert [h.completed_on for h in stage.history.order_by("history_id")] == [
        D(2026, 10, 1),
        D(2026, 10, 2),
    ]
    # The notification's clock moved with it, on the rule it started with.
    assert ReviewStage.objects.get(review=rapid, key="notification").due_date == D(2026, 10, 9)


def test_changing_the_rules_never_rewrites_started_or_done_deadlines(
    rapid, partnership, board_manager
):
    record(rapid, "incident", D(2026, 10, 1), board_manager)
    record(rapid, "notification", D(2026, 10, 7), board_manager)
    before = {s.key: s.due_date for s in ReviewStage.objects.filter(review=rapid)}
    assert before == {
        "incident": None,
        "notification": D(2026, 10, 8),
        "rapid_review": D(2026, 10, 28),
        "decision": D(2026, 10, 28),
    }
    # The partnership's administrator changes both clocks.
    for key, name, days, start in (
        ("notification", "Notification", 2, "incident"),
        ("rapid_review", "Rapid review", 10, "notification"),
    ):
        StageRule.objects.create(
            partnership=partnership,
            lifecycle=Lifecycle.CHILD,
            key=key,
            name=name,
            position=20 if key == "notification" else 30,
            owner="Local authority",
            clock_unit=ClockUnit.WORKING_DAYS,
            clock_amount=days,
            clock_from=start,
            source="Local policy",
        )
    after = {s.key: s.due_date for s in ReviewStage.objects.filter(review=rapid)}
    assert after == before
    timeline = timeline_for(rapid, TODAY)
    assert timeline.row("notification").current_due == D(2026, 10, 8)
    assert timeline.row("rapid_review").current_due == D(2026, 10, 28)
    assert timeline.row("rapid_review").spec.clock_amount == 15
    # A review whose clock starts after the change gets the new rule.
    other = ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID)
    record(other, "incident", D(2026, 10, 1), board_manager)
    assert ReviewStage.objects.get(review=other, key="notification").due_date == D(2026, 10, 5)


def test_an_extension_keeps_who_agreed_it_and_the_old_deadline(rapid, board_manager):
    record(rapid, "incident", D(2026, 10, 1), board_manager)
    stage = ReviewStage.objects.get(review=rapid, key="notification")
    with pytest.raises(ValidationError) as error:
        services.stage_extend(
            stage=stage, due_date=D(2026, 10, 7), agreed_by="", reason="", actor=board_manager
        )
    assert set(error.value.message_dict) == {"due_date", "agreed_by", "reason"}
    services.stage_extend(
        stage=stage,
        due_date=D(2026, 10, 15),
        agreed_by="National panel",
        reason="Police asked for time",
        actor=board_manager,
    )
    stage.refresh_from_db()
    assert (stage.due_date, stage.current_due) == (D(2026, 10, 8), D(2026, 10, 15))
    extension = StageExtension.objects.get(stage=stage)
    assert (extension.previous_due, extension.agreed_by) == (D(2026, 10, 8), "National panel")
    # Done on 14 October: within the extended deadline, so no reason is asked for.
    assert not record(rapid, "notification", D(2026, 10, 14), board_manager).is_late


def test_days_left_and_rating_follow_the_actions_rules(rapid, partnership, board_manager):
    record(rapid, "incident", D(2026, 10, 1), board_manager)  # notification due 8 October
    row = lambda today: timeline_for(rapid, today).row("notification")  # noqa: E731
    assert (row(D(2026, 10, 6)).days_words, row(D(2026, 10, 6)).rag) == (
        "2 working days left",
        "amber",
    )
    assert row(D(2026, 10, 8)).days_words == "Due today"
    assert (row(D(2026, 10, 12)).days_words, row(D(2026, 10, 12)).rag) == (
        "2 working days late",
        "red",
    )
    partnership.amber_due_within_days = 1
    partnership.save()
    rapid.refresh_from_db()
    assert timeline_for(rapid, D(2026, 10, 2)).row("notification").rag == "green"


def test_a_later_stage_recorded_first_stops_the_earlier_clock(rapid, board_manager):
    record(rapid, "incident", D(2026, 10, 1), board_manager)
    record(rapid, "rapid_review", D(2026, 10, 20), board_manager, late_reason="n/a")
    timeline = timeline_for(rapid, TODAY)
    assert timeline.row("notification").status == NOT_RECORDED
    assert timeline.next_deadline is None or timeline.next_deadline.key != "notification"


def test_a_stage_not_started_waits(rapid):
    timeline = timeline_for(rapid, TODAY)
    assert timeline.current.key == "incident"
    assert timeline.row("notification").status == WAITING
    assert timeline.next_deadline is None


def test_recording_published_and_closed_moves_the_review_status(partnership, board_manager):
    review = ReviewFactory(partnership=partnership, kind=ReviewKind.SAR)
    record(review, "referral", D(2026, 1, 5), board_manager)
    record(
        review,
        "decision",
        D(2026, 2, 2),
        board_manager,
        decision=Decision.REVIEW,
        decision_reason="Criteria met",
    )
    assert ReviewStage.objects.get(review=review, key="final").due_date == D(2026, 8, 2)
    record(review, "published", D(2026, 6, 1), board_manager)
    review.refresh_from_db()
    assert (review.status, review.published_date) == (ReviewStatus.PUBLISHED, D(2026, 6, 1))
    assert timeline_for(review, TODAY).row("final").status == NOT_RECORDED


def test_the_stages_in_force_merge_the_partnership_rules(partnership):
    StageRule.objects.create(
        partnership=partnership,
        lifecycle=Lifecycle.AUDIT,
        key="reaudit",
        name="x",
        position=50,
        owner="x",
        is_active=False,
    )
    StageRule.objects.create(
        partnership=partnership,
        lifecycle=Lifecycle.AUDIT,
        key="report_to_exec",
        name="Reported to the executive",
        position=35,
        owner="Board manager",
    )
    keys = [s.key for s in stages_for(partnership.pk, Lifecycle.AUDIT)]
    assert keys == ["planned", "fieldwork", "findings", "report_to_exec", "action_plan", "closed"]
    assert RUNNING  # the constants are what the page shows
