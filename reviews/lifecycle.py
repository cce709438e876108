"""The stages of a review and their statutory clocks, as data.

Each kind of review follows one *lifecycle*: an ordered list of stages, each with an owner and
a clock rule (a duration in working days, calendar days or months from the completion of an
earlier stage, or no deadline). The shipped defaults below name their source; a partnership's
administrator may change any stage, drop it or add one (`StageRule`, in the admin, with a
reason and history). `stages_for()` merges the two: the partnership's rule for a stage replaces
the default of the same key.

The clock arithmetic is here too (`due_date`), in working days of the partnership's nation
(scr_tracker.working_days). See docs/lifecycle.md for the sources and the rules in words.
"""

import datetime
from dataclasses import dataclass, replace

from scr_tracker.working_days import add_months, add_working_days

from .models import ClockUnit, Decision, Lifecycle, ReviewKind

# Every kind of review follows one lifecycle. A rapid review, a local child safeguarding
# practice review and a serious case review share the child lifecycle, so a rapid review that
# becomes a local review keeps its whole timeline.
KIND_LIFECYCLE = {
    ReviewKind.RAPID: Lifecycle.CHILD,
    ReviewKind.LCSPR: Lifecycle.CHILD,
    ReviewKind.SCR: Lifecycle.CHILD,
    ReviewKind.NATIONAL: Lifecycle.NATIONAL,
    ReviewKind.SAR: Lifecycle.ADULT,
    ReviewKind.DHR: Lifecycle.DHR,
    ReviewKind.MULTI_AGENCY_AUDIT: Lifecycle.AUDIT,
    ReviewKind.SECTION_11: Lifecycle.AUDIT,
    ReviewKind.INSPECTION: Lifecycle.INSPECTION,
    ReviewKind.OTHER: Lifecycle.OTHER,
}


def lifecycle_of(kind: str) -> str:
    return KIND_LIFECYCLE.get(kind, Lifecycle.OTHER)


# How each lifecycle words its decision (value: words).
DECISION_WORDS = {
    Lifecycle.CHILD: {
        Decision.REVIEW: "Commission a local child safeguarding practice review",
        Decision.NO_REVIEW: "No local review: the rapid review's learning is enough",
    },
    Lifecycle.ADULT: {
        Decision.REVIEW: "Arrange a safeguarding adults review",
        Decision.NO_REVIEW: "No safeguarding adults review",
    },
    Lifecycle.DHR: {
        Decision.REVIEW: "Hold a domestic homicide review",
        Decision.NO_REVIEW: "No domestic homicide review",
    },
}


def decision_words(lifecycle: str, value: str) -> str:
    words = DECISION_WORDS.get(lifecycle, {})
    return words.get(value) or Decision(value).label if value else ""


@dataclass(frozen=True)
class StageSpec:
    """One stage of a lifecycle and its clock rule."""

    key: str
    name: str
    position: int
    owner: str
    clock_unit: str = ""  # "" for no deadline
    clock_amount: int = 0
    clock_from: str = ""  # the key of the stage whose completion starts the clock
    source: str = ""
    # Only when the decision is to carry out a review (skipped after a "no review" decision).
    review_only: bool = False
    # The stage that records the decision, with its reason.
    is_decision: bool = False
    # The Review date field this stage's completion date is copied to, for the lists and
    # reports that read the review's dates.
    review_field: str = ""

    @property
    def has_clock(self) -> bool:
        return bool(self.clock_unit and self.clock_from)

    def rule_words(self, names: dict[str, str] | None = None) -> str:
        """ "Within 5 working days of: Serious incident known", or "No deadline"."""
        if not self.has_clock:
            return "No deadline"
        unit = ClockUnit(self.clock_unit).label
        if self.clock_amount == 1:
            unit = unit.replace("days", "day").replace("months", "month")
        start = (names or {}).get(self.clock_from, self.clock_from)
        return f"Within {self.clock_amount} {unit} of: {start}"


WT2023 = "Working Together to Safeguard Children 2023 (DfE), chapter 5"
PANEL = "Child Safeguarding Practice Review Panel: guidance for safeguarding partners"
CARE_GUIDANCE = (
    "Care and support statutory guidance (DHSC), chapter 14, safeguarding adults reviews"
)
DHR_GUIDANCE = (
    "Multi-agency statutory guidance for the conduct of domestic homicide reviews (Home Office, "
    "December 2016), section 5: timescales"
)
NO_TIMESCALE = "No timescale is set in guidance: the partnership's own plan."


