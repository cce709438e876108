"""The contexts behind every report. Each builder reads a fixed number of queries whatever the
number of reviews, recommendations and actions, and returns plain objects the templates (HTML,
PDF) and the Word writer read without touching the database again."""

import datetime
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import F, Max, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format

from assurance.lifecycle_report import yearly_timeliness
from assurance.models import IssuedReport, ReportKind, ReportVersion
from recommendations.models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    DueDateRevision,
    Recommendation,
    RevisionState,
)
from recommendations.rag import (
    RAG,
    RAG_MEANINGS,
    RAG_ORDER,
    ROLLUP_MEANINGS,
    RollupRating,
    Thresholds,
    derive_recommendation_rating,
)
from reviews.models import Review
from scr_tracker.models import Agency
from scr_tracker.text import count_noun

from .options import (
    DEFAULT_BOARD_RECOMMENDATIONS,
    EDITABLE_TEXT,
    LANDSCAPE_KINDS,
    SINGLE_REVIEW_KINDS,
    ReportOptions,
    review_kind_phrase,
    with_defaults,
)

# Worst first. A recommendation is as good as its weakest open action.
RANK = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.BLUE: 3}
RATING_ORDER = [*RAG_ORDER, ""]
# A recommendation may also be "partly implemented" (its roll-up, recommendations/rag.py).
PARTLY = RollupRating.PARTLY.value
RECOMMENDATION_RATING_ORDER = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, PARTLY, RAG.CLOSED, ""]
RATING_LABELS = {
    **{r.value: r.label for r in RAG},
    PARTLY: RollupRating.PARTLY.label,
    "": "Not rated",
}


class ReportError(ValueError):
    """The options do not describe a report that can be built (for the command line)."""


@dataclass
class ActionRow:
    action: Action
    earlier_due_dates: list[DueDateRevision]

    @property
    def partnership_rag(self) -> str:
        return self.action.partnership_rag

    @property
    def is_overdue(self) -> bool:
        return is_overdue(self.action, timezone.localdate())


@dataclass
class Direction:
    code: str  # improved, unchanged, worse, new, changed
    label: str


@dataclass
class RecommendationRow:
    recommendation: Recommendation
    actions: list[ActionRow]
    rating: str
    direction: Direction | None = None

    @property
    def label(self) -> str:
        return self.recommendation.label

    @property
    def statement(self):
        return getattr(self.recommendation, "assurance_statement", None)

    @property
    def rating_label(self) -> str:
        return RATING_LABELS[self.rating]

    @property
    def actions_assured(self) -> int:
        return sum(1 for row in self.actions if row.action.status == ActionStatus.ASSURED)

    @property
    def status_text(self) -> str:
        if not self.actions:
            return "No actions agreed yet"
        if self.rating == RAG.BLUE:
            return "Implemented and assured"
        if self.rating == RAG.CLOSED:
            return "Closed: not implemented"
        if self.rating == PARTLY:
            return "Closed: partly implemented"
        overdue = sum(1 for row in self.actions if row.is_overdue)
        text = f"In progress: {self.actions_assured} of {len(self.actions)} actions assured"
        return text + (f", {overdue} overdue" if overdue else "")


@dataclass
class RatingCount:
    rag: str
    label: str
    meaning: str
    actions: int
    recommendations: int


@dataclass
class ReviewSection:
    review: Review
    hidden: bool
    recommendations: list[RecommendationRow] = field(default_factory=list)

    @property
    def rating_counts(self) -> list[RatingCount]:
        actions = Counter(
            row.partnership_rag for rec in self.recommendations for row in rec.actions
        )
        recs = Counter(rec.rating for rec in self.recommendations)
        return [
            RatingCount(
                rag,
                RATING_LABELS[rag],
                ROLLUP_MEANINGS[PARTLY]
                if rag == PARTLY
                else RAG_MEANINGS.get(rag, "no actions agreed yet"),
                actions[rag],
                recs[rag],
            )
            for rag in RECOMMENDATION_RATING_ORDER
            if actions[rag] or recs[rag] or rag in (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE)
        ]

    @property
    def action_count(self) -> int:
        return sum(len(rec.actions) for rec in self.recommendations)


