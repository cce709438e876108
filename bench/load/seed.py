#!/usr/bin/env python
"""Adds a larger action plan to the demo partnership for the load test: BENCH_REVIEWS reviews
(default 60), each with 6 recommendations of 3 actions spread over the agencies, written through
the services (so with history), as the board manager. Run after `load_demo`; running it again
adds nothing.

    python bench/load/seed.py
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scr_tracker.settings.production")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from recommendations.models import Action, ActionStatus, Recommendation  # noqa: E402
from recommendations.services import action_save, recommendation_save  # noqa: E402
from reviews.models import Agency, Review, ReviewKind, ReviewStatus  # noqa: E402
from reviews.services import review_save  # noqa: E402
from scr_tracker.models import User  # noqa: E402

REASON = "Load test data"
PREFIX = "LOAD-"
STATUSES = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS]
TIMESCALES = ["December 2026", "By September 2027", "31.07.2026", "Ongoing", "April 2025"]
LESSONS = [
    "record keeping and chronologies",
    "the voice of the child",
    "information sharing between agencies",
    "professional curiosity about new partners",
    "escalation of professional disagreements",
    "domestic abuse risk assessment",
]


@transaction.atomic
def seed_review(number, manager, agencies):
    review = review_save(
        review=Review(
            reference=f"{PREFIX}{number:03d}",
            title=f"Child L{number}",
            kind=ReviewKind.SCR if number % 3 else ReviewKind.LCSPR,
            status=ReviewStatus.AGREED,
            is_exempt=number % 4 == 0,
            recommendations_agreed_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        ),
        actor=manager,
        reason=REASON,
    )
    for r, lesson in enumerate(LESSONS, start=1):
        recommendation = recommendation_save(
            recommendation=Recommendation(
                review=review,
                number=str(r),
                text=f"The partnership should seek assurance that agencies improve {lesson}.",
            ),
            actor=manager,
            reason=REASON,
        )
        for a in range(3):
            agency = agencies[(number + r + a) % len(agencies)]
            action_save(
                action=Action(
                    recommendation=recommendation,
                    agency=agency,
                    key_actions=f"{agency.name}: audit {lesson} in 20 case files and report back.",
                    lead_officer="Head of service",
                    timescale=TIMESCALES[(number + r + a) % len(TIMESCALES)],
                    status=STATUSES[(r + a) % len(STATUSES)],
                ),
                actor=manager,
                reason=REASON,
            )


def main():
    wanted = int(os.environ.get("BENCH_REVIEWS", "60"))
    manager = User.objects.get(username="board.manager")
    agencies = list(Agency.objects.filter(partnership=manager.partnership).order_by("pk"))
    have = Review.objects.filter(reference__startswith=PREFIX).count()
    for number in range(have + 1, wanted + 1):
        seed_review(number, manager, agencies)
    total = Action.objects.filter(recommendation__review__partnership=manager.partnership).count()
    print(
        f"Load test data: {max(wanted, have)} generated reviews, {total} actions in the partnership"
    )


if __name__ == "__main__":
    main()
