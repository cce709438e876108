"""A large, realistic and reproducible dataset for the dashboards and the benchmark.

`generate(partnerships=5, reviews=500, seed=1)` creates fictional partnerships, each with its
agencies, one user per role, reviews spread over fourteen years, their recommendations (about
ten a review), actions (about four a recommendation) and progress updates (about three an
action), with the spread of states a real tracker has: old plans mostly assured, recent ones in
progress, some overdue, some returned for more evidence, a few not implemented.

Everything is inserted with bulk operations, and every audited row gets its history rows too,
written through simple-history's own `bulk_history_create` with the date, user and reason of
each change: an action's history shows it created, each update, the board's judgement and the
re-audit, so the dashboard's trend (rebuilt from history) has real data to read. The same seed
and the same `today` give the same dataset.
"""

import copy
import datetime
import json
import random
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from assurance.models import AssuranceStatement, Judgement, ProgressUpdate
from recommendations.models import (
    Action,
    ActionStatus,
    DueDateRevision,
    Recommendation,
    RecommendationScope,
    RecommendationSource,
    RevisionState,
)
from reviews.models import Agency, AgencyKind, Partnership, Review, ReviewKind, ReviewStatus, Theme
from scr_tracker.audit import audited_save
from scr_tracker.models import Role, User

REASON = "Generated demo data"
BATCH = 1000
USERNAME_PREFIX = "gen"

PLACES = [
    "Ashcombe",
    "Brindleford",
    "Castlemere",
    "Dunmore Vale",
    "Eastwick",
    "Fernhollow",
    "Greyhaven",
    "Harrowby",
    "Ivelbridge",
    "Kingsmoor",
    "Larkfield",
    "Marlow Fen",
    "Northam",
    "Oakhurst",
]

AGENCIES = [
    ("Police", AgencyKind.POLICE),
    ("Acute hospitals NHS trust", AgencyKind.HEALTH),
    ("Community health services NHS trust", AgencyKind.HEALTH),
    ("Integrated care board", AgencyKind.HEALTH),
    ("GP practices", AgencyKind.HEALTH),
    ("Children's social care", AgencyKind.SOCIAL_CARE),
    ("Early help", AgencyKind.SOCIAL_CARE),
    ("Education and schools", AgencyKind.EDUCATION),
    ("Housing", AgencyKind.HOUSING),
    ("Probation service", AgencyKind.PROBATION),
    ("Domestic abuse service", AgencyKind.VOLUNTARY),
    ("Safeguarding partnership business unit", AgencyKind.PARTNERSHIP),
]