@dataclass
class ReportMeta:
    kind: str
    kind_label: str
    title: str
    options: ReportOptions
    partnership: object
    marking: str
    landscape: bool
    generated_at: datetime.datetime

    @property
    def version_label(self) -> str:
        return self.options.version_label

    @property
    def language(self) -> str:
        return "en-GB"


def is_overdue(action, today) -> bool:
    return (
        action.status in OPEN_STATUSES
        and action.status != ActionStatus.COMPLETION_CLAIMED
        and action.due_date is not None
        and action.due_date < today
    )


def recommendation_rating(ratings: list[str]) -> str:
    """One rating for a recommendation from its actions' partnership ratings: the roll-up the
    pages show (recommendations/rag.py): the worst open one; Blue when every action is
    assured; "Not implemented" when all were closed unimplemented; "Partly implemented" when
    all are closed, some assured and some not; unrated ("") with no actions."""
    rating = derive_recommendation_rating(ratings)
    return "" if rating == RollupRating.NO_ACTIONS else rating


def direction_between(previous: str | None, current: str) -> Direction:
    if previous is None:
        return Direction("new", "New since the last report")
    if previous == current:
        return Direction("unchanged", "Unchanged")
    was = RATING_LABELS.get(previous, previous)
    if previous in RANK and current in RANK:
        if RANK[current] > RANK[previous]:
            return Direction("improved", f"Improved (was {was})")
        return Direction("worse", f"Worse (was {was})")
    return Direction("changed", f"Changed (was {was})")


def _earlier_due_dates(action) -> list[DueDateRevision]:
    agreed = list(action.agreed_due_dates)
    if agreed and (agreed[-1].due_date, agreed[-1].timescale) == (
        action.due_date,
        action.timescale,
    ):
        agreed = agreed[:-1]
    return agreed


def _actions(partnership, today):
    thresholds = Thresholds.for_partnership(partnership)
    agreed = DueDateRevision.objects.filter(
        state__in=[RevisionState.ORIGINAL, RevisionState.APPROVED]
    ).order_by("requested_at", "id")
    return (
        Action.objects.active()
        .select_related("agency")
        .with_partnership_rag(today, thresholds)
        .prefetch_related(
            Prefetch("due_date_revisions", queryset=agreed, to_attr="agreed_due_dates")
        )
    )


def _recommendation_rows(review_ids, partnership, today) -> list[RecommendationRow]:
    """The live recommendations of the reviews, in the order their reports number them, each
    with its live actions (by agency), ratings and earlier due dates: three queries."""
    if not review_ids:
        return []
    actions = _actions(partnership, today).order_by("agency__name", "position", "id")
    recommendations = (
        Recommendation.objects.active()
        .filter(review_id__in=review_ids, review__partnership=partnership)
        .select_related("review", "assurance_statement", "source_agency")
        .prefetch_related(Prefetch("actions", queryset=actions, to_attr="report_actions"))
        .order_by("review_id", "source", "source_agency__name", "position", "id")
    )
    rows = []
    for rec in recommendations:
        action_rows = [ActionRow(a, _earlier_due_dates(a)) for a in rec.report_actions]
        rows.append(
            RecommendationRow(
                rec, action_rows, recommendation_rating([r.partnership_rag for r in action_rows])
            )
        )
    return rows


def _sections(reviews, options, partnership, today) -> list[ReviewSection]:
    shown = [review for review in reviews if not options.omits(review)]
    rows = _recommendation_rows([r.pk for r in shown if not options.hides(r)], partnership, today)
    by_review: dict[int, list] = {}
    for row in rows:
        by_review.setdefault(row.recommendation.review_id, []).append(row)
    return [
        ReviewSection(review, options.hides(review), by_review.get(review.pk, []))
        for review in shown
    ]


