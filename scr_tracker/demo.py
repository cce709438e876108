"""Demo data: the Baby F review from the published Coventry papers, demo users for every role
and a second partnership so that scoping is visible. Loading is idempotent: anything that
already exists (matched by its natural key) is left as it is, so nothing anyone changed is lost."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from assurance import notifications
from assurance.models import AssuranceStatement, ProgressUpdate
from assurance.services import (
    due_date_decide,
    due_date_request,
    progress_update_post,
    update_judge,
)
from recommendations.models import Action, ActionStatus, DueDateRevision, Recommendation
from recommendations.services import action_save, recommendation_save
from reviews.models import Agency, Partnership, Review, ScrutinyBoard, Theme
from reviews.services import review_save
from scr_tracker.audit import audited_save

from .models import User

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
DEMO_PASSWORD = "scr-demo-2026"  # noqa: S105 - published demo credential, local settings only
REASON = "Loaded from the demo data"
DEMO_USERNAMES = [
    "admin",
    "board.manager",
    "lead.health",
    "lead.socialcare",
    "scrutiny.member",
    "scrutineer",
    "other.manager",
]


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str):
        self.created[kind] = self.created.get(kind, 0) + 1

    def __str__(self):
        if not self.created:
            return "Demo data already loaded: nothing to add."
        return "Created " + ", ".join(f"{n} {kind}" for kind, n in self.created.items()) + "."


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load_demo(path: Path = DEMO_FILE) -> Summary:
    """Load the demo data; no workflow email is sent for it."""
    with notifications.suppressed():
        return _load_demo(path)


@transaction.atomic
def _load_demo(path: Path) -> Summary:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    summary = Summary()
    themes = {}
    for item in data["themes"]:
        theme = Theme.objects.filter(name=item["name"]).first()
        if theme is None:
            theme = audited_save(
                Theme(name=item["name"], source=item.get("source", "")), actor=None, reason=REASON
            )
            summary.count("themes")
        themes[theme.name] = theme

    partnerships, agencies, boards = {}, {}, {}
    for p in data["partnerships"]:
        partnership = Partnership.objects.filter(name=p["name"]).first()
        if partnership is None:
            partnership = audited_save(
                Partnership(name=p["name"], short_name=p.get("short_name", "")),
                actor=None,
                reason=REASON,
            )
            summary.count("partnerships")
        partnerships[partnership.name] = partnership
        for name in p.get("scrutiny_boards", []):
            board = ScrutinyBoard.objects.filter(partnership=partnership, name=name).first()
            if board is None:
                board = audited_save(
                    ScrutinyBoard(partnership=partnership, name=name), actor=None, reason=REASON
                )
                summary.count("scrutiny boards")
            boards[name] = board
        for a in p["agencies"]:
            agency = Agency.objects.filter(partnership=partnership, name=a["name"]).first()
            if agency is None:
                agency = audited_save(
                    Agency(partnership=partnership, name=a["name"], kind=a.get("kind", "other")),
                    actor=None,
                    reason=REASON,
                )
                summary.count("agencies")
            agencies[(partnership.name, agency.name)] = agency

    users = {}
    for u in data["users"]:
        user = User.objects.filter(username=u["username"]).first()
        if user is None:
            partnership = partnerships[u["partnership"]] if u.get("partnership") else None
            user = User(
                username=u["username"],
                first_name=u.get("first_name", ""),
                last_name=u.get("last_name", ""),
                email=f"{u['username']}@example.org",
                job_title=u.get("job_title", ""),
                role=u["role"],
                partnership=partnership,
                scrutiny_board=boards.get(u.get("scrutiny_board")),
                is_staff=u.get("is_staff", False),
                is_superuser=u.get("is_superuser", False),
            )
            user.set_password(DEMO_PASSWORD)
            user._change_reason = REASON
            user.full_clean()
            user.save()
            if u.get("agencies"):
                user.agencies.set([agencies[(partnership.name, name)] for name in u["agencies"]])
            summary.count("users")
        users[user.username] = user

    for p in data["partnerships"]:
        partnership = partnerships[p["name"]]
        manager = next(
            (
                u
                for u in users.values()
                if u.partnership_id == partnership.pk and u.is_board_manager
            ),
            None,
        )
        for r in p.get("reviews", []):
            _load_review(r, partnership, manager, agencies, themes, summary, users)
    return summary


def _load_review(r, partnership, manager, agencies, themes, summary, users):
    review = Review.objects.filter(partnership=partnership, reference=r["reference"]).first()
    if review is None:
        review = Review(
            partnership=partnership,
            reference=r["reference"],
            title=r["title"],
            kind=r["kind"],
            status=r["status"],
            is_exempt=r["is_exempt"],
            author=r.get("author", ""),
            summary=r.get("summary", ""),
            recommendation_label=r.get("recommendation_label", ""),
            decision_date=_date(r.get("decision_date")),
            recommendations_agreed_date=_date(r.get("recommendations_agreed_date")),
            published_date=_date(r.get("published_date")),
        )
        review_save(
            review=review,
            actor=manager,
            themes=[themes[t] for t in r.get("themes", [])],
            reason=REASON,
        )
        summary.count("reviews")
    for rec_data in r.get("recommendations", []):
        recommendation = Recommendation.objects.filter(
            review=review, source=rec_data.get("source", "overview"), number=rec_data["number"]
        ).first()
        if recommendation is None:
            recommendation = recommendation_save(
                recommendation=Recommendation(
                    review=review,
                    number=rec_data["number"],
                    text=rec_data["text"],
                    desired_outcome=rec_data.get("desired_outcome", ""),
                ),
                actor=manager,
                themes=[themes[t] for t in rec_data.get("themes", [])],
                reason=REASON,
            )
            summary.count("recommendations")
        if (
            rec_data.get("assurance")
            and not AssuranceStatement.objects.filter(recommendation=recommendation).exists()
        ):
            audited_save(
                AssuranceStatement(recommendation=recommendation, **rec_data["assurance"]),
                actor=manager,
                reason=REASON,
            )
            summary.count("assurance statements")
        for a in rec_data.get("actions", []):
            agency = agencies[(partnership.name, a["agency"])]
            action = Action.objects.filter(
                recommendation=recommendation, agency=agency, key_actions=a["key_actions"]
            ).first()
            if action is None:
                action = _create_action(a, recommendation, agency, manager, users)
                summary.count("actions")
            _load_workflow(action, a, manager, users, summary)


def _create_action(a, recommendation, agency, manager, users):
    due = None
    if "due_in_days" in a:
        due = timezone.localdate() + datetime.timedelta(days=a["due_in_days"])
    action = Action(
        recommendation=recommendation,
        agency=agency,
        key_actions=a["key_actions"],
        lead_officer=a.get("lead_officer", ""),
        lead_officer_user=users.get(a.get("lead_officer_user")),
        timescale=date_format(due, "j F Y") if due else a.get("timescale", ""),
        due_date=due,
        evidence_expected=a.get("evidence_expected", ""),
        outcome_measure=a.get("outcome_measure", ""),
        status=a.get("status", ActionStatus.NOT_STARTED),
        agency_rag=a.get("agency_rag", ""),
        not_implemented_reason=a.get("not_implemented_reason", ""),
        reaudit_due=_date(a.get("reaudit_due")),
    )
    if action.status == ActionStatus.ASSURED:
        action.assured_at = timezone.now()
        action.assured_by = manager
    if action.status == ActionStatus.COMPLETION_CLAIMED:
        action.completion_claimed_at = timezone.now()
    action, _ = action_save(
        action=action, actor=manager, reason=REASON, derive_due_date=due is None
    )
    return action


def _load_workflow(action, a, manager, users, summary):
    """The action's progress updates (with evidence and the board's judgement) and due date
    requests (with the decision), through the same services the pages use. Each is matched by
    its text, so loading again adds nothing."""
    for u in a.get("updates", []):
        if ProgressUpdate.objects.filter(action=action, narrative=u["narrative"]).exists():
            continue
        update = progress_update_post(
            action=Action.objects.get(pk=action.pk),
            actor=users[u["author"]],
            narrative=u["narrative"],
            rag=u["rag"],
            rag_reason=u.get("rag_reason", ""),
            claims_completion=u.get("claims_completion", False),
            files=[
                SimpleUploadedFile(f["name"], f["text"].encode("utf-8")) for f in u.get("files", [])
            ],
            artefact=u.get("artefact", ""),
        )
        summary.count("progress updates")
        if "judgement" in u:
            update_judge(
                update=update,
                actor=manager,
                accept=u["judgement"]["decision"] == "accept",
                comment=u["judgement"].get("comment", ""),
            )
    for d in a.get("due_date_requests", []):
        if DueDateRevision.objects.filter(action=action, reason=d["reason"]).exists():
            continue
        revision = due_date_request(
            action=Action.objects.get(pk=action.pk),
            actor=users[d["requested_by"]],
            due_date=timezone.localdate() + datetime.timedelta(days=d["due_in_days"]),
            reason=d["reason"],
        )
        summary.count("due date requests")
        if "decision" in d:
            due_date_decide(
                revision=revision,
                actor=manager,
                approve=d["decision"] == "approve",
                comment=d.get("comment", ""),
            )