def _stages(*rows) -> tuple[StageSpec, ...]:
    return tuple(StageSpec(position=(index + 1) * 10, **row) for index, row in enumerate(rows))


DEFAULT_STAGES: dict[str, tuple[StageSpec, ...]] = {
    Lifecycle.CHILD: _stages(
        {
            "key": "incident",
            "name": "Serious incident known to the local authority",
            "owner": "Local authority",
            "source": "The start of the clocks: the day the local authority becomes aware.",
            "review_field": "incident_date",
        },
        {
            "key": "notification",
            "name": "Serious incident notification to the national panel",
            "owner": "Local authority",
            "clock_unit": ClockUnit.WORKING_DAYS,
            "clock_amount": 5,
            "clock_from": "incident",
            "source": f"Children Act 2004, s16C; {WT2023}: notify the Child Safeguarding "
            "Practice Review Panel within 5 working days of becoming aware of the incident.",
        },
        {
            "key": "rapid_review",
            "name": "Rapid review sent to the national panel",
            "owner": "Safeguarding partners",
            "clock_unit": ClockUnit.WORKING_DAYS,
            "clock_amount": 15,
            "clock_from": "notification",
            "source": f"{WT2023} and {PANEL}: complete the rapid review within 15 working days "
            "of the serious incident notification.",
        },
        {
            "key": "decision",
            "name": "Decision on a local child safeguarding practice review",
            "owner": "Safeguarding partners",
            "clock_unit": ClockUnit.WORKING_DAYS,
            "clock_amount": 15,
            "clock_from": "notification",
            "source": f"{WT2023}: the decision is sent to the panel with the rapid review.",
            "is_decision": True,
            "review_field": "decision_date",
        },
        {
            "key": "commissioned",
            "name": "Local review commissioned",
            "owner": "Safeguarding partners",
            "source": NO_TIMESCALE,
            "review_only": True,
            "review_field": "commissioned_date",
        },
        {
            "key": "draft",
            "name": "Draft report received",
            "owner": "Independent reviewer",
            "source": NO_TIMESCALE,
            "review_only": True,
        },
        {
            "key": "final",
            "name": "Final report and recommendations agreed",
            "owner": "Safeguarding partners",
            "source": NO_TIMESCALE,
            "review_only": True,
            "review_field": "recommendations_agreed_date",
        },
        {
            "key": "shared",
            "name": "Final report sent to the national panel, the Secretary of State and Ofsted",
            "owner": "Safeguarding partners",
            "source": f"{WT2023}: no later than 7 working days before publication. The clock "
            "counts back from a date not yet known, so no deadline is set; check it against "
            "the planned publication date.",
            "review_only": True,
        },
        {
            "key": "published",
            "name": "Report published",
            "owner": "Safeguarding partners",
            "clock_unit": ClockUnit.MONTHS,
            "clock_amount": 6,
            "clock_from": "decision",
            "source": f"{WT2023}: complete and publish the review within 6 months of the "
            "decision to initiate it.",
            "review_only": True,
            "review_field": "published_date",
        },
        {
            "key": "action_plan",
            "name": "Action plan agreed",
            "owner": "Board manager",
            "source": "No timescale is set in guidance. The rapid review's own learning and "
            "actions are tracked here whatever the decision.",
        },
        {
            "key": "closed",
            "name": "Closed: every action assured or closed",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
        },
    ),
    Lifecycle.ADULT: _stages(
        {
            "key": "referral",
            "name": "Referral received by the safeguarding adults board",
            "owner": "Safeguarding adults board",
            "source": "Care Act 2014, s44: no statutory timescale.",
            "review_field": "incident_date",
        },
        {
            "key": "decision",
            "name": "Decision on a safeguarding adults review",
            "owner": "Safeguarding adults board",
            "source": "Care Act 2014, s44 sets no timescale for the decision.",
            "is_decision": True,
            "review_field": "decision_date",
        },
        {
            "key": "commissioned",
            "name": "Review commissioned",
            "owner": "Safeguarding adults board",
            "source": NO_TIMESCALE,
            "review_only": True,
            "review_field": "commissioned_date",
        },
        {
            "key": "draft",
            "name": "Draft report received",
            "owner": "Independent reviewer",
            "source": NO_TIMESCALE,
            "review_only": True,
        },
        {
            "key": "final",
            "name": "Review completed: final report agreed",
            "owner": "Safeguarding adults board",
            "clock_unit": ClockUnit.MONTHS,
            "clock_amount": 6,
            "clock_from": "decision",
            "source": f"{CARE_GUIDANCE}: complete a review within a reasonable period and in "
            "any event within 6 months of initiating it, unless there are good reasons.",
            "review_only": True,
            "review_field": "recommendations_agreed_date",
        },
        {
            "key": "published",
            "name": "Findings published (annual report)",
            "owner": "Safeguarding adults board",
            "source": "Care Act 2014, Schedule 2: findings are in the board's annual report; "
            "no other timescale.",
            "review_only": True,
            "review_field": "published_date",
        },
        {
            "key": "action_plan",
            "name": "Action plan agreed",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
        },
        {"key": "closed", "name": "Closed", "owner": "Board manager", "source": NO_TIMESCALE},
    ),
    Lifecycle.DHR: _stages(
        {
            "key": "referral",
            "name": "Death notified to the community safety partnership",
            "owner": "Police",
            "source": f"{DHR_GUIDANCE}: the police tell the partnership in writing.",
            "review_field": "incident_date",
        },
        {
            "key": "decision",
            "name": "Decision on a domestic homicide review",
            "owner": "Community safety partnership",
            "clock_unit": ClockUnit.MONTHS,
            "clock_amount": 1,
            "clock_from": "referral",
            "source": f"{DHR_GUIDANCE}: decide within one month of the death coming to the "
            "partnership's attention, and tell the Home Office.",
            "is_decision": True,
            "review_field": "decision_date",
        },
        {
            "key": "commissioned",
            "name": "Chair appointed and panel set up",
            "owner": "Community safety partnership",
            "source": NO_TIMESCALE,
            "review_only": True,
            "review_field": "commissioned_date",
        },
        {
            "key": "final",
            "name": "Overview report completed",
            "owner": "Review panel chair",
            "clock_unit": ClockUnit.MONTHS,
            "clock_amount": 6,
            "clock_from": "decision",
            "source": f"{DHR_GUIDANCE}: complete the review within 6 months of the decision "
            "to hold it, where criminal proceedings allow.",
            "review_only": True,
            "review_field": "recommendations_agreed_date",
        },
        {
            "key": "home_office",
            "name": "Sent to the Home Office quality assurance panel",
            "owner": "Community safety partnership",
            "source": NO_TIMESCALE,
            "review_only": True,
        },
        {
            "key": "published",
            "name": "Report published",
            "owner": "Community safety partnership",
            "source": f"{DHR_GUIDANCE}: after the Home Office panel's letter; no timescale.",
            "review_only": True,
            "review_field": "published_date",
        },
        {
            "key": "action_plan",
            "name": "Action plan agreed",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
        },
        {"key": "closed", "name": "Closed", "owner": "Board manager", "source": NO_TIMESCALE},
    ),
    Lifecycle.NATIONAL: _stages(
        {
            "key": "started",
            "name": "National review started by the panel",
            "owner": "National panel",
            "source": NO_TIMESCALE,
            "review_field": "decision_date",
        },
        {
            "key": "published",
            "name": "National review published",
            "owner": "National panel",
            "source": NO_TIMESCALE,
            "review_field": "published_date",
        },
        {
            "key": "action_plan",
            "name": "Local action plan agreed",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
            "review_field": "recommendations_agreed_date",
        },
        {"key": "closed", "name": "Closed", "owner": "Board manager", "source": NO_TIMESCALE},
    ),
    Lifecycle.AUDIT: _stages(
        {
            "key": "planned",
            "name": "Audit agreed and scoped",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
            "review_field": "decision_date",
        },
        {
            "key": "fieldwork",
            "name": "Cases audited",
            "owner": "Audit group",
            "source": NO_TIMESCALE,
        },
        {
            "key": "findings",
            "name": "Findings reported to the board",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
            "review_field": "recommendations_agreed_date",
        },
        {
            "key": "action_plan",
            "name": "Action plan agreed",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
        },
        {
            "key": "reaudit",
            "name": "Repeat audit done",
            "owner": "Audit group",
            "source": NO_TIMESCALE,
        },
        {"key": "closed", "name": "Closed", "owner": "Board manager", "source": NO_TIMESCALE},
    ),
    Lifecycle.INSPECTION: _stages(
        {
            "key": "inspection",
            "name": "Inspection visit",
            "owner": "Inspectorate",
            "source": NO_TIMESCALE,
            "review_field": "incident_date",
        },
        {
            "key": "published",
            "name": "Inspection report published",
            "owner": "Inspectorate",
            "source": NO_TIMESCALE,
            "review_field": "published_date",
        },
        {
            "key": "action_plan",
            "name": "Action plan agreed",
            "owner": "Board manager",
            "source": "No default deadline: where an inspectorate sets one for a written "
            "statement of action, add it as the partnership's rule.",
            "review_field": "recommendations_agreed_date",
        },
        {"key": "closed", "name": "Closed", "owner": "Board manager", "source": NO_TIMESCALE},
    ),
    Lifecycle.OTHER: _stages(
        {
            "key": "started",
            "name": "Review started",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
            "review_field": "decision_date",
        },
        {
            "key": "final",
            "name": "Report and recommendations agreed",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
            "review_field": "recommendations_agreed_date",
        },
        {
            "key": "action_plan",
            "name": "Action plan agreed",
            "owner": "Board manager",
            "source": NO_TIMESCALE,
        },
        {"key": "closed", "name": "Closed", "owner": "Board manager", "source": NO_TIMESCALE},
    ),
}