def _reviews(options, partnership):
    return list(
        Review.objects.active()
        .filter(partnership=partnership, pk__in=options.review_ids)
        .order_by(F("recommendations_agreed_date").asc(nulls_last=True), "reference")
    )


def snapshot_of(sections: list[ReviewSection]) -> dict:
    """Each recommendation's rating, stored with an issued report for the next one's
    direction of travel."""
    return {
        "recommendations": {
            str(rec.recommendation.pk): rec.rating
            for section in sections
            for rec in section.recommendations
        }
    }


def previous_issued(partnership, kind):
    return (
        IssuedReport.objects.active()
        .without_files()
        .select_related("audience")
        .filter(partnership=partnership, kind=kind)
        .order_by("-issued_at", "-id")
        .first()
    )


def build_report(
    options: ReportOptions, *, partnership, today: datetime.date, sender_user=None
) -> dict:
    """The whole context of one report. Raises ReportError when the options name nothing."""
    reviews = _reviews(options, partnership) if options.kind != ReportKind.AGENCY else []
    agency = None
    if options.kind == ReportKind.AGENCY:
        agency = Agency.objects.filter(partnership=partnership, pk=options.agency_id).first()
        if agency is None:
            raise ReportError("Choose an agency of the partnership.")
    elif options.kind != ReportKind.YEARLY and not reviews:
        raise ReportError("Choose a review of the partnership.")
    defaults = {
        "partnership": partnership,
        "reviews": reviews,
        "agency": agency,
        "sender_user": sender_user,
        "today": today,
    }
    if options.kind == ReportKind.YEARLY and not (options.period_start and options.period_end):
        defaults["latest_activity"] = latest_activity(partnership, options, today)
    options = with_defaults(options, **defaults)
    first_wording = with_defaults(
        replace(
            options,
            purpose="",
            board_recommendations=DEFAULT_BOARD_RECOMMENDATIONS,
            background="",
            publication_delay="",
            contact_officer="",
        ),
        **defaults,
    )
    meta = ReportMeta(
        kind=options.kind,
        kind_label=ReportKind(options.kind).label,
        title=_title(options, reviews, agency),
        options=options,
        partnership=partnership,
        marking=options.marking(settings.PROTECTIVE_MARKING),
        landscape=options.kind in LANDSCAPE_KINDS,
        generated_at=timezone.now(),
    )
    context = {
        "report": meta,
        "options": options,
        "meanings": _meanings(),
        "defaults_unchanged": unchanged_text(options, first_wording, reviews),
    }
    if options.kind == ReportKind.AGENCY:
        context.update(_agency_context(agency, options, partnership, today))
    elif options.kind == ReportKind.YEARLY:
        context.update(_yearly_context(options, partnership, today))
        # Issue 19, the review lifecycle: timeliness figures (assurance/lifecycle_report.py),
        # shown by parts/_timeliness.html.
        context["timeliness"] = yearly_timeliness(partnership, *context["period"])
    else:
        sections = _sections(
            reviews if options.kind not in SINGLE_REVIEW_KINDS else reviews[:1],
            options,
            partnership,
            today,
        )
        context["sections"] = sections
        context["snapshot"] = snapshot_of(sections)
        if options.kind in SINGLE_REVIEW_KINDS:
            context["section"] = sections[0] if sections else ReviewSection(reviews[0], hidden=True)
            context["facts"] = _facts(context["section"], today, partnership)
        if options.kind == ReportKind.CROSS_REVIEW:
            context["previous"] = _apply_direction(sections, partnership)
        if options.kind == ReportKind.ACTION_PLAN:
            context["agency_groups"] = _by_agency(context["section"])
        if options.kind == ReportKind.BRIEFING:
            context.update(
                _briefing_context(
                    context["section"], context["facts"], options, partnership, sender_user, today
                )
            )
    context.setdefault("snapshot", {"recommendations": {}})
    context["reviews"] = _covered(context)
    return context


