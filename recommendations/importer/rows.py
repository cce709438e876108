"""Interpret the rows below the heading row: which recommendation each belongs to, which agency
owns its action, what its timescale means. Pure functions of the table, the column mapping and
what the database already holds (`PlanContext`), so that the preview and the commit agree.

The conventions of real action plans that are understood:

* A *section row* (one filled cell, often merged across the row) sets what follows: an agency
  ("Children's Services - Education"), or "Overview Report Recommendations".
* A recommendation written once for several actions, repeated on each action's row, or merged
  down (blank below it), is one recommendation with several actions.
* "6. The Education welfare manager ..." or "iv) ..." at the start of the text is the number.
* Timescales are read by `recommendations.timescale.read_timescale`; Excel date cells and
  serial numbers are understood too.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field

from openpyxl.utils.datetime import from_excel

from recommendations.models import Action, Recommendation, RecommendationSource
from recommendations.timescale import read_timescale
from scr_tracker.models import Agency

from .agencies import AgencyMatcher, agency_key
from .headings import FIELD_LABELS, normalise_heading
from .preview import PlannedAction, PlannedAgency, PlannedRecommendation, Preview, PreviewRow
from .reading import Table, column_letter

__all__ = ["AGENCY_HEADINGS", "PlanContext", "agency_key", "interpret", "split_number"]

# What an agency heading above recommendations means.
AGENCY_HEADINGS = {
    "imr": "That agency's own recommendations (from its IMR); it owns their actions",
    "owner": "Overview report recommendations; the heading only names the agency that owns "
    "the actions",
}

NEW_AGENCY = "new"

_ACTION_FIELDS = (
    "key_actions",
    "lead_officer",
    "timescale",
    "due_date",
    "evidence_expected",
    "outcome_measure",
)
_MAX_LENGTHS = {
    "number": Recommendation._meta.get_field("number").max_length,
    "lead_officer": Action._meta.get_field("lead_officer").max_length,
    "timescale": Action._meta.get_field("timescale").max_length,
    "agency": Agency._meta.get_field("name").max_length,
}
# Excel serial numbers from 1955 to 2119: an integer in a date column in this range is a date.
_SERIAL_RANGE = (20000, 80000)

_ROMAN = r"(?:x{1,3}(?:ix|iv|v?i{0,3})|ix|iv|v?i{1,3}|v)"
_NUMBER_TOKEN = rf"(?:\d{{1,3}}(?:\.\d{{1,3}})*[a-z]?|{_ROMAN})"
_LABELLED_RE = re.compile(
    rf"^\s*(?:[\w'’]+\s+){{0,3}}?(?:recommendation|rec)\.?\s*(?:no\.?\s*)?(?P<number>{_NUMBER_TOKEN})"
    r"\s*[:.)\-–—]+\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED_RE = re.compile(
    r"^\s*\(?(?P<number>\d{1,3}(?:\.\d{1,3})*[a-z]?)(?:[.)]|\s*[-–—:])\s+(?P<rest>\S.*)$", re.DOTALL
)
_DOTTED_RE = re.compile(r"^\s*(?P<number>\d{1,3}(?:\.\d{1,3})+)\s+(?P<rest>[A-Za-z].*)$", re.DOTALL)
_LETTERED_RE = re.compile(
    rf"^\s*\(?(?P<number>{_ROMAN}|[a-z])\)\s+(?P<rest>\S.*)$|^\s*(?P<roman>{_ROMAN})\.\s+(?P<rest2>\S.*)$",
    re.DOTALL,
)
_NUMBER_ONLY_RE = re.compile(
    rf"^\s*(?:(?:recommendation|rec)\.?\s*(?:no\.?\s*)?)?\(?(?P<number>{_NUMBER_TOKEN}|[a-z]|\d+[a-z]?(?:\(\w\))?)\)?[.:,]?\s*$",
    re.IGNORECASE,
)
_OVERVIEW_RE = re.compile(
    r"^(?:the\s+)?(?:overview(?:\s+report)?|multi[\s-]*agency)(?:\s+(?:report\s+)?recommendations?)?$"
    r"|\boverview\b"
    r"|^(?:the\s+)?(?:lscb|lsab|board|partnership|safeguarding\s+(?:children\s+|adults\s+)?"
    r"(?:board|partnership))(?:'?s)?\s+recommendations?$",
    re.I,
)
_OTHER_RE = re.compile(
    r"^(?:other|additional|further)\s+recommendations?$"
    r"|\brepeated\b|\b(?:earlier|previous|past|other)\s+(?:serious\s+case\s+)?reviews?\b"
    r"|\brecommendations?\s+(?:from|of)\s+(?:the\s+)?(?:scr|serious\s+case\s+review)\s",
    re.I,
)
# How a Source cell (a list of recommendations: Number | Recommendation | Source) is read.
_IMR_WORDS_RE = re.compile(r"\b(?:imr|individual\s+management\s+review)\b\s*[:\-–—]?", re.I)
_BULLET_RE = re.compile(r"^\s*(?:[•●▪◦·‣∙*o\-–—]|\(?[a-z0-9]{1,3}[.)])\s+", re.I)
_PURE_BULLET_RE = re.compile(r"^\s*[•●▪◦·‣∙*\-–—]\s+")
_SECTION_SUFFIX_RE = re.compile(
    r"[\s\-–—:(]*\b(?:single[\s-]*agency\s+)?(?:imr\s+)?(?:recommendations?|actions?|action\s+plan)\)?\s*$"
    r"|[\s\-–—:(]*\bimr\b\)?\s*$",
    re.I,
)
_SENTENCE_WORDS_RE = re.compile(r"\b(?:should|must|will|ensure|seek|request|consider)\b", re.I)
_MIDNIGHT_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(?::00)?$")


@dataclass
class PlanContext:
    """What the database holds that the rows are matched against."""

    agencies: list[tuple[int, str]] = field(default_factory=list)  # (pk, name) in the partnership
    # (source, source agency pk or None, number lower-cased) -> (pk, text) already in the review
    recommendations: dict[tuple[str, int | None, str], tuple[int, str]] = field(
        default_factory=dict
    )
    default_agency_pk: int | None = None


def heading_source(text: str) -> str | None:
    """The source a heading row (or a Source cell) names when it is not an agency: the
    overview report ("Overview Report Recommendations", "Overview report", "LSCB
    recommendations") or another ("Recommendations repeated from earlier reviews")."""
    text = " ".join(text.split())
    if len(text) > 100 or len(text.split()) > 12:
        return None
    if _OVERVIEW_RE.search(text):
        return RecommendationSource.OVERVIEW
    if _OTHER_RE.search(text):
        return RecommendationSource.OTHER
    return None


def cell_items(text: str) -> list[str]:
    """The items of a cell written as several lines or bullets: a line starting with a bullet
    starts an item and the lines below it belong to it; without bullets, each line is one."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) <= 1:
        return lines
    if any(_BULLET_RE.match(line) for line in lines):
        items: list[str] = []
        for line in lines:
            if _BULLET_RE.match(line) or not items:
                items.append(line)
            else:
                items[-1] = f"{items[-1]}\n{line}"
        return items
    return lines


def _strip_bullet(text: str) -> str:
    return _PURE_BULLET_RE.sub("", text, count=1).strip()


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def split_number(text: str) -> tuple[str | None, str]:
    """("6", "The Education welfare manager ...") from "6. The Education welfare manager ..."."""
    for pattern in (_LABELLED_RE, _NUMBERED_RE, _DOTTED_RE):
        m = pattern.match(text)
        if m:
            return m["number"].lower() if not m["number"].isdigit() else m["number"], m[
                "rest"
            ].strip()
    m = _LETTERED_RE.match(text)
    if m:
        number = m["number"] or m["roman"]
        if number:
            return number, (m["rest"] or m["rest2"]).strip()
    return None, text


def clean_number(text: str) -> str:
    """ "Recommendation 6" -> "6", "iv)" -> "iv", "6." -> "6"; anything else as written."""
    m = _NUMBER_ONLY_RE.match(text)
    return m["number"] if m else text.strip()


def _is_number_like(text: str) -> bool:
    return bool(_NUMBER_ONLY_RE.match(text)) and len(text.strip()) <= 12


def _format_date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _month_only(number_format: str) -> bool:
    """Whether an Excel number format shows a month and year but no day ("mmm-yy")."""
    bare = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.lower())
    return "d" not in bare and "m" in bare and "y" in bare


class _Cells:
    """One row's mapped cells, read as text, with the row's messages."""

    def __init__(self, cells: list, columns: dict[str, int], headings: list, row: PreviewRow):
        self.cells, self.columns, self.headings, self.row = cells, columns, headings, row

    def where(self, field_name: str) -> str:
        column = self.columns[field_name]
        heading = (
            " ".join(str(self.headings[column] or "").split())
            if column < len(self.headings)
            else ""
        )
        if len(heading) > 40:
            heading = heading[:37].rstrip() + "..."
        label = heading or FIELD_LABELS[field_name]
        return f"column {column_letter(column)} ({label})"

    def raw(self, field_name: str):
        column = self.columns.get(field_name)
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]

    def text(self, field_name: str) -> str:
        value = self.raw(field_name)
        if value is None:
            return ""
        if isinstance(value, dict):
            if "formula" in value:
                self.error(
                    field_name,
                    f"the formula {value['formula']} has no saved value. Open the file in Excel, "
                    "save it so the formula is calculated, and upload it again.",
                )
                return ""
            if "error" in value:
                self.error(
                    field_name,
                    f"holds the Excel error {value['error']}; correct the cell and upload again.",
                )
                return ""
            day = datetime.date.fromisoformat(value["date"])
            if field_name == "timescale" and _month_only(value.get("format", "")):
                return f"{day:%B %Y}"
            return _format_date(day)
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else str(value)
        if isinstance(value, int):
            return str(value)
        return value.strip()

    def error(self, field_name: str, message: str):
        self.row.errors.append(
            f"{self.where(field_name)[0].upper()}{self.where(field_name)[1:]}: {message}"
        )

    def warn(self, field_name: str, message: str):
        self.row.warnings.append(
            f"{self.where(field_name)[0].upper()}{self.where(field_name)[1:]}: {message}"
        )

    def too_long(self, field_name: str, text: str) -> bool:
        limit = _MAX_LENGTHS[field_name]
        if len(text) > limit:
            self.error(field_name, f"is {len(text):,} characters long; at most {limit:,} fit.")
            return True
        return False


class _Interpreter:
    def __init__(
        self, table: Table, header_index: int, mapping: list, options: dict, context: PlanContext
    ):
        self.table = table
        self.header_index = header_index
        self.headings = table.rows[header_index] if header_index < len(table.rows) else []
        self.columns = {name: column for column, name in enumerate(mapping) if name}
        self.agency_headings = options.get("agency_headings") or "imr"
        self.context = context
        self.preview = Preview(notes=list(table.notes))
        self.agency_index: dict[str, int] = {}
        self.pk_index: dict[int, int] = {}
        self.agency_names = dict(context.agencies)
        self.matcher = AgencyMatcher(context.agencies)
        # {agency_key(name in file): pk or NEW_AGENCY}: the user's answers.
        self.agency_matches = {
            str(key): value for key, value in (options.get("agency_matches") or {}).items()
        }
        self.create_agencies = bool(options.get("create_agencies"))
        self.default_agency: int | None = None
        if context.default_agency_pk is not None:
            name = self.agency_names.get(context.default_agency_pk)
            if name is not None:
                self.default_agency = self._known_agency(
                    context.default_agency_pk, name, header_index + 1, "chosen for rows naming none"
                )
        # Where we are: set by section rows and by each recommendation.
        self.source = RecommendationSource.OVERVIEW
        self.section_agency: int | None = None
        self.heading_in_force = False
        self.current: int | None = None
        self.by_key: dict[tuple, int] = {}
        # Whether each value of an Agency column starts that agency's own recommendations,
        # numbered afresh, as an agency heading row does (decided by `_numbering_restarts`).
        self.agency_column_scopes = False

    # --- agencies ---

    def _known_agency(self, pk: int, name: str, row: int, how: str, file_name: str = "") -> int:
        if pk in self.pk_index:
            index = self.pk_index[pk]
            agency = self.preview.agencies[index]
            if file_name and file_name not in agency.file_names:
                agency.file_names.append(file_name)
            return index
        self.preview.agencies.append(
            PlannedAgency(
                name=name, pk=pk, row=row, how=how, file_names=[file_name] if file_name else []
            )
        )
        self.pk_index[pk] = len(self.preview.agencies) - 1
        return self.pk_index[pk]

    def _agency(self, name: str, row: int) -> int:
        """The agency a name in the file stands for: matched to one of the partnership's,
        chosen by the user, to be created because the user said so, or not matched (an error
        until the user says which). Never created silently."""
        name = " ".join(name.split())
        key = agency_key(name)
        if key in self.agency_index:
            return self.agency_index[key]
        choice = self.agency_matches.get(key)
        if choice is not None and choice != NEW_AGENCY:
            try:
                pk = int(choice)
            except (TypeError, ValueError):
                pk = None
            if pk in self.agency_names:
                index = self._known_agency(pk, self.agency_names[pk], row, "chosen by you", name)
                self.agency_index[key] = index
                return index
        found = self.matcher.match(name)
        if choice is None and found.pk is not None:
            index = self._known_agency(found.pk, self.agency_names[found.pk], row, found.how, name)
        else:
            create = choice == NEW_AGENCY or self.create_agencies
            self.preview.agencies.append(
                PlannedAgency(
                    name=name,
                    pk=None,
                    row=row,
                    create=create,
                    how="new agency" if create else "",
                    file_names=[name],
                    suggested=found.candidates,
                )
            )
            index = len(self.preview.agencies) - 1
        self.agency_index[key] = index
        return index

    # --- rows ---

    def run(self) -> Preview:
        if "recommendation" not in self.columns and "number" not in self.columns:
            self.preview.errors.append(
                "No column holds the recommendations: map a column to Recommendation on the "
                "mapping page."
            )
        body = self.table.rows[self.header_index + 1 :]
        if not any(body):
            self.preview.errors.append("There are no rows below the heading row.")
        self.agency_column_scopes = self._numbering_restarts(body)
        if self.agency_column_scopes:
            self.preview.notes.append(
                "The recommendations are numbered afresh for each agency in the Agency column, "
                "so each agency's rows are read as its own (IMR) recommendations, numbered on "
                "their own, as under an agency heading row."
            )
        header_key = [normalise_heading(cell) for cell in self.headings]
        for offset, cells in enumerate(body):
            index = self.header_index + 1 + offset
            if not cells:
                self.preview.blank_rows += 1
                continue
            if self._repeats_headings(cells, header_key):
                self.preview.repeated_headings += 1
                continue
            self._row(index, cells)
        self._number_the_unnumbered()
        for rec in self.preview.recommendations:
            rec.scope = self._scope_label(rec)
        for agency in self.preview.unmatched_agencies:
            names = ", ".join(f"'{name}'" for name in agency.file_names or [agency.name])
            self.preview.errors.append(
                f"The agency {names} (first on row {agency.row}) is not one of the "
                "partnership's agencies: say which agency it is, or choose to create it, on the "
                "agencies page."
            )
        return self.preview

    @staticmethod
    def _repeats_headings(cells: list, header_key: list[str]) -> bool:
        """A heading row typed again below (after a page break in Word, say)."""
        filled = [i for i, cell in enumerate(cells) if cell is not None]
        if len(filled) < 2:
            return False
        return all(
            i < len(header_key)
            and isinstance(cells[i], str)
            and normalise_heading(cells[i]) == header_key[i]
            for i in filled
        )

    @staticmethod
    def _plain(cells: list, column: int | None) -> str:
        if column is None or column >= len(cells):
            return ""
        value = cells[column]
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return value.strip() if isinstance(value, str) else str(value) if value is not None else ""

    def _numbering_restarts(self, body: list[list]) -> bool:
        """Whether an Agency column scopes the numbering: outside heading rows, two agencies'
        rows use the same number for different recommendations (each agency's IMR plan
        numbers its own rows from 1). Otherwise the Agency column only names who owns each
        action, and a recommendation may have actions of several agencies."""
        if "agency" not in self.columns or self.agency_headings != "imr":
            return False
        seen: dict[str, tuple[str, str]] = {}
        for offset, cells in enumerate(body):
            if not cells:
                continue
            if self._section_heading(self.header_index + 1 + offset, cells) is not None:
                return False
            number = clean_number(self._plain(cells, self.columns.get("number")))
            text = self._plain(cells, self.columns.get("recommendation"))
            if text and not number:
                number, text = split_number(text)
            agency = agency_key(self._plain(cells, self.columns["agency"]))
            if not number or not text or not agency:
                continue
            earlier = seen.setdefault(number.lower(), (agency, text))
            if earlier[0] != agency and not _same_text(earlier[1], text):
                return True
        return False

    def _scope_label(self, rec: PlannedRecommendation) -> str:
        if rec.source == RecommendationSource.IMR and rec.source_agency is not None:
            return f"{self.preview.agencies[rec.source_agency].name} {rec.number}"
        return f"{RecommendationSource(rec.source).label} {rec.number}"

    def _row(self, index: int, cells: list):
        row = PreviewRow(row=index + 1)
        section = self._section_heading(index, cells)
        if section is not None:
            self._start_section(section, row)
            self.preview.rows.append(row)
            return
        mapped = _Cells(cells, self.columns, self.headings, row)
        if not any(mapped.raw(name) is not None for name in self.columns):
            row.warnings.append(
                "Only columns that are not imported are filled in; the row is left out."
            )
            self.preview.rows.append(row)
            return
        self._recommendation(mapped, row)
        if row.recommendation is not None:
            self._action(mapped, row)
        else:
            # Still report the row's unreadable cells, so one upload shows every problem.
            for name in _ACTION_FIELDS + ("agency",):
                if name in self.columns:
                    mapped.text(name)
        self.preview.rows.append(row)

    def _section_heading(self, index: int, cells: list) -> str | None:
        filled = [(column, value) for column, value in enumerate(cells) if value is not None]
        if len(filled) != 1 or not isinstance(filled[0][1], str):
            return None
        column, value = filled[0]
        text = value.strip()
        field_name = next((name for name, col in self.columns.items() if col == column), None)
        if field_name not in ("number", "recommendation", "agency") and not (
            column == 0 or index in self.table.merged_across
        ):
            return None
        if (
            "\n" in text
            or len(text) > 150
            or _is_number_like(text)
            or split_number(text)[0] is not None
        ):
            return None
        if field_name != "recommendation":
            return text
        strong = (
            index in self.table.merged_across
            or heading_source(text) is not None
            or self.matcher.match(self._section_agency_name(text)).pk is not None
        )
        short = len(text) <= 80 and len(text.split()) <= 10 and not text.endswith(".")
        if strong or (short and not _SENTENCE_WORDS_RE.search(text)):
            return text
        return None

    @staticmethod
    def _section_agency_name(text: str) -> str:
        name = _SECTION_SUFFIX_RE.sub("", text).strip(" -–—:")
        return name or text

    def _start_section(self, text: str, row: PreviewRow):
        row.section = text
        self.current = None
        self.heading_in_force = True
        source = heading_source(text)
        if source is not None:
            self.source, self.section_agency = source, None
            row.section_source = str(self.source)
            return
        name = self._section_agency_name(text)
        if len(name) > _MAX_LENGTHS["agency"]:
            row.errors.append(
                f"The heading is too long to be an agency's name ({len(name)} characters)."
            )
            self.section_agency = None
            return
        self.section_agency = self._agency(name, row.row)
        if self.agency_headings == "imr":
            self.source = RecommendationSource.IMR
        else:
            self.source = RecommendationSource.OVERVIEW
        row.section_source = str(self.source)
        row.section_agency = self.section_agency

    def _cell_scope(self, cells: _Cells, row: PreviewRow):
        """A Source cell, or an Agency column whose numbering restarts for each agency, sets
        the source of the recommendation on this row, as a heading row would."""
        scope = None
        if "source" in self.columns and cells.text("source"):
            scope = self._read_source(cells, row)
        elif self.agency_column_scopes and not self.heading_in_force:
            name = cells.text("agency") if "agency" in self.columns else ""
            if name and not cells.too_long("agency", name):
                scope = (RecommendationSource.IMR, self._agency(name, row.row))
        if scope is None or scope == (self.source, self.section_agency):
            return
        self.source, self.section_agency = scope
        self.current = None
        agency = self.preview.agencies[scope[1]].name if scope[1] is not None else ""
        row.scope_change = (
            f"{agency}'s own (IMR) recommendations"
            if scope[0] == RecommendationSource.IMR
            else f"{RecommendationSource(scope[0]).label} recommendations"
        )

    def _read_source(self, cells: _Cells, row: PreviewRow) -> tuple:
        value = cells.text("source")
        source = heading_source(value)
        if source is not None:
            return (source, None)
        name = _IMR_WORDS_RE.sub(" ", value).strip(" -–—:()")
        name = " ".join(name.split())
        if (
            name
            and len(name) <= _MAX_LENGTHS["agency"]
            and (_IMR_WORDS_RE.search(value) or self.matcher.match(name).pk is not None)
        ):
            return (RecommendationSource.IMR, self._agency(name, row.row))
        cells.warn("source", f"'{value[:60]}' names no agency's IMR, so it is read as Other.")
        return (RecommendationSource.OTHER, None)

    def _key(self, number: str) -> tuple:
        agency = self.section_agency if self.source == RecommendationSource.IMR else None
        return (self.source, agency, number.lower())

    def _recommendation(self, cells: _Cells, row: PreviewRow):
        number = clean_number(cells.text("number")) if "number" in self.columns else ""
        text = cells.text("recommendation") if "recommendation" in self.columns else ""
        from_text = False
        if text and not number:
            found, rest = split_number(text)
            if found:
                number, text, from_text = found, rest, True
        if len(number) > _MAX_LENGTHS["number"]:
            where = cells.where("number" if "number" in self.columns else "recommendation")
            row.errors.append(
                f"The recommendation number '{number[:30]}...' in {where} is too long: "
                f"at most {_MAX_LENGTHS['number']} characters."
            )
            return
        if text or number:
            self._cell_scope(cells, row)
        recs = self.preview.recommendations
        current = recs[self.current] if self.current is not None else None

        if not text and not number:
            if current is None:
                where = (
                    cells.where("recommendation")
                    if "recommendation" in self.columns
                    else "the recommendation"
                )
                row.errors.append(
                    f"This row has text but no recommendation: {where} is empty and no "
                    "recommendation "
                    "comes before it in this section."
                )
                return
            row.recommendation = self.current
        elif not text:
            if current is not None and current.number.lower() == number.lower():
                row.recommendation = self.current
            elif self._key(number) in self.by_key:
                row.recommendation = self.current = self.by_key[self._key(number)]
            else:
                row.errors.append(
                    f"Recommendation {number} has no text: fill in {cells.where('recommendation')}."
                    if "recommendation" in self.columns
                    else f"Recommendation {number} has no text."
                )
                return
        elif (
            current is not None
            and _same_text(current.text, text)
            and (not number or number.lower() == current.number.lower())
        ):
            row.recommendation = self.current
        elif number and self._key(number) in self.by_key:
            earlier = recs[self.by_key[self._key(number)]]
            if not _same_text(earlier.text, text):
                row.errors.append(
                    f"Recommendation {number} is already on row {earlier.row} with different text. "
                    "Give each recommendation its own number."
                )
                return
            row.recommendation = self.current = self.by_key[self._key(number)]
        else:
            self._new_recommendation(cells, row, number, text, from_text)
            if row.recommendation is None:
                return

        outcome = cells.text("desired_outcome") if "desired_outcome" in self.columns else ""
        rec = recs[row.recommendation]
        if outcome and rec.existing_pk is None:
            if not rec.desired_outcome:
                rec.desired_outcome = outcome
            elif (
                not _same_text(rec.desired_outcome, outcome) and outcome not in rec.desired_outcome
            ):
                rec.desired_outcome = f"{rec.desired_outcome}\n\n{outcome}"
                cells.warn(
                    "desired_outcome",
                    f"differs from row {rec.row} for the same recommendation; both are kept.",
                )

    def _new_recommendation(
        self, cells: _Cells, row: PreviewRow, number: str, text: str, from_text: bool
    ):
        source_agency = self.section_agency if self.source == RecommendationSource.IMR else None
        rec = PlannedRecommendation(
            number=number,
            text=text,
            source=str(self.source),
            source_agency=source_agency,
            row=row.row,
            number_from_text=from_text,
            auto_number=not number,
        )
        if number:
            agency_pk = (
                self.preview.agencies[source_agency].pk if source_agency is not None else None
            )
            existing = self.context.recommendations.get(
                (str(self.source), agency_pk, number.lower())
            )
            if source_agency is not None and agency_pk is None:
                existing = None
            if existing is not None:
                pk, existing_text = existing
                if not _same_text(existing_text, text):
                    row.errors.append(
                        f"Recommendation {number} already exists in this review with "
                        "different text. "
                        "Renumber it in the file, or import it into another review."
                    )
                    return
                rec.existing_pk = pk
                row.warnings.append(
                    f"Recommendation {number} is already in this review with the same text: "
                    "this row's action is added to it."
                )
        self.preview.recommendations.append(rec)
        row.recommendation = self.current = len(self.preview.recommendations) - 1
        row.starts_recommendation = True
        if number:
            self.by_key[self._key(number)] = row.recommendation

    def _number_the_unnumbered(self):
        """Recommendations with no number get the next free whole number in their source."""
        taken = {
            (source, agency_pk, number)
            for (source, agency_pk, number) in self.context.recommendations
        }
        for rec in self.preview.recommendations:
            agency_pk = self._source_agency_key(rec)
            if rec.number:
                taken.add((rec.source, agency_pk, rec.number.lower()))
        rows = {row.recommendation: row for row in self.preview.rows if row.starts_recommendation}
        for index, rec in enumerate(self.preview.recommendations):
            if not rec.auto_number:
                continue
            agency_pk = self._source_agency_key(rec)
            candidate = 1
            while (rec.source, agency_pk, str(candidate)) in taken:
                candidate += 1
            rec.number = str(candidate)
            taken.add((rec.source, agency_pk, rec.number))
            rows[index].warnings.append(
                f"The recommendation has no number, so it is numbered {rec.number} in the "
                "order of the file."
            )

    def _source_agency_key(self, rec: PlannedRecommendation):
        if rec.source_agency is None:
            return None
        agency = self.preview.agencies[rec.source_agency]
        return agency.pk if agency.pk is not None else f"new:{rec.source_agency}"

    # --- the action on a row ---

    def _action(self, cells: _Cells, row: PreviewRow):
        texts = {name: cells.text(name) for name in _ACTION_FIELDS if name in self.columns}
        raw_due = {name: cells.raw(name) for name in ("timescale", "due_date")}
        if not any(texts.values()):
            return
        key_actions = texts.get("key_actions", "")
        derived = ""
        if not key_actions:
            key_actions, derived = self._derived_key_actions(cells, row, texts)
        agency = self._action_agency(cells, row)
        lead_officer = texts.get("lead_officer", "")
        if agency is None:
            return
        items = self._split(cells, row, key_actions if not derived else "", texts)
        if items is None:
            if lead_officer and cells.too_long("lead_officer", lead_officer):
                return
            action = PlannedAction(
                agency=agency,
                key_actions=key_actions,
                lead_officer=lead_officer,
                evidence_expected=texts.get("evidence_expected", ""),
                outcome_measure=texts.get("outcome_measure", ""),
                key_actions_from=derived,
            )
            self._timescale(cells, action, texts.get("timescale", ""), raw_due["timescale"])
            if "due_date" in self.columns and texts.get("due_date"):
                self._due_date(cells, action, texts["due_date"], raw_due["due_date"])
            row.action = action
            return
        actions = []
        for line, item in enumerate(items, 1):
            if item["lead_officer"] and cells.too_long("lead_officer", item["lead_officer"]):
                return
            action = PlannedAction(
                agency=agency,
                key_actions=item["key_actions"],
                lead_officer=item["lead_officer"],
                evidence_expected=item["evidence_expected"],
                outcome_measure=item["outcome_measure"],
                line=line,
            )
            self._timescale(
                cells, action, item["timescale"], item["timescale"], prefix=f"line {line}: "
            )
            if "due_date" in self.columns and texts.get("due_date"):
                self._due_date(cells, action, texts["due_date"], raw_due["due_date"])
            actions.append(action)
        row.action, row.more_actions = actions[0], actions[1:]

    def _derived_key_actions(self, cells: _Cells, row: PreviewRow, texts: dict) -> tuple:
        """The text of an action whose Key actions cell is empty (a section where the
        recommendation carries its own sub-items and only Evidence and Outcome are filled):
        the recommendation on its first row, else the Evidence, else the Outcome measure, else
        the recommendation. Never empty; the row says where it came from."""
        rec = self.preview.recommendations[row.recommendation]
        where_rec = (
            cells.where("recommendation")
            if "recommendation" in self.columns
            else "the recommendation"
        )
        choices = []
        if row.starts_recommendation:
            choices.append((rec.text, f"the recommendation, {where_rec}"))
        for name in ("evidence_expected", "outcome_measure"):
            if texts.get(name):
                choices.append((texts[name], cells.where(name)))
        fallback = rec.text or f"Recommendation {rec.number}"
        choices.append((fallback, f"the recommendation, {where_rec}"))
        text, source = choices[0]
        empty = (
            cells.where("key_actions")
            if "key_actions" in self.columns
            else "no column holds Key actions"
        )
        row.warnings.append(
            f"Key actions is empty ({empty}): the action's text is taken from {source}."
        )
        return text, source

    def _split(self, cells: _Cells, row: PreviewRow, key_actions: str, texts: dict):
        """One action per line when Key actions, Lead officer and Timescale hold the same
        number of lines or bullets (line n of each belonging together); None to keep one
        action, with a warning when the counts disagree."""
        if not key_actions:
            return None
        fields = {"key_actions": key_actions}
        for name in ("lead_officer", "timescale"):
            if texts.get(name):
                fields[name] = texts[name]
        items = {name: cell_items(text) for name, text in fields.items()}
        counts = {name: len(found) for name, found in items.items()}
        if counts["key_actions"] < 2 or all(
            count < 2 for name, count in counts.items() if name != "key_actions"
        ):
            return None
        if len(counts) < 2 or len(set(counts.values())) > 1:
            described = ", ".join(
                f"{FIELD_LABELS[name]} {count} line{'s' if count != 1 else ''}"
                for name, count in counts.items()
            )
            row.warnings.append(
                f"Several lines in one cell, but not the same number in each ({described}), "
                "so they are kept as one action. Split the row in the file to import one "
                "action per line."
            )
            return None
        count = counts["key_actions"]
        extra = {}
        for name in ("evidence_expected", "outcome_measure"):
            found = cell_items(texts.get(name, ""))
            extra[name] = (
                [_strip_bullet(item) for item in found]
                if len(found) == count
                else [texts.get(name, "")] * count
            )
        row.warnings.append(
            f"{' and '.join(FIELD_LABELS[name] for name in counts)} each hold {count} lines: "
            f"imported as {count} actions, line by line."
        )
        return [
            {
                "key_actions": _strip_bullet(items["key_actions"][i]),
                "lead_officer": _strip_bullet(items["lead_officer"][i])
                if "lead_officer" in items
                else "",
                "timescale": _strip_bullet(items["timescale"][i]) if "timescale" in items else "",
                "evidence_expected": extra["evidence_expected"][i],
                "outcome_measure": extra["outcome_measure"][i],
            }
            for i in range(count)
        ]

    def _action_agency(self, cells: _Cells, row: PreviewRow) -> int | None:
        name = cells.text("agency") if "agency" in self.columns else ""
        if name:
            if cells.too_long("agency", name):
                return None
            return self._agency(name, row.row)
        if self.section_agency is not None:
            return self.section_agency
        if self.default_agency is not None:
            return self.default_agency
        self.preview.rows_without_agency += 1
        row.errors.append(
            "No agency owns this action: add an Agency column, put a heading row naming the agency "
            "above it, or choose an agency for rows that name none on the mapping page."
        )
        return None

    def _serial_date(self, cells: _Cells, field_name: str, raw) -> datetime.date | None:
        value = raw
        if isinstance(raw, str) and raw.strip().isdigit():
            value = int(raw.strip())
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if not (_SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]) or not float(value).is_integer():
            return None
        return from_excel(value).date()

    def _timescale(self, cells: _Cells, action: PlannedAction, text: str, raw, prefix=""):
        serial = self._serial_date(cells, "timescale", raw)
        if serial is not None:
            text = _format_date(serial)
            cells.warn(
                "timescale",
                f"the number {raw} is read as an Excel date, {serial.day} {serial:%B %Y}.",
            )
        midnight = _MIDNIGHT_RE.match(text)
        if midnight:
            text = _format_date(datetime.date.fromisoformat(midnight[1]))
        if text and cells.too_long("timescale", text):
            return
        action.timescale = text
        reading = read_timescale(text)
        action.due_date = reading.due_date.isoformat() if reading.due_date else None
        action.already_actioned = reading.already_actioned
        action.ongoing = reading.ongoing
        if reading.message:
            cells.warn("timescale", prefix + reading.message)

    def _due_date(self, cells: _Cells, action: PlannedAction, text: str, raw):
        day = self._serial_date(cells, "due_date", raw)
        if day is None and isinstance(raw, dict) and "date" in raw:
            day = datetime.date.fromisoformat(raw["date"])
        if day is None:
            midnight = _MIDNIGHT_RE.match(text)
            reading = read_timescale(midnight[1] if midnight else text)
            if reading.due_date is not None and not reading.needs_review:
                day = reading.due_date
        if day is None:
            cells.warn(
                "due_date",
                f"'{text[:60]}' is not a date, so the due date is taken from the timescale.",
            )
            return
        action.due_date = day.isoformat()
        action.explicit_due_date = True


def context_hash(context: PlanContext) -> str:
    """A fingerprint of what the rows were matched against."""
    data = json.dumps(
        [
            sorted(context.agencies),
            sorted((list(key), list(value)) for key, value in context.recommendations.items()),
            context.default_agency_pk,
        ],
        default=str,
    )
    return hashlib.sha256(data.encode()).hexdigest()


def interpret(
    table: Table, header_index: int, mapping: list, options: dict, context: PlanContext
) -> Preview:
    """Every row of the table as it will be stored, with its warnings and errors."""
    preview = _Interpreter(table, header_index, mapping, options, context).run()
    preview.context_hash = context_hash(context)
    return preview