# (theme name, weight, recommendation texts, key actions) — the commonest lessons come first.
THEME_TEXT = {
    "Information sharing": (
        9,
        [
            "Seek assurance that agencies share information about risks to {child} promptly with "
            "children's social care, and that the MASH records the reason for every decision.",
            "Ensure GP practices hold multi-agency safeguarding meetings with midwifery and health "
            "visiting so that timely, accurate information about vulnerable families is shared.",
        ],
        [
            "Audit MASH referral decisions for the recording of information shared",
            "Launch the revised information sharing protocol with all partner agencies",
        ],
    ),
    "Record keeping and chronologies": (
        8,
        [
            "Request that agencies refresh their guidance on record keeping so that chronologies "
            "maintained in case notes are accurate and up to date."
        ],
        [
            "Refresh the chronology practice guidance and run workshops for team managers",
            "Add chronology quality to the key lines of enquiry for case file audits",
        ],
    ),
    "Voice of the child": (
        7,
        [
            "Reaffirm the importance of the voice of the child in the work of all services, so "
            "that what {child} said and experienced shapes decisions."
        ],
        [
            "Case file audits to record how the child's wishes and feelings influenced decisions",
            "Deliver voice of the child training to frontline practitioners",
        ],
    ),
    "Professional curiosity": (
        6,
        [
            "Practitioners should show professional curiosity about new adults in the household, "
            "including the new partner of a parent."
        ],
        [
            "Include questions about new partners in assessment templates",
            "Run learning events on professional curiosity and disguised compliance",
        ],
    ),
    "Risk assessment": (
        6,
        [
            "The partnership should seek assurance that risk assessments are reviewed when "
            "circumstances change and that escalating risk is acted on."
        ],
        [
            "Introduce a risk assessment review point at every change of circumstance",
            "Audit a sample of risk assessments against the revised standard",
        ],
    ),
    "Domestic abuse": (
        5,
        [
            "Agencies should ensure that domestic abuse disclosures are referred to MARAC and that "
            "the impact on children is assessed."
        ],
        [
            "Train staff on DASH risk assessment and MARAC referral",
            "Review MARAC attendance and actions with the domestic abuse service",
        ],
    ),
    "Parental mental health": (
        3,
        [
            "Adult mental health services should consider the needs of children when a parent's "
            "mental health deteriorates."
        ],
        ["Add a 'think family' prompt to adult mental health assessments"],
    ),
    "Substance misuse": (
        3,
        [
            "Substance misuse services should share information about parents' drug and alcohol "
            "use with the professionals working with their children."
        ],
        ["Agree a joint protocol between substance misuse and children's services"],
    ),
    "Escalation and professional disagreement": (
        4,
        [
            "Promote the escalation policy so that professionals challenge decisions they disagree "
            "with and record the outcome."
        ],
        [
            "Relaunch the escalation and resolution policy with a practitioner briefing",
            "Report the number and outcome of escalations to the partnership quarterly",
        ],
    ),
    "Supervision": (
        4,
        [
            "Ensure that safeguarding supervision is regular, reflective and recorded, and that it "
            "challenges drift in plans."
        ],
        ["Audit the frequency and quality of safeguarding supervision"],
    ),
    "Cultural competence": (
        2,
        [
            "Agencies should consider the family's culture, faith and language in assessments and "
            "use interpreters who are independent of the family."
        ],
        ["Provide guidance on the use of independent interpreters"],
    ),
    "Neglect": (
        4,
        [
            "The partnership should seek assurance that the neglect strategy and the graded care "
            "profile are used to assess cumulative harm."
        ],
        [
            "Roll out the graded care profile to early help and health visiting",
            "Repeat the multi-agency neglect audit in six months",
        ],
    ),
    "Multi-agency meetings": (
        2,
        [
            "Strategy meetings should include every agency that knows the family, including health "
            "visiting and education."
        ],
        ["Review attendance at strategy meetings and follow up absences"],
    ),
}

LEAD_OFFICERS = [
    "Strategic Head of Service, Safeguarding Unit",
    "Named Nurse for Safeguarding Children",
    "Head of Public Protection",
    "Designated Doctor",
    "Head of Service, Early Help",
    "Detective Chief Inspector, Public Protection Unit",
    "Education Safeguarding Lead",
    "Safeguarding Boards Manager",
    "All managers",
    "Heads of service",
    "Housing Safeguarding Lead",
    "Head of Probation Delivery Unit",
]
EVIDENCE = [
    "Revised guidance and the briefing note sent to staff",
    "Training attendance records",
    "Audit report with compliance figures",
    "Minutes of the multi-agency meetings",
    "Updated assessment template",
    "Supervision audit results",
]
OUTCOMES = [
    "Re-audit shows at least 90% of case files meet the standard",
    "Practitioners report confidence in using the guidance",
    "Children's views are recorded and acted on in every sampled plan",
    "Referrals contain the information the MASH needs to decide",
]
UPDATE_TEXT = [
    "Briefing delivered to {n} practitioners in {month}; the remaining teams are booked.",
    "Draft guidance circulated for consultation; comments due by the end of {month}.",
    "Audit of {n} case files completed in {month}: {pc}% met the standard.",
    "Training rolled out across all localities; {pc}% of staff have now attended.",
    "Policy approved by the senior leadership team in {month} and published on the intranet.",
    "Progress delayed by staff vacancies; a revised plan goes to the board in {month}.",
    "Chronology workshops held in {month}; team managers have local action plans.",
    "MARAC attendance reviewed with partners; {pc}% of meetings now have full attendance.",
]
RAG_REASONS = {"red": "Behind plan", "amber": "At risk of slipping", "green": "On track"}
STATEMENTS = [
    "The evidence shows the change is in place across the partnership and a re-audit confirmed "
    "improved practice.",
    "Guidance has been revised and training delivered; audit work shows continued improvement.",
]
LEVELS = ["Substantial", "Reasonable", "Reasonable", "Limited"]
ROMAN = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
]


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int):
        self.counts[kind] = self.counts.get(kind, 0) + n

    def __str__(self):
        return ", ".join(f"{n:,} {kind}" for kind, n in self.counts.items())