def unchanged_text(options, first_wording, reviews) -> list[str]:
    """The report's own paragraphs (not its memo lines) still at the wording it started with,
    or still empty. Why publication was delayed is asked only of an unpublished review."""
    names = list(EDITABLE_TEXT.get(options.kind, ()))
    if "publication_delay" in names and all(r.published_date for r in reviews[:1]):
        names.remove("publication_delay")
    return [name for name in names if getattr(options, name) == getattr(first_wording, name)]


def _covered(context) -> list[Review]:
    """The reviews a report covers, in any form (an exempt item counts)."""
    if "sections" in context:
        return [section.review for section in context["sections"]]
    if "groups" in context:
        return [group.review for group in context["groups"]]
    return [row.review for row in context.get("review_rows", [])]


def _title(options, reviews, agency) -> str:
    if options.kind == ReportKind.BRIEFING:
        return f"Briefing note: {options.subject}"
    if options.kind == ReportKind.ASSURANCE:
        review = reviews[0]
        name = "Exempt item" if options.hides(review) else review.title
        return f"{name}: {options.subject}"
    return options.subject


def _meanings():
    return [(rag, RATING_LABELS[rag], RAG_MEANINGS[rag]) for rag in RATING_ORDER if rag]


def _apply_direction(sections, partnership):
    previous = previous_issued(partnership, ReportKind.CROSS_REVIEW)
    if previous is None:
        return None
    earlier = previous.snapshot.get("recommendations", {})
    for section in sections:
        for rec in section.recommendations:
            rec.direction = direction_between(earlier.get(str(rec.recommendation.pk)), rec.rating)
    return previous


@dataclass
class Facts:
    recommendations: int
    recommendations_assured: int
    actions: int
    actions_assured: int
    actions_overdue: int
    recommendations_overdue: int
    # (level, recommendations) strongest first, as the partnership lists its levels.
    levels: list[tuple[str, int]] = field(default_factory=list)
    recommendations_without_level: int = 0
    # (status label, actions), in the order of the workflow.
    statuses: list[tuple[ActionStatus, int]] = field(default_factory=list)


def _facts(section: ReviewSection, today, partnership=None) -> Facts:
    recs = section.recommendations
    overdue = [[is_overdue(row.action, today) for row in rec.actions] for rec in recs]
    given = Counter(
        rec.statement.level.strip()
        for rec in recs
        if rec.statement is not None and rec.statement.level.strip()
    )
    order = list(getattr(partnership, "assurance_levels", None) or [])
    order += sorted(level for level in given if level not in order)
    statuses = Counter(row.action.status for rec in recs for row in rec.actions)
    return Facts(
        recommendations=len(recs),
        recommendations_assured=sum(1 for rec in recs if rec.rating == RAG.BLUE),
        actions=sum(len(rec.actions) for rec in recs),
        actions_assured=sum(rec.actions_assured for rec in recs),
        actions_overdue=sum(sum(flags) for flags in overdue),
        recommendations_overdue=sum(1 for flags in overdue if any(flags)),
        levels=[(level, given[level]) for level in order if given[level]],
        recommendations_without_level=len(recs) - sum(given.values()),
        statuses=[(status, statuses[status]) for status in ActionStatus if statuses[status]],
    )


