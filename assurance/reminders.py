"""Reminder emails, sent by `python manage.py send_reminders` once a day from cron.

* Each lead officer (a user named as an action's lead officer, and every agency lead of the
  owning agency) gets one email listing their open actions that are overdue or due within 14
  days.
* Each board manager gets an email about the stages of their partnership's reviews due within
  14 days (the review lifecycle), once per stage and deadline.
* Each board manager gets a weekly digest of their partnership's queue and deadlines, on
  Mondays (or whenever `--digest` is given).

Every email sent is recorded in ReminderSent, unique per person, kind and day, so running the
command twice in a day sends nothing twice. The record and the email succeed or fail together:
if the email cannot be sent, the record is rolled back and the next run tries again."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.urls import reverse

from recommendations.models import Action, ActionStatus, DueDateRevision, RevisionState
from reviews.models import ReviewStage, StageReminderSent, StageState
from scr_tracker.models import Role, User
from scr_tracker.working_days import working_days_between

from . import notifications
from .models import Judgement, ProgressUpdate, ReminderKind, ReminderSent

logger = logging.getLogger(__name__)

DUE_WITHIN_DAYS = 14
_CHASED = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]


@dataclass
class Outcome:
    reminders: int = 0
    digests: int = 0
    stage_reminders: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)


def _live_actions():
    return Action.objects.active().filter(
        recommendation__archived_at__isnull=True,
        recommendation__review__archived_at__isnull=True,
    )


def actions_by_lead(today: datetime.date) -> dict[int, list[Action]]:
    """{user id: their open actions overdue or due within 14 days, soonest first}: three
    queries whatever the number of actions and people."""
    horizon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    actions = list(
        _live_actions()
        .filter(status__in=_CHASED, due_date__lte=horizon)
        .select_related("recommendation__review", "agency")
        .order_by("due_date", "recommendation__review__reference", "id")
    )
    leads_of_agency: dict[int, set[int]] = defaultdict(set)
    memberships = User.agencies.through.objects.filter(
        agency_id__in={a.agency_id for a in actions},
        user__role=Role.AGENCY_LEAD,
        user__is_active=True,
    ).values_list("agency_id", "user_id")
    for agency_id, user_id in memberships:
        leads_of_agency[agency_id].add(user_id)
    by_user: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        people = set(leads_of_agency[action.agency_id])
        if action.lead_officer_user_id:
            people.add(action.lead_officer_user_id)
        for user_id in people:
            by_user[user_id].append(action)
    return by_user


def _record_and_send(user, kind: str, today, count: int, template: str, context: dict) -> bool:
    """Record then send, in one transaction: False if already sent today."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, kind=kind, date=today, action_count=count)
            notifications.send(users=[user], template=template, context=context, raise_errors=True)
    except IntegrityError:
        return False
    return True


def _send_each(outcome, user, kind, today, count, template, context):
    try:
        if _record_and_send(user, kind, today, count, template, context):
            if kind == ReminderKind.DUE:
                outcome.reminders += 1
            else:
                outcome.digests += 1
        else:
            outcome.skipped += 1
    except Exception as error:  # one bad address must not stop the others
        logger.exception("Reminder to user %s failed", user.pk)
        outcome.failed.append(f"{user.username}: {error}")


def send_lead_reminders(today: datetime.date, outcome: Outcome) -> None:
    by_user = actions_by_lead(today)
    users = User.objects.filter(pk__in=by_user, is_active=True).exclude(email="")
    for user in users:
        # Never tell anyone about another partnership's actions, whatever the data says.
        actions = [
            a
            for a in by_user[user.pk]
            if a.recommendation.review.partnership_id == user.partnership_id
        ]
        if not actions:
            continue
        rows = [
            {
                "reference": notifications.action_reference(a),
                "due_date": a.due_date,
                "overdue": a.due_date < today,
                "url": notifications.absolute(a.get_absolute_url()),
            }
            for a in actions
        ]
        context = {
            "overdue": [r for r in rows if r["overdue"]],
            "due_soon": [r for r in rows if not r["overdue"]],
            "days": DUE_WITHIN_DAYS,
            "my_actions_url": notifications.absolute(reverse("assurance:my_actions")),
        }
        _send_each(outcome, user, ReminderKind.DUE, today, len(actions), "reminder_due", context)


