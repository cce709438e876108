"""What a report is built from. The same options drive the on-screen preview, the draft and
issued PDFs, the Word version and the command line, and are stored with each issued report."""

import datetime
from dataclasses import asdict, dataclass, fields, replace

from django.db import models
from django.utils.formats import date_format

from assurance.models import ReportKind, ReportVersion
from reviews.models import ReviewKind

SINGLE_REVIEW_KINDS = frozenset({ReportKind.ASSURANCE, ReportKind.BRIEFING, ReportKind.ACTION_PLAN})
WORD_KINDS = frozenset({ReportKind.ASSURANCE, ReportKind.BRIEFING, ReportKind.ACTION_PLAN})
# Wide tables: these print on A4 landscape.
LANDSCAPE_KINDS = frozenset({ReportKind.ACTION_PLAN, ReportKind.AGENCY, ReportKind.CROSS_REVIEW})

# The paragraphs a board manager writes or rewrites for each report (not the memo lines):
# the pre-issue check lists those still at the wording the report started with.
EDITABLE_TEXT = {
    ReportKind.ASSURANCE: ("purpose",),
    ReportKind.BRIEFING: (
        "purpose",
        "board_recommendations",
        "background",
        "publication_delay",
        "contact_officer",
    ),
}
DEFAULT_BOARD_RECOMMENDATIONS = (
    "Note the recommendations and progress made",
    "Identify any recommendation for the Cabinet Member",
)
ASSURANCE_SUBJECT = "Recommendations and Implementation Assurance"
# Part 1 of Schedule 12A to the Local Government Act 1972 (England): the descriptions of exempt
# information. An exempt report names the paragraph the board manager chose.
SCHEDULE_12A = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated "
    "consultations or negotiations, in connection with any labour relations matter arising "
    "between the authority or a Minister of the Crown and employees of, or office holders "
    "under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings.",
    6: "Information which reveals that the authority proposes to give under any enactment a "
    "notice by virtue of which requirements are imposed on a person, or to make an order or "
    "direction under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime.",
}
_ABBREVIATIONS = {
    ReviewKind.SCR: "SCR",
    ReviewKind.LCSPR: "LCSPR",
    ReviewKind.SAR: "SAR",
    ReviewKind.DHR: "DHR",
}


class ExemptHandling(models.TextChoices):
    OMIT = "omit", "Leave exempt reviews out"
    PLACEHOLDER = "placeholder", "Show each one as “Exempt item”, with no detail"


@dataclass(frozen=True)
class ReportOptions:
    kind: str
    version: str = ReportVersion.EXEMPT
    exempt_handling: str = ExemptHandling.PLACEHOLDER
    review_ids: tuple[int, ...] = ()
    agency_id: int | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    to: str = ""
    sender: str = ""
    date: datetime.date | None = None
    subject: str = ""
    purpose: str = ""
    board_recommendations: tuple[str, ...] = DEFAULT_BOARD_RECOMMENDATIONS
    appendices: tuple[str, ...] = ()
    include_rag: bool = False
    include_level: bool = False
    # The paragraph of Schedule 12A the exempt version relies on.
    exempt_paragraph: int = 1
    # What only the board manager knows, written on the compose page (briefing note).
    background: str = ""
    publication_delay: str = ""
    contact_officer: str = ""

    @property
    def is_public(self) -> bool:
        return self.version == ReportVersion.PUBLIC

    @property
    def version_label(self) -> str:
        """The version as the foot of every page prints it."""
        if self.is_public:
            return "PUBLIC"
        return (
            f"EXEMPT – NOT FOR PUBLICATION (Schedule 12A, paragraph {self.exempt_paragraph}, "
            "Local Government Act 1972)"
        )

    @property
    def exempt_reason(self) -> str:
        """Why the exempt version is not for publication, in full, for its first page."""
        paragraph = self.exempt_paragraph
        description = SCHEDULE_12A[paragraph].rstrip(".")
        return (
            f"Not for publication: this report contains exempt information within paragraph "
            f"{paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972 "
            f"({description[0].lower()}{description[1:]})."
        )

    def marking(self, protective_marking: str) -> str:
        """The marking at the head of every page. It never contradicts the version at the
        foot: a public version is marked PUBLIC; an exempt one carries the protective marking
        (OFFICIAL-SENSITIVE) and says it is not for publication."""
        if self.is_public:
            return "PUBLIC"
        return " – ".join(part for part in (protective_marking, "NOT FOR PUBLICATION") if part)

    def hides(self, review) -> bool:
        """True when the review's detail must not appear in this version."""
        return self.is_public and review.is_exempt

    def omits(self, review) -> bool:
        """True when the review is left out altogether (public version, "leave out" chosen)."""
        return self.hides(review) and self.exempt_handling == ExemptHandling.OMIT

    def to_json(self) -> dict:
        data = asdict(self)
        for name in ("period_start", "period_end", "date"):
            data[name] = data[name].isoformat() if data[name] else None
        data["review_ids"] = list(self.review_ids)
        data["board_recommendations"] = list(self.board_recommendations)
        data["appendices"] = list(self.appendices)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ReportOptions":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("period_start", "period_end", "date"):
            if values.get(name):
                values[name] = datetime.date.fromisoformat(values[name])
        for name in ("review_ids", "board_recommendations", "appendices"):
            if name in values:
                values[name] = tuple(values[name])
        return cls(**values)


