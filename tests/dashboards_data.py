"""Helpers for the dashboards tests: history rows at chosen dates, progress updates."""

import datetime

from django.utils import timezone

from assurance.models import ProgressUpdate
from recommendations.models import Action


def at(day: str, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def backdate_creation(action: Action, day: str):
    """Move the action's "created" history row to `day`."""
    action.history.filter(history_type="+").update(history_date=at(day))


def record_change(action: Action, day: str, **changes):
    """Change the action and write its history row dated `day`, as simple-history would."""
    for name, value in changes.items():
        setattr(action, name, value)
    action.save()
    latest = action.history.order_by("-history_id").first()
    latest.history_date = at(day)
    latest.save()


def post_update(action: Action, author, narrative: str, **fields) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        action=action, author=author, narrative=narrative, rag="green", **fields
    )