def partnership_names(count: int) -> list[str]:
    return [f"{PLACES[i % len(PLACES)]} Safeguarding Children Partnership" for i in range(count)]


def is_generated(count: int) -> bool:
    """True when the partnerships `generate(count, ...)` would create are already there."""
    return Partnership.objects.filter(name__in=partnership_names(count)).count() == count


def generate(
    *,
    partnerships: int = 5,
    reviews: int = 500,
    seed: int = 1,
    today: datetime.date | None = None,
    log=None,
) -> Result:
    today = today or timezone.localdate()
    names = partnership_names(partnerships)
    clash = list(Partnership.objects.filter(name__in=names).values_list("name", flat=True))
    if clash:
        raise ValueError(f"Already generated: {', '.join(clash)}. Use a fresh database.")
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    weights = [max(1, partnerships - i) for i in range(partnerships)]
    shares = _split(reviews, weights)
    result = Result()
    themes = _themes()
    password = make_password(_demo_password())
    for index, (name, n_reviews) in enumerate(zip(names, shares, strict=True), start=1):
        with transaction.atomic(), _plain_timestamps():
            _Partnership(rng, today, themes, password, result).build(index, name, n_reviews)
        if log:
            log(f"{name}: {n_reviews} reviews. Running total: {result}")
    return result


def _demo_password() -> str:
    from scr_tracker.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def _split(total: int, weights: list[int]) -> list[int]:
    shares = [total * w // sum(weights) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _themes() -> dict[str, Theme]:
    """The managed vocabulary from the demo data, created if missing."""
    data = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text(encoding="utf-8")
    )
    themes = {t.name: t for t in Theme.objects.all()}
    for item in data["themes"]:
        if item["name"] not in themes:
            theme = Theme(name=item["name"], source=item.get("source", ""))
            themes[theme.name] = audited_save(theme, actor=None, reason=REASON)
    return themes