# How the summary names each action state: "3 are in progress".
_STATUS_PHRASES = {
    ActionStatus.ASSURED: "assured",
    ActionStatus.COMPLETION_CLAIMED: "reported complete and awaiting the partnership's judgement",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.NOT_STARTED: "not started",
    ActionStatus.NOT_IMPLEMENTED: "closed as not implemented",
}
_STATUS_ORDER = [
    ActionStatus.ASSURED,
    ActionStatus.COMPLETION_CLAIMED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.NOT_STARTED,
    ActionStatus.NOT_IMPLEMENTED,
]


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def assurance_summary(facts: Facts, partnership) -> list[str]:
    """Where the recommendations stand, in sentences a councillor reads correctly: the
    assurance levels given ("Substantial 2, Reasonable 2, Limited 1"), then the actions by
    state, then the overdue ones. Every count comes with its noun."""
    if not facts.recommendations:
        return ["No recommendations have been recorded for this review yet."]
    sentences = [
        f"The review made {count_noun(facts.recommendations, 'recommendation')}, carried out "
        f"through {count_noun(facts.actions, 'agency action')}."
    ]
    if facts.levels:
        given = sum(count for _, count in facts.levels)
        levels = ", ".join(f"{level} {count}" for level, count in facts.levels)
        scope = (
            f"all {count_noun(facts.recommendations, 'recommendation')}"
            if given == facts.recommendations and given > 1
            else f"{given} of the {count_noun(facts.recommendations, 'recommendation')}"
        )
        sentences.append(
            f"The {partnership.name} has given its level of assurance on the implementation of "
            f"{scope}: {levels}."
        )
        if facts.recommendations_without_level:
            n = facts.recommendations_without_level
            sentences.append(
                f"No level of assurance has been given yet on {count_noun(n, 'recommendation')}."
            )
    else:
        sentences.append(
            f"The {partnership.name} has not yet given a level of assurance on any recommendation."
        )
    if facts.actions:
        counts = dict(facts.statuses)
        parts = [
            f"{counts[status]} {_STATUS_PHRASES[status]}"
            for status in _STATUS_ORDER
            if counts.get(status)
        ]
        if len(parts) == 1:
            only = next(s for s in _STATUS_ORDER if counts.get(s))
            sentences.append(
                f"All {count_noun(facts.actions, 'action')} "
                f"{'is' if facts.actions == 1 else 'are'} {_STATUS_PHRASES[only]}."
                if facts.actions > 1
                else f"The one action is {_STATUS_PHRASES[only]}."
            )
        else:
            sentences.append(
                f"Of the {count_noun(facts.actions, 'action')}: "
                + ", ".join(parts[:-1])
                + f" and {parts[-1]}."
            )
    if facts.actions_overdue:
        one = facts.actions_overdue == 1
        sentences.append(
            f"{count_noun(facts.actions_overdue, 'action')}, on "
            f"{count_noun(facts.recommendations_overdue, 'recommendation')}, "
            f"{_is_are(facts.actions_overdue)} past {'its' if one else 'their'} due date."
        )
    elif facts.actions:
        sentences.append("No action is past its due date.")
    return sentences


@dataclass
class AgencyReviewGroup:
    review: Review
    hidden: bool
    rows: list[tuple[Recommendation, ActionRow]] = field(default_factory=list)


def _agency_context(agency, options, partnership, today) -> dict:
    actions = (
        _actions(partnership, today)
        .filter(
            agency=agency,
            recommendation__archived_at__isnull=True,
            recommendation__review__archived_at__isnull=True,
            recommendation__review__partnership=partnership,
        )
        .select_related("recommendation__review")
        .order_by(
            F("recommendation__review__recommendations_agreed_date").asc(nulls_last=True),
            "recommendation__review__reference",
            "recommendation__source",
            "recommendation__position",
            "recommendation_id",
            "position",
            "id",
        )
    )
    groups: dict[int, AgencyReviewGroup] = {}
    ratings: Counter = Counter()
    for action in actions:
        review = action.recommendation.review
        if options.omits(review):
            continue
        group = groups.setdefault(review.pk, AgencyReviewGroup(review, options.hides(review)))
        if not group.hidden:
            group.rows.append(
                (action.recommendation, ActionRow(action, _earlier_due_dates(action)))
            )
            ratings[action.partnership_rag] += 1
    summary = [(rag, RATING_LABELS[rag], ratings[rag]) for rag in RATING_ORDER if rag]
    return {"agency": agency, "groups": list(groups.values()), "agency_summary": summary}