def merge(defaults: tuple[StageSpec, ...], rules) -> list[StageSpec]:
    """The defaults with a partnership's rules applied: a rule replaces the default stage of
    the same key (or adds a stage), an inactive rule drops it. In order of position."""
    by_key = {spec.key: spec for spec in defaults}
    for rule in rules:
        if not rule.is_active:
            by_key.pop(rule.key, None)
            continue
        default = by_key.get(rule.key)
        by_key[rule.key] = StageSpec(
            key=rule.key,
            name=rule.name,
            position=rule.position,
            owner=rule.owner,
            clock_unit=rule.clock_unit,
            clock_amount=rule.clock_amount or 0,
            clock_from=rule.clock_from,
            source=rule.source
            or (
                f"Partnership's own rule. Default: {default.source}"
                if default
                else "Partnership's own rule."
            ),
            review_only=rule.review_only,
            is_decision=default.is_decision if default else False,
            review_field=default.review_field if default else "",
        )
    return sorted(by_key.values(), key=lambda spec: (spec.position, spec.key))


def stages_for(partnership_id: int, lifecycle: str, rules=None) -> list[StageSpec]:
    """The stages in force for a partnership's reviews of a lifecycle: one query, or none
    when `rules` (the partnership's StageRule rows, any lifecycle) are given."""
    from .models import StageRule

    if rules is None:
        rules = StageRule.objects.filter(partnership_id=partnership_id, lifecycle=lifecycle)
    rules = [r for r in rules if r.lifecycle == lifecycle]
    return merge(DEFAULT_STAGES[Lifecycle(lifecycle)], rules)


def due_date(spec: StageSpec, clock_start: datetime.date | None, nation: str):
    """The deadline of a stage whose clock started on `clock_start`, or None."""
    if not spec.has_clock or clock_start is None:
        return None
    if spec.clock_unit == ClockUnit.WORKING_DAYS:
        return add_working_days(clock_start, spec.clock_amount, nation)
    if spec.clock_unit == ClockUnit.CALENDAR_DAYS:
        return clock_start + datetime.timedelta(days=spec.clock_amount)
    return add_months(clock_start, spec.clock_amount)


def snapshot(spec: StageSpec) -> dict:
    """The rule as a stage record keeps it once its clock has started."""
    return {
        "name": spec.name,
        "position": spec.position,
        "owner": spec.owner,
        "clock_unit": spec.clock_unit,
        "clock_amount": spec.clock_amount,
        "clock_from": spec.clock_from,
        "source": spec.source,
    }


def from_record(spec: StageSpec, record) -> StageSpec:
    """The spec with the rule a stage record froze when its clock started."""
    return replace(
        spec,
        name=record.name or spec.name,
        owner=record.owner or spec.owner,
        clock_unit=record.clock_unit,
        clock_amount=record.clock_amount,
        clock_from=record.clock_from,
        source=record.source,
    )