def digest_figures(today: datetime.date) -> dict[int, dict]:
    """{partnership id: the figures of its weekly digest}: three grouped queries."""
    horizon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    partnership = "recommendation__review__partnership_id"
    figures: dict[int, dict] = defaultdict(dict)
    for row in (
        _live_actions()
        .values(partnership)
        .annotate(
            overdue=Count("pk", filter=Q(status__in=_CHASED, due_date__lt=today)),
            due_soon=Count(
                "pk", filter=Q(status__in=_CHASED, due_date__gte=today, due_date__lte=horizon)
            ),
            claimed=Count("pk", filter=Q(status=ActionStatus.COMPLETION_CLAIMED)),
            reaudits_due=Count(
                "pk",
                filter=Q(
                    status=ActionStatus.ASSURED,
                    reaudit_due__lte=horizon,
                    impact_recorded_at__isnull=True,
                ),
            ),
        )
        .order_by()
    ):
        figures[row[partnership]].update(row)
    for row in (
        ProgressUpdate.objects.active()
        .filter(judgement=Judgement.AWAITING)
        .values("action__" + partnership)
        .annotate(awaiting=Count("pk"), oldest=Min("created_at"))
        .order_by()
    ):
        figures[row["action__" + partnership]].update(
            awaiting=row["awaiting"], oldest=row["oldest"]
        )
    for row in (
        DueDateRevision.objects.filter(state=RevisionState.PENDING)
        .values("action__" + partnership)
        .annotate(requests=Count("pk"))
        .order_by()
    ):
        figures[row["action__" + partnership]]["requests"] = row["requests"]
    return figures


def send_digests(today: datetime.date, outcome: Outcome) -> None:
    figures = digest_figures(today)
    managers = User.objects.filter(
        role=Role.BOARD_MANAGER, is_active=True, partnership__isnull=False
    ).exclude(email="")
    for manager in managers:
        numbers = {
            "overdue": 0,
            "due_soon": 0,
            "claimed": 0,
            "reaudits_due": 0,
            "awaiting": 0,
            "oldest": None,
            "requests": 0,
        }
        numbers.update(figures.get(manager.partnership_id, {}))
        context = {
            **numbers,
            "days": DUE_WITHIN_DAYS,
            "queue_url": notifications.absolute(reverse("assurance:review_queue")),
            "reviews_url": notifications.absolute(reverse("assurance:review_list")),
        }
        count = numbers["overdue"] + numbers["due_soon"]
        _send_each(outcome, manager, ReminderKind.DIGEST, today, count, "digest", context)


# The review lifecycle (issue 19): each board manager is told about the stages of their
# partnership's reviews whose deadline falls within the next DUE_WITHIN_DAYS days, once per
# stage and deadline (StageReminderSent): a deadline moved by an agreed extension is a new one.


def stages_due(today: datetime.date) -> dict[int, list[ReviewStage]]:
    """{partnership id: running stages due from today to DUE_WITHIN_DAYS days on}: one query."""
    horizon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    stages = (
        ReviewStage.objects.filter(
            state=StageState.RUNNING,
            current_due__gte=today,
            current_due__lte=horizon,
            review__archived_at__isnull=True,
        )
        .select_related("review__partnership")
        .order_by("current_due", "review__reference", "position")
    )
    by_partnership: dict[int, list[ReviewStage]] = defaultdict(list)
    for stage in stages:
        by_partnership[stage.review.partnership_id].append(stage)
    return by_partnership


def send_stage_reminders(today: datetime.date, outcome: Outcome) -> None:
    by_partnership = stages_due(today)
    if not by_partnership:
        return
    managers = User.objects.filter(
        role=Role.BOARD_MANAGER, is_active=True, partnership_id__in=by_partnership
    ).exclude(email="")
    already = set(
        StageReminderSent.objects.filter(
            user__in=managers, stage__in=[s for st in by_partnership.values() for s in st]
        ).values_list("user_id", "stage_id", "due_date")
    )
    for manager in managers:
        stages = [
            s
            for s in by_partnership[manager.partnership_id]
            if (manager.pk, s.pk, s.current_due) not in already
        ]
        if not stages:
            outcome.skipped += 1 if by_partnership[manager.partnership_id] else 0
            continue
        nation = stages[0].review.partnership.nation
        rows = [
            {
                "reference": f"{s.review.reference} ({s.review.title})",
                "stage": s.name,
                "due_date": s.current_due,
                "days_left": working_days_between(today, s.current_due, nation),
                "url": notifications.absolute(s.review.get_absolute_url() + "#timeline"),
            }
            for s in stages
        ]
        try:
            with transaction.atomic():
                StageReminderSent.objects.bulk_create(
                    StageReminderSent(stage=s, user=manager, due_date=s.current_due, sent_on=today)
                    for s in stages
                )
                notifications.send(
                    users=[manager],
                    template="reminder_stage",
                    context={"rows": rows, "days": DUE_WITHIN_DAYS},
                    raise_errors=True,
                )
        except IntegrityError:
            outcome.skipped += 1
        except Exception as error:  # one bad address must not stop the others
            logger.exception("Stage reminder to user %s failed", manager.pk)
            outcome.failed.append(f"{manager.username}: {error}")
        else:
            outcome.stage_reminders += 1


def send_reminders(*, today: datetime.date, digest: bool | None = None) -> Outcome:
    """Send today's lead reminders, the board managers' stage deadline reminders and, on
    Mondays or when `digest` is True, the digests."""
    outcome = Outcome()
    send_lead_reminders(today, outcome)
    send_stage_reminders(today, outcome)
    if digest or (digest is None and today.weekday() == 0):
        send_digests(today, outcome)
    return outcome