@dataclass
class YearlyRow:
    review: Review
    hidden: bool
    detail: object = None


def latest_activity(partnership, options, today) -> datetime.date | None:
    """The latest day, up to today, on which something the yearly extract reports happened: a
    review's key date, an action assured or closed as not implemented. Exempt reviews do not
    count for a public version, which leaves them out. Two queries."""
    reviews = Review.objects.active().filter(partnership=partnership)
    if options.is_public:
        reviews = reviews.filter(is_exempt=False)
    dates = reviews.aggregate(
        **{
            name: Max(name, filter=Q(**{f"{name}__lte": today}))
            for name in (
                "decision_date",
                "commissioned_date",
                "recommendations_agreed_date",
                "published_date",
            )
        }
    )
    actions = Action.objects.active().filter(
        recommendation__archived_at__isnull=True,
        recommendation__review__in=reviews,
    )
    moments = actions.aggregate(
        assured=Max("assured_at", filter=Q(status=ActionStatus.ASSURED)),
        closed=Max("updated_at", filter=Q(status=ActionStatus.NOT_IMPLEMENTED)),
    )
    days = [d for d in dates.values() if d]
    days += [timezone.localtime(m).date() for m in moments.values() if m]
    days = [d for d in days if d <= today]
    return max(days, default=None)


def _yearly_context(options, partnership, today) -> dict:
    start, end = options.period_start, options.period_end
    in_year = (
        Q(decision_date__range=(start, end))
        | Q(commissioned_date__range=(start, end))
        | Q(recommendations_agreed_date__range=(start, end))
        | Q(published_date__range=(start, end))
    )
    # A public extract says it leaves exempt items out, and does: no row, no count.
    reviews = [
        r
        for r in Review.objects.active()
        .filter(partnership=partnership)
        .filter(in_year)
        .order_by("reference")
        if not options.hides(r)
    ]
    agreed_ids = [
        r.pk
        for r in reviews
        if not options.hides(r)
        and r.recommendations_agreed_date
        and start <= r.recommendations_agreed_date <= end
    ]
    made = Counter(
        Recommendation.objects.active()
        .filter(review_id__in=agreed_ids)
        .values_list("review_id", flat=True)
    )

    live = (
        _actions(partnership, today)
        .filter(
            recommendation__archived_at__isnull=True,
            recommendation__review__archived_at__isnull=True,
            recommendation__review__partnership=partnership,
        )
        .select_related("recommendation__review")
        .order_by("recommendation__review__reference", "recommendation__position", "position", "id")
    )
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    end_at = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    assured = _yearly_rows(
        live.filter(status=ActionStatus.ASSURED, assured_at__gte=start_at, assured_at__lt=end_at),
        options,
    )
    not_implemented = _yearly_rows(
        live.filter(
            status=ActionStatus.NOT_IMPLEMENTED, updated_at__gte=start_at, updated_at__lt=end_at
        ),
        options,
    )
    stalled_q = Q(partnership_rag=RAG.RED) | Q(status=ActionStatus.NOT_STARTED, due_date__lte=end)
    stalled = _yearly_rows(
        live.filter(status__in=OPEN_STATUSES)
        .filter(stalled_q)
        .prefetch_related("recommendation__themes"),
        options,
    )
    areas: Counter = Counter()
    for row in stalled:
        if not row.hidden:
            themes = list(row.detail.recommendation.themes.all()) or [None]
            for theme in themes:
                areas[theme.name if theme else "No theme recorded"] += 1
    return {
        "review_rows": [
            YearlyRow(r, options.hides(r), made.get(r.pk, 0) if r.pk in agreed_ids else None)
            for r in reviews
        ],
        "recommendations_made": sum(made.values()),
        "assured_rows": assured,
        "not_implemented_rows": not_implemented,
        "stalled_rows": stalled,
        "areas": sorted(areas.items(), key=lambda item: (-item[1], item[0])),
        "period": (start, end),
        "exempt_left_out": options.is_public,
    }