def review_kind_phrase(review) -> str:
    """ "serious case review (SCR)" as a briefing note writes it."""
    name = review.get_kind_display().lower()
    abbreviation = _ABBREVIATIONS.get(review.kind)
    return f"{name} ({abbreviation})" if abbreviation else name


def reporting_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The April–March year that `day` falls in, as partnerships' yearly reports run."""
    start_year = day.year if day >= datetime.date(day.year, 4, 1) else day.year - 1
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)


def with_defaults(
    options: ReportOptions,
    *,
    partnership,
    reviews=(),
    agency=None,
    sender_user=None,
    today,
    latest_activity: datetime.date | None = None,
):
    """Fill every empty text option with the wording a board manager would start from. The
    yearly extract's year is the one of `latest_activity` (the latest day with something to
    report), else the last complete year."""
    review = reviews[0] if options.kind in SINGLE_REVIEW_KINDS and reviews else None
    changes = {}
    if not options.date:
        changes["date"] = today
    if not options.to:
        board = next(iter(partnership.scrutiny_boards.all()), None)
        changes["to"] = board.name if board else "Scrutiny board"
    if not options.sender and sender_user is not None:
        name = sender_user.get_full_name() or sender_user.get_username()
        changes["sender"] = f"{name}, {sender_user.job_title}" if sender_user.job_title else name
    if options.kind == ReportKind.YEARLY and not (options.period_start and options.period_end):
        anchor = latest_activity or reporting_year(today)[0] - datetime.timedelta(days=1)
        start, end = reporting_year(anchor)
        changes["period_start"] = options.period_start or start
        changes["period_end"] = options.period_end or end
    if not options.subject:
        changes["subject"] = default_subject(options, review=review, agency=agency)
    if not options.purpose and review is not None:
        changes["purpose"] = default_purpose(options, review=review, partnership=partnership)
    return replace(options, **changes)


def default_subject(options, *, review=None, agency=None) -> str:
    if options.kind == ReportKind.ASSURANCE:
        return ASSURANCE_SUBJECT
    if options.kind == ReportKind.BRIEFING and review is not None:
        if options.hides(review):
            return f"{review.get_kind_display()} – exempt item"
        return f"{review.get_kind_display()} – {review.title}"
    if options.kind == ReportKind.ACTION_PLAN and review is not None:
        name = "Exempt item" if options.hides(review) else review.title
        return f"{name}: full action plan"
    if options.kind == ReportKind.AGENCY and agency is not None:
        return f"{agency.name}: actions across all reviews"
    if options.kind == ReportKind.YEARLY:
        return "Reviews and their recommendations: yearly report extract"
    return "Reviews: how the recommendations have been implemented"


def default_purpose(options, *, review, partnership) -> str:
    if options.hides(review):
        return (
            "This report concerns an exempt item. Its detail is given in the exempt version only."
        )
    if options.kind == ReportKind.BRIEFING:
        when = (
            f"published by the {partnership.name} on {date_format(review.published_date, 'jS F Y')}"
            if review.published_date
            else f"commissioned by the {partnership.name}"
        )
        return (
            f"The purpose of this note is to update the scrutiny board on the outcome of the "
            f"{review_kind_phrase(review)} {when}."
        )
    return (
        f"This report provides assurance on the implementation of recommendations made in "
        f"relation to {review.title}."
    )


_OPTION_LABELS = {
    "version": "Version",
    "exempt_handling": "Exempt reviews in the public version",
    "period_start": "Start of the year",
    "period_end": "End of the year",
    "to": "To",
    "sender": "From",
    "date": "Date of the report",
    "subject": "Subject",
    "purpose": "Purpose",
    "board_recommendations": "Recommendations to the scrutiny board",
    "appendices": "Other appendices",
    "include_rag": "Partnership rating shown",
    "include_level": "Assurance level shown",
    "exempt_paragraph": "Schedule 12A paragraph (exempt version)",
    "background": "Background",
    "publication_delay": "Why publication was delayed",
    "contact_officer": "Contact officer",
}


def describe(options: ReportOptions, kind_fields) -> list[tuple[str, str]]:
    """The stored options in words, for the issued report's page."""
    rows = []
    for name, label in _OPTION_LABELS.items():
        if name not in kind_fields and name not in (
            "version",
            "exempt_handling",
            "exempt_paragraph",
        ):
            continue
        value = getattr(options, name)
        if name == "version":
            text = ReportVersion(value).label
        elif name == "exempt_handling":
            text = ExemptHandling(value).label
        elif name == "exempt_paragraph":
            text = f"{value}: {SCHEDULE_12A.get(value, '')}"
        elif isinstance(value, bool):
            text = "Yes" if value else "No"
        elif isinstance(value, datetime.date):
            text = date_format(value, "j F Y")
        elif isinstance(value, tuple):
            text = "; ".join(value) or "None"
        else:
            text = value or "None"
        rows.append((label, text))
    return rows