@contextmanager
def _plain_timestamps():
    """Let bulk inserts keep the historical created/updated dates instead of "now"."""
    fields = [
        f
        for model in (
            Review,
            Recommendation,
            Action,
            DueDateRevision,
            ProgressUpdate,
            AssuranceStatement,
        )
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@dataclass
class _Change:
    """One history row to write: the object's state from `when`, by `user`, for `reason`."""

    when: datetime.datetime
    user: User | None
    reason: str
    state: dict
    created: bool = False


def _write_history(model, objects_and_changes: Iterable[tuple[object, list[_Change]]]):
    """Bulk-create the history rows of already-inserted objects, one per change, through
    simple-history's own bulk_history_create. Returns [(object, change, historical row)]."""
    created, changed = [], []
    for obj, changes in objects_and_changes:
        for change in changes:
            snap = copy.copy(obj)
            for name, value in change.state.items():
                setattr(snap, name, value)
            snap._history_date = change.when
            snap._history_user = change.user
            snap._change_reason = change.reason
            (created if change.created else changed).append((obj, change, snap))
    rows = []
    for items, update in ((created, False), (changed, True)):
        history = model.history.bulk_history_create(
            [snap for _, _, snap in items],
            batch_size=BATCH,
            update=update,
            default_change_reason=REASON,
        )
        rows.extend(
            (obj, change, row) for (obj, change, _), row in zip(items, history, strict=True)
        )
    return rows


def _write_m2m_history(model, field_name: str, rows, through_rows):
    """History of a many-to-many field: a copy of the object's through rows for each of its
    history rows, as simple-history records them."""
    m2m_model = getattr(model.history.model, field_name).model
    owner = f"{model._meta.model_name}_id"
    by_owner: dict[int, list] = {}
    for through_row in through_rows:
        by_owner.setdefault(getattr(through_row, owner), []).append(through_row)
    names = [f.attname for f in type(through_rows[0])._meta.concrete_fields] if through_rows else []
    m2m_model.objects.bulk_create(
        [
            m2m_model(history=row, **{name: getattr(t, name) for name in names})
            for obj, _, row in rows
            for t in by_owner.get(obj.pk, [])
        ],
        batch_size=BATCH,
    )


class _Partnership:
    def __init__(
        self, rng: random.Random, today: datetime.date, themes: dict[str, Theme], password, result
    ):
        self.rng = rng
        self.today = today
        # Everything happens before `today` starts, so the data does not depend on the hour.
        self.now = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        self.themes = themes
        self.password = password
        self.result = result
        self.theme_names = [n for n in THEME_TEXT if n in themes]
        self.theme_weights = [THEME_TEXT[n][0] for n in self.theme_names]

    # Dates ----------------------------------------------------------------------------------

    def at(self, day: datetime.date) -> datetime.datetime:
        """A working-hours moment on `day`, never after now."""
        moment = timezone.make_aware(
            datetime.datetime.combine(
                day, datetime.time(9 + self.rng.randrange(8), self.rng.randrange(60))
            )
        )
        return min(moment, self.now)

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    # Building -------------------------------------------------------------------------------

    def build(self, index: int, name: str, n_reviews: int):
        partnership = audited_save(
            Partnership(name=name, short_name=name.split(" Safeguarding")[0]),
            actor=None,
            reason=REASON,
        )
        agencies = [
            audited_save(
                Agency(partnership=partnership, name=agency, kind=kind), actor=None, reason=REASON
            )
            for agency, kind in AGENCIES
        ]
        self.users = self._users(index, partnership, agencies)
        self.result.add("partnerships", 1)
        self.result.add("agencies", len(agencies))
        reviews = self._reviews(partnership, n_reviews)
        recommendations = self._recommendations(reviews, agencies)
        actions = self._actions(recommendations, agencies)
        self._updates(actions)
        self._statements(recommendations, actions)

    def _users(self, index, partnership, agencies) -> dict[str, User]:
        users = {}
        for role in (Role.BOARD_MANAGER, Role.AGENCY_LEAD, Role.SCRUTINEER):
            user = User(
                username=f"{USERNAME_PREFIX}{index}.{role.value.replace('_', '.')}",
                first_name=role.label.split()[0],
                last_name=f"of partnership {index}",
                email=f"{USERNAME_PREFIX}{index}.{role.value}@example.org",
                role=role,
                partnership=partnership,
                password=self.password,
            )
            users[role] = audited_save(user, actor=None, reason=REASON)
        # The agency lead reports for the police and for children's social care.
        users[Role.AGENCY_LEAD].agencies.set([agencies[0], agencies[5]])
        self.result.add("users", len(users))
        return users

    def _reviews(self, partnership, count: int) -> list[Review]:
        rng = self.rng
        manager = self.users[Role.BOARD_MANAGER]
        kinds = [
            ReviewKind.SCR,
            ReviewKind.LCSPR,
            ReviewKind.RAPID,
            ReviewKind.SAR,
            ReviewKind.DHR,
            ReviewKind.MULTI_AGENCY_AUDIT,
            ReviewKind.SECTION_11,
            ReviewKind.INSPECTION,
        ]
        kind_weights = [20, 30, 6, 12, 10, 10, 6, 6]
        start = self.today - datetime.timedelta(days=14 * 365)
        span = (self.today - start).days
        reviews, changes = [], {}
        for n in range(count):
            kind = rng.choices(kinds, kind_weights)[0]
            # Later years have more reviews: squash the spread towards today.
            decision = start + datetime.timedelta(days=int(span * (rng.random() ** 0.7)))
            decision = min(decision, self.today - datetime.timedelta(days=20))
            commissioned = decision + self.days(14, 60)
            agreed = commissioned + self.days(150, 420)
            agreed = agreed if agreed <= self.today - datetime.timedelta(days=10) else None
            published = agreed + self.days(20, 900) if agreed and rng.random() < 0.7 else None
            published = published if published and published <= self.today else None
            letter = chr(ord("A") + n % 26)
            title = {
                ReviewKind.SAR: f"Adult {letter}{n // 26 + 1}",
                ReviewKind.DHR: f"DHR {letter}{n // 26 + 1}",
                ReviewKind.MULTI_AGENCY_AUDIT: f"Multi-agency audit {n + 1}",
                ReviewKind.SECTION_11: f"Section 11 audit {decision.year}-{n + 1}",
                ReviewKind.INSPECTION: f"Inspection findings {decision.year}-{n + 1}",
            }.get(
                kind,
                f"{rng.choice(['Child', 'Child', 'Baby', 'Sibling group'])} {letter}{n // 26 + 1}",
            )
            status = ReviewStatus.IN_PROGRESS
            if agreed:
                status = ReviewStatus.PUBLISHED if published else ReviewStatus.AGREED
                if published and (self.today - agreed).days > 6 * 365 and rng.random() < 0.6:
                    status = ReviewStatus.CLOSED
            created = self.at(commissioned)
            review = Review(
                partnership=partnership,
                reference=f"{kind.value.upper()}-{decision.year}-{n + 1:03d}",
                title=title,
                kind=kind,
                status=status,
                is_exempt=published is None,
                author=rng.choice(
                    ["Independent reviewer", "Jane Lawson, independent author", "Lead reviewer"]
                ),
                summary=f"{title}: practice review commissioned {commissioned:%B %Y}.",
                decision_date=decision,
                commissioned_date=commissioned,
                recommendations_agreed_date=agreed,
                published_date=published,
                created_at=created,
                updated_at=created,
            )
            review.generated_themes = self._pick_themes(rng.randint(1, 3))
            steps = [
                _Change(
                    created,
                    manager,
                    "Review created",
                    {
                        "status": ReviewStatus.IN_PROGRESS,
                        "published_date": None,
                        "recommendations_agreed_date": None,
                        "is_exempt": True,
                    },
                    True,
                )
            ]
            if agreed:
                steps.append(
                    _Change(
                        self.at(agreed),
                        manager,
                        "Recommendations agreed",
                        {
                            "status": ReviewStatus.AGREED,
                            "published_date": None,
                            "is_exempt": True,
                            "recommendations_agreed_date": agreed,
                        },
                    )
                )
            if published:
                steps.append(
                    _Change(
                        self.at(published),
                        manager,
                        "Published",
                        {
                            "status": ReviewStatus.PUBLISHED,
                            "published_date": published,
                            "recommendations_agreed_date": agreed,
                            "is_exempt": False,
                        },
                    )
                )
            if status == ReviewStatus.CLOSED:
                steps.append(
                    _Change(
                        self.at(published + self.days(400, 900)),
                        manager,
                        "Closed",
                        {"status": ReviewStatus.CLOSED},
                    )
                )
            review.updated_at = steps[-1].when
            reviews.append(review)
            changes[id(review)] = steps
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        rows = _write_history(Review, ((r, changes[id(r)]) for r in reviews))
        through = Review.themes.through.objects.bulk_create(
            [
                Review.themes.through(review_id=r.pk, theme_id=t.pk)
                for r in reviews
                for t in r.generated_themes
            ],
            batch_size=BATCH,
        )
        _write_m2m_history(Review, "themes", rows, through)
        self.result.add("reviews", len(reviews))
        return reviews

    def _pick_themes(self, k: int) -> list[Theme]:
        names = set()
        while len(names) < k:
            names.add(self.rng.choices(self.theme_names, self.theme_weights)[0])
        return [self.themes[n] for n in sorted(names)]

    def _recommendations(
        self, reviews: list[Review], agencies: list[Agency]
    ) -> list[Recommendation]:
        rng = self.rng
        manager = self.users[Role.BOARD_MANAGER]
        agreed = sorted(
            (r for r in reviews if r.recommendations_agreed_date),
            key=lambda r: r.recommendations_agreed_date,
        )
        everything: list[Recommendation] = []
        # Insert a few reviews at a time so later recommendations can repeat earlier ones.
        for start in range(0, len(agreed), 10):
            batch = []
            for review in agreed[start : start + 10]:
                roman = rng.random() < 0.3
                n_overview = rng.randint(6, 12)
                imr_agencies = rng.sample(agencies[:11], rng.randint(0, 2))
                specs = [(RecommendationSource.OVERVIEW, None, i) for i in range(n_overview)]
                specs += [
                    (RecommendationSource.IMR, a, i)
                    for a in imr_agencies
                    for i in range(rng.randint(1, 3))
                ]
                for position, (source, agency, i) in enumerate(specs, start=1):
                    themes = (
                        review.generated_themes
                        if rng.random() < 0.6
                        else self._pick_themes(rng.randint(1, 2))
                    )
                    theme = rng.choice(themes)
                    text = rng.choice(THEME_TEXT[theme.name][1]).format(child=review.title)
                    created = self.at(review.recommendations_agreed_date)
                    rec = Recommendation(
                        review=review,
                        number=ROMAN[i] if roman and i < len(ROMAN) else str(i + 1),
                        text=text,
                        source=source,
                        source_agency=agency,
                        scope=RecommendationScope.SINGLE_AGENCY
                        if agency
                        else RecommendationScope.MULTI_AGENCY,
                        addressed_agency=agency,
                        desired_outcome=rng.choice(OUTCOMES),
                        position=position,
                        created_at=created,
                        updated_at=created,
                    )
                    earlier = [e for e in everything if theme in e.generated_themes]
                    if earlier and rng.random() < 0.08:
                        rec.repeats = rng.choice(earlier[-200:])
                    rec.generated_themes = themes
                    batch.append(rec)
            Recommendation.objects.bulk_create(batch, batch_size=BATCH)
            rows = _write_history(
                Recommendation,
                (
                    (r, [_Change(r.created_at, manager, "Recommendation created", {}, True)])
                    for r in batch
                ),
            )
            through = Recommendation.themes.through.objects.bulk_create(
                [
                    Recommendation.themes.through(recommendation_id=r.pk, theme_id=t.pk)
                    for r in batch
                    for t in r.generated_themes
                ],
                batch_size=BATCH,
            )
            _write_m2m_history(Recommendation, "themes", rows, through)
            everything.extend(batch)
        self.result.add("recommendations", len(everything))
        return everything

    def _actions(
        self, recommendations: list[Recommendation], agencies: list[Agency]
    ) -> list[Action]:
        rng = self.rng
        manager = self.users[Role.BOARD_MANAGER]
        lead = self.users[Role.AGENCY_LEAD]
        actions, timelines = [], {}
        for rec in recommendations:
            agreed = rec.review.recommendations_agreed_date
            n = rng.choices([1, 2, 3, 4, 5, 6, 7], [6, 14, 22, 22, 16, 12, 8])[0]
            owners = [rec.source_agency] * min(n, 2) if rec.source_agency else []
            owners += rng.sample(agencies, n - len(owners))
            theme = rec.generated_themes[0]
            for position, agency in enumerate(owners, start=1):
                created = self.at(agreed + self.days(0, 20))
                due = agreed + datetime.timedelta(days=30 * rng.randint(3, 18))
                action = Action(
                    recommendation=rec,
                    agency=agency,
                    key_actions=rng.choice(THEME_TEXT[theme.name][2]),
                    lead_officer=rng.choice(LEAD_OFFICERS),
                    timescale=rng.choice(
                        [f"By {due:%B %Y}", f"{due:%d/%m/%Y}", f"{due:%B %Y}", "Ongoing"]
                    ),
                    due_date=due,
                    evidence_expected=rng.choice(EVIDENCE),
                    outcome_measure=rng.choice(OUTCOMES),
                    position=position,
                    created_at=created,
                )
                timeline = self._timeline(action, created, manager, lead)
                for name, value in timeline.final.items():
                    setattr(action, name, value)
                action.updated_at = timeline.changes[-1].when
                actions.append(action)
                timelines[id(action)] = timeline
        Action.objects.bulk_create(actions, batch_size=BATCH)
        _write_history(Action, ((a, timelines[id(a)].changes) for a in actions))
        for action in actions:
            action.generated_timeline = timelines[id(action)]
        revisions = [
            DueDateRevision(
                action=a,
                timescale=a.timescale,
                due_date=a.due_date,
                state=RevisionState.ORIGINAL,
                requested_by=manager,
                requested_at=a.created_at,
                reason="Original timescale",
            )
            for a in actions
        ]
        DueDateRevision.objects.bulk_create(revisions, batch_size=BATCH)
        _write_history(
            DueDateRevision,
            (
                (r, [_Change(r.requested_at, manager, "Action created", {}, True)])
                for r in revisions
            ),
        )
        self.result.add("actions", len(actions))
        return actions

    def _timeline(self, action: Action, created, manager, lead) -> "_Timeline":
        """What happened to one action, as a list of states, and its progress updates."""
        rng = self.rng
        state = {
            "status": ActionStatus.NOT_STARTED,
            "agency_rag": "",
            "last_update_at": None,
            "completion_claimed_at": None,
            "assured_at": None,
            "assured_by": None,
            "not_implemented_reason": "",
            "reaudit_due": None,
            "impact_result": "",
            "impact_recorded_at": None,
            "archived_at": None,
        }
        timeline = _Timeline(
            changes=[_Change(created, manager, "Action created", dict(state), True)]
        )
        age = (self.now - created).days
        # Older actions are more likely to be finished; a share never is.
        finish = rng.random() < min(0.8, 0.05 + age / 2000)
        n_updates = max(1, min(7, int(rng.gauss(3.7, 1.4))))
        if age < 730 and rng.random() < 0.12:
            n_updates = 0  # not started yet
        gap = max(12, min(120, age // (n_updates + 1)))
        moment = created
        for n in range(n_updates):
            moment = moment + datetime.timedelta(
                days=gap + rng.randint(-5, 15), minutes=rng.randrange(600)
            )
            if moment >= self.now:
                break
            last = n == n_updates - 1
            overdue = action.due_date < moment.date()
            rag = rng.choices(["green", "amber", "red"], [5, 3, 2] if overdue else [7, 2, 1])[0]
            claims = last and finish
            month = moment.strftime("%B %Y")
            update = ProgressUpdate(
                author=lead,
                created_at=moment,
                narrative=rng.choice(UPDATE_TEXT).format(
                    n=rng.randint(12, 240), month=month, pc=rng.randint(55, 99)
                ),
                rag="green" if claims else rag,
                rag_reason="Complete" if claims else RAG_REASONS[rag],
                claims_completion=claims,
            )
            state.update(
                agency_rag=update.rag, last_update_at=moment, status=ActionStatus.IN_PROGRESS
            )
            if claims:
                state.update(status=ActionStatus.COMPLETION_CLAIMED, completion_claimed_at=moment)
            timeline.changes.append(_Change(moment, lead, "Progress update", dict(state)))
            judged = moment + (self.days(10, 150) if claims else self.days(3, 60))
            backlog = (self.now - moment).days < 120 and rng.random() < 0.2
            if judged < self.now and not backlog:
                returned = claims and rng.random() < 0.12
                update.judgement = Judgement.RETURNED if returned else Judgement.ACCEPTED
                update.judged_by = manager
                update.judged_at = judged
                update.judgement_comment = (
                    "More evidence of impact needed" if returned else "Evidence accepted"
                )
                if claims and returned:
                    state.update(status=ActionStatus.IN_PROGRESS, completion_claimed_at=None)
                    timeline.changes.append(
                        _Change(judged, manager, "Evidence returned", dict(state))
                    )
                elif claims:
                    state.update(status=ActionStatus.ASSURED, assured_at=judged, assured_by=manager)
                    if rng.random() < 0.5:
                        state["reaudit_due"] = judged.date() + datetime.timedelta(days=180)
                    timeline.changes.append(_Change(judged, manager, "Assured", dict(state)))
                    reaudit = state["reaudit_due"]
                    if reaudit and reaudit < self.today and rng.random() < 0.6:
                        recorded = self.at(reaudit + self.days(0, 30))
                        state.update(
                            impact_recorded_at=recorded,
                            impact_result="Re-audit: 92% of files met the standard",
                        )
                        timeline.changes.append(
                            _Change(recorded, manager, "Impact recorded", dict(state))
                        )
            timeline.updates.append(update)
        if (
            state["status"] in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
            and rng.random() < 0.04
        ):
            closed = moment + self.days(30, 200)
            if closed < self.now:
                state.update(
                    status=ActionStatus.NOT_IMPLEMENTED,
                    not_implemented_reason="Superseded by the partnership's new neglect strategy",
                )
                timeline.changes.append(
                    _Change(closed, manager, "Closed: not implemented", dict(state))
                )
        if rng.random() < 0.01:
            archived = timeline.changes[-1].when + self.days(1, 30)
            if archived < self.now:
                state["archived_at"] = archived
                timeline.changes.append(
                    _Change(archived, manager, "Archived: duplicate action", dict(state))
                )
        timeline.final = dict(state)
        return timeline

    def _updates(self, actions: list[Action]):
        updates = []
        for action in actions:
            for update in action.generated_timeline.updates:
                update.action = action
                updates.append(update)
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
        lead = self.users[Role.AGENCY_LEAD]
        pending = {
            "judgement": Judgement.AWAITING,
            "judged_by": None,
            "judged_at": None,
            "judgement_comment": "",
        }
        _write_history(
            ProgressUpdate,
            (
                (
                    u,
                    [_Change(u.created_at, lead, "Progress update posted", pending, True)]
                    + ([_Change(u.judged_at, u.judged_by, "Judged", {})] if u.judged_at else []),
                )
                for u in updates
            ),
        )
        self.result.add("progress updates", len(updates))

    def _statements(self, recommendations: list[Recommendation], actions: list[Action]):
        manager = self.users[Role.BOARD_MANAGER]
        by_rec: dict[int, list[Action]] = {}
        for action in actions:
            by_rec.setdefault(action.recommendation_id, []).append(action)
        statements = []
        for rec in recommendations:
            assured = [a.assured_at for a in by_rec.get(rec.pk, []) if a.assured_at]
            if assured and self.rng.random() < 0.7:
                statements.append(
                    AssuranceStatement(
                        recommendation=rec,
                        narrative=self.rng.choice(STATEMENTS),
                        level=self.rng.choice(LEVELS),
                        updated_at=max(assured),
                    )
                )
        AssuranceStatement.objects.bulk_create(statements, batch_size=BATCH)
        _write_history(
            AssuranceStatement,
            (
                (s, [_Change(s.updated_at, manager, "Assurance statement written", {}, True)])
                for s in statements
            ),
        )
        self.result.add("assurance statements", len(statements))


@dataclass
class _Timeline:
    changes: list[_Change]
    updates: list[ProgressUpdate] = field(default_factory=list)
    final: dict = field(default_factory=dict)
