"""Match spreadsheet headings to the fields of a recommendation and its actions.

Real action plans label their columns in many ways, often with a question and a paragraph of
guidance inside the heading cell ("Leadership: who will chase progress and be responsible for
completion"). A heading is reduced to lower-case words, and matched when it *starts with* one
of a field's known names; the longest known name wins, so "Recommendation number" is the
number and "Recommendation" the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "HeaderRow",
    "find_header_row",
    "match_heading",
    "normalise_heading",
]

# Field name -> (label shown to users, known headings). Headings are normalised before use.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": (
        "Recommendation number",
        (
            "No",
            "Number",
            "Rec no",
            "Rec number",
            "Recommendation no",
            "Recommendation number",
            "Ref",
            "Reference",
        ),
    ),
    "recommendation": (
        "Recommendation",
        ("Recommendation", "Recommendations", "What is the recommendation", "Rec", "Finding"),
    ),
    "desired_outcome": (
        "Desired aim or outcome",
        (
            "What is the desired aim outcome",
            "What is the desired aim",
            "What is the desired outcome",
            "Desired outcome",
            "Desired aim",
            "Aim",
            "Aims",
            "Intended outcome",
        ),
    ),
    "key_actions": (
        "Key actions",
        (
            "Key actions",
            "Key action",
            "How will change be achieved",
            "Actions",
            "Action",
            "Actions to be taken",
            "Action to be taken",
            "Agreed actions",
        ),
    ),
    "evidence_expected": (
        "Evidence expected",
        ("Evidence", "Evidence expected", "Evidence of completion", "Evidence required"),
    ),
    "outcome_measure": (
        "Outcome measure",
        (
            "Key outcome s",
            "Key outcomes",
            "Key outcome",
            "Outcome measure",
            "Outcome measures",
            "Outcomes",
            "Outcome",
            "Impact measure",
        ),
    ),
    "lead_officer": (
        "Lead officer",
        (
            "Lead officer",
            "Lead officers",
            "Leadership",
            "Lead",
            "Lead person",
            "Responsible officer",
            "Responsible person",
            "Responsibility",
            "Owner",
            "Action owner",
        ),
    ),
    "timescale": (
        "Timescale",
        (
            "Date",
            "Timescale",
            "Timescales",
            "Target date",
            "Completion date",
            "By when",
            "Deadline",
        ),
    ),
    "due_date": ("Due date", ("Due date", "Due")),
    "source": (
        "Source (overview report, an agency's IMR...)",
        ("Source", "Source of recommendation", "Recommendation source", "Origin"),
    ),
    "agency": (
        "Agency",
        (
            "Agency",
            "Agencies",
            "Lead agency",
            "Owning agency",
            "Organisation",
            "Organization",
            "Partner agency",
            "Service",
        ),
    ),
}
FIELD_LABELS = {name: label for name, (label, _) in FIELDS.items()}

_WORDS = re.compile(r"[a-z0-9]+")


def normalise_heading(text: object) -> str:
    """Lower-case words separated by single spaces: case, punctuation and line breaks ignored."""
    return " ".join(_WORDS.findall(str(text or "").lower().replace("’", "'").replace("'", "")))


_KNOWN = sorted(
    (
        (normalise_heading(heading), field)
        for field, (_, headings) in FIELDS.items()
        for heading in headings
    ),
    key=lambda pair: -len(pair[0]),
)


def match_heading(text: object, saved: dict[str, str] | None = None) -> str | None:
    """The field a heading names, or None. `saved` ({normalised heading: field or ""}) is a
    mapping the user chose before; it wins over the built-in names ("" means ignore)."""
    heading = normalise_heading(text)
    if not heading:
        return None
    if saved and heading in saved:
        return saved[heading] or None
    for known, field in _KNOWN:
        if heading == known or heading.startswith(known + " "):
            return field
    return None


@dataclass(frozen=True)
class HeaderRow:
    index: int  # position in Table.rows
    fields: list[str | None]  # the field of each column, None when not recognised
    duplicates: dict[int, str]  # column -> field already taken by an earlier column


def header_fields(cells: list, saved: dict[str, str] | None = None) -> HeaderRow:
    fields: list[str | None] = []
    duplicates: dict[int, str] = {}
    for column, cell in enumerate(cells):
        field = match_heading(cell, saved) if isinstance(cell, str) else None
        if field is not None and field in fields:
            duplicates[column] = field
            field = None
        fields.append(field)
    return HeaderRow(-1, fields, duplicates)


HEADER_SEARCH_ROWS = 30


def find_header_row(rows: list[list], saved: dict[str, str] | None = None) -> HeaderRow | None:
    """The heading row among the first rows: the one naming most fields, and at least two
    (or the recommendation alone in a row of several headings). None when there is none."""
    best: HeaderRow | None = None
    best_score = 0
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = header_fields(cells, saved)
        recognised = [f for f in found.fields if f]
        score = len(recognised)
        text_cells = sum(1 for c in cells if isinstance(c, str) and c.strip())
        good = score >= 2 or (recognised == ["recommendation"] and text_cells >= 2)
        if good and score > best_score:
            best, best_score = HeaderRow(index, found.fields, found.duplicates), score
    return best
