"""A partnership with something of every kind the scopes treat differently: an exempt and a
published review, archived reviews, recommendations, actions and updates, both agencies'
actions (overdue, claimed, assured, rated), updates with evidence, statements, themes, and
another partnership's plan."""

import datetime

from django.utils import timezone

from assurance.models import AssuranceStatement
from recommendations.models import ActionStatus, DueDateRevision, RevisionState
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import AgencyFactory, ReviewFactory, ThemeFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def build_world(*, partnership, other_partnership, agency_a, agency_b, lead_a, size=1):
    """`size` scales every collection (for the query-count tests)."""
    theme = ThemeFactory(name=f"Neglect {size}")
    exempt = ReviewFactory(partnership=partnership, reference="SCR-1", title="Baby F")
    public = ReviewFactory(
        partnership=partnership, reference="DHR-2", title="Mr A", is_exempt=False, kind="dhr"
    )
    public.themes.set([theme])
    archived_review = ReviewFactory(partnership=partnership, reference="SCR-0", title="Old")
    made = []
    for n in range(size):
        rec = RecommendationFactory(review=exempt, number=f"{n + 1}")
        rec.themes.set([theme])
        rec2 = RecommendationFactory(review=public, number=f"{n + 1}")
        archived_rec = RecommendationFactory(review=exempt, number=f"{n + 1}z")
        old_rec = RecommendationFactory(review=archived_review, number=f"{n + 1}")
        actions = [
            ActionFactory(recommendation=rec, agency=agency_a, due_date=days(-10)),
            ActionFactory(
                recommendation=rec,
                agency=agency_b,
                due_date=days(-5),
                status=ActionStatus.COMPLETION_CLAIMED,
            ),
            ActionFactory(
                recommendation=rec2,
                agency=agency_a,
                due_date=days(20),
                status=ActionStatus.IN_PROGRESS,
                agency_rag="amber",
                last_update_at=timezone.now(),
            ),
            ActionFactory(
                recommendation=rec2,
                agency=agency_b,
                status=ActionStatus.ASSURED,
                assured_at=timezone.now(),
            ),
            ActionFactory(recommendation=archived_rec, agency=agency_a),
            ActionFactory(recommendation=old_rec, agency=agency_a),
        ]
        archived_action = ActionFactory(recommendation=rec2, agency=agency_a)
        archived_action.archive(reason="Duplicate")
        archived_rec.archive(reason="Withdrawn")
        for action in actions[:4]:
            DueDateRevision.objects.create(
                action=action,
                timescale=action.timescale,
                due_date=action.due_date,
                state=RevisionState.ORIGINAL,
            )
        DueDateRevision.objects.create(
            action=actions[0],
            timescale="June 2031",
            due_date=datetime.date(2031, 6, 30),
            reason="Staff shortages",
            state=RevisionState.PENDING,
            requested_by=lead_a,
        )
        update = ProgressUpdateFactory(action=actions[0], author=lead_a)
        EvidenceFactory(update=update)
        ProgressUpdateFactory(action=actions[1], author=lead_a)
        ProgressUpdateFactory(action=actions[2], author=lead_a, rag="amber")
        gone = ProgressUpdateFactory(action=actions[2], author=lead_a)
        gone.archive(reason="Posted twice")
        AssuranceStatement.objects.create(recommendation=rec, narrative="Assured in part.")
        AssuranceStatement.objects.create(recommendation=old_rec, narrative="Old news.")
        made.extend(actions)
    archived_review.archive(reason="Merged into SCR-1")
    elsewhere = ReviewFactory(partnership=other_partnership, reference="Q", title="Child Q")
    other_agency = AgencyFactory(partnership=other_partnership, name="Northfield police")
    other_rec = RecommendationFactory(review=elsewhere, number="1")
    other_action = ActionFactory(recommendation=other_rec, agency=other_agency)
    ProgressUpdateFactory(action=other_action)
    AssuranceStatement.objects.create(recommendation=other_rec, narrative="Elsewhere.")
    return {"exempt": exempt, "public": public, "theme": theme, "actions": made}