def _yearly_rows(actions, options) -> list[YearlyRow]:
    rows = []
    for action in actions:
        review = action.recommendation.review
        if options.hides(review):
            continue
        rows.append(YearlyRow(review, options.hides(review), action))
    return rows


def version_for(review) -> str:
    """The version a report on this review starts as."""
    return ReportVersion.EXEMPT if review.is_exempt else ReportVersion.PUBLIC


def _by_agency(
    section: ReviewSection,
) -> list[tuple[Agency, list[tuple[RecommendationRow, list[ActionRow]]]]]:
    """The action plan grouped under agency headings, as the partnerships' templates lay it
    out; within each agency, its actions under their recommendation, in the review's order."""
    groups: dict = {}
    for rec in section.recommendations:
        for row in rec.actions:
            by_rec = groups.setdefault(row.action.agency, {})
            by_rec.setdefault(rec.recommendation.pk, (rec, []))[1].append(row)
    return [
        (agency, list(by_rec.values()))
        for agency, by_rec in sorted(groups.items(), key=lambda item: item[0].name.lower())
    ]


def _briefing_context(section, facts, options, partnership, sender_user, today) -> dict:
    appendix_options = with_defaults(
        replace(options, kind=ReportKind.ASSURANCE, subject="", purpose=""),
        partnership=partnership,
        reviews=[section.review],
        sender_user=sender_user,
        today=today,
    )
    appendices = [*options.appendices, "Implementation assurance report"]
    return {
        "background": _background(section, facts, options, partnership, len(appendices)),
        "summary": assurance_summary(facts, partnership),
        "appendices": appendices,
        "appendix_options": appendix_options,
        # "Rebekah Eaves, Safeguarding Boards Manager" signs as name, then job title.
        "signature": [part.strip() for part in options.sender.split(",", 1)],
    }


def _day(value) -> str:
    return date_format(value, "jS F Y")


def paragraphs_of(text: str) -> list[str]:
    """A board manager's text as paragraphs: blank lines separate them."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _background(section, facts, options, partnership, appendix_number) -> list[str]:
    """The Information/Background paragraphs: what the review is, its key dates, and where its
    recommendations stand."""
    review = section.review
    if section.hidden:
        return [
            "This item concerns a review whose detail is exempt information under Schedule 12A "
            "to the Local Government Act 1972. The detail is given in the exempt version."
        ]
    kind = review_kind_phrase(review)
    written = paragraphs_of(options.background)
    paragraphs = written or [
        "The primary aim of a review is to help agencies learn lessons from these events, and "
        "to use this experience to improve practice."
    ]
    if review.incident_date:
        paragraphs.append(
            f"The incident that led to the review happened on {_day(review.incident_date)}."
        )
    if review.decision_date:
        paragraphs.append(
            f"It was agreed that this case should be the subject of a {kind} in "
            f"{date_format(review.decision_date, 'F Y')}."
        )
    if review.commissioned_date:
        paragraphs.append(f"The review was commissioned on {_day(review.commissioned_date)}.")
    if review.recommendations_agreed_date:
        paragraphs.append(
            f"The recommendations were agreed on {_day(review.recommendations_agreed_date)}."
        )
    if review.published_date:
        paragraphs.append(f"The review was published on {_day(review.published_date)}.")
    else:
        paragraphs.append("The review has not been published.")
    paragraphs += paragraphs_of(options.publication_delay)
    summary = assurance_summary(facts, partnership)
    overdue = [s for s in summary if "due date" in s]
    paragraphs.append(" ".join(s for s in summary if s not in overdue))
    paragraphs += overdue
    paragraphs.append(
        "Each agency is responsible for implementing its own actions and provides evidence of "
        "progress to the partnership, which monitors progress and seeks assurance that the "
        "recommendations have been delivered in practice. The Implementation Assurance Report "
        "is included as "
        f"Appendix {appendix_number}."
    )
    return paragraphs
