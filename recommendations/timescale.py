"""Read the free-text timescales found in serious case review action plans.

Action plans record timescales however their authors wrote them: "December 2010",
"31.07.2015", "By end of March 2016", "Ongoing", "Already actioned see 8.5.2",
"On advice from legal services". The timescale reader keeps that text exactly as written
and derives a due date from it where it safely can, so that overdue recommendations can be
found without anyone retyping the plan.

The reader follows English conventions and never guesses:

* Numeric dates are always read day first. "12/31/2015" is reported as not a real date
  rather than silently read in US order.
* A month, quarter, season or year means the last day of that period, because a timescale
  of "March 2016" is met if the work is done by 31 March 2016.
* Financial years run April to March, so "2015/16" is due by 31 March 2016.
* The current date is never consulted, so the same text always gives the same result.
* It never raises for any string: text it cannot read is kept, and the message explains
  what happened in a sentence that can be shown to the person who entered it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Timescale", "read_timescale"]


@dataclass(frozen=True)
class Timescale:
    """What the reader made of one timescale.

    ``text`` is the original text with surrounding whitespace removed; it is always kept,
    whatever the reader made of it. ``message`` is empty when the text was read cleanly and
    otherwise explains, in a sentence fit to show a user, what could not be read or why a
    human should check the result (``needs_review``).
    """

    text: str
    due_date: datetime.date | None
    already_actioned: bool
    ongoing: bool
    needs_review: bool
    message: str

    @property
    def understood(self) -> bool:
        """True when the text gave a due date, a status (done or ongoing), or was empty."""
        return self.due_date is not None or self.already_actioned or self.ongoing or not self.text


# Spelled out rather than taken from ``calendar.month_name``, which follows the locale.
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, 1)}

# Full names, three-letter abbreviations and "Sept", optionally followed by a full stop.
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
# Numbers must not be glued to other letters, digits or dotted numbers, so that "8.5.12.3"
# (a paragraph number) or "A12/2015" are not mistaken for dates. A date may still sit next
# to a slash or dash, as in "31.03.2015/31.05.2015".
_BEFORE = r"(?<![\w.])"
_AFTER = r"(?!\w|\.\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_FLAGS = re.IGNORECASE | re.ASCII | re.VERBOSE

_ISO_RE = re.compile(
    rf"""{_BEFORE}(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)
    (?P<day>\d{{1,2}}){_AFTER}""",
    _FLAGS,
)
_NUMERIC_RE = re.compile(
    rf"""{_BEFORE}(?P<day>\d{{1,2}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)
    (?P<year>\d{{4}}|\d{{2}}){_AFTER}""",
    _FLAGS,
)
_DAY_MONTH_YEAR_RE = re.compile(
    rf"""{_BEFORE}(?P<day>\d{{1,2}}){_ORDINAL}(?:-|\s*)(?:of\s+)?{_MONTH}[\s,-]*
    (?P<year>\d{{4}}|\d{{2}}){_AFTER}""",
    _FLAGS,
)
_MONTH_DAY_YEAR_RE = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?!\d){_ORDINAL},?\s+(?P<year>\d{{4}}){_AFTER}",
    _FLAGS,
)
_QUARTER_RE = re.compile(
    rf"""(?<!\w)(?:q\s*|quarter\s+)(?P<quarter>[1-4])[\s,-]+(?:of\s+)?(?P<year>\d{{4}})
    (?:\s*[/-]\s*(?P<end_year>\d{{4}}|\d{{2}}))?{_AFTER}""",
    _FLAGS,
)
_SEASON_RE = re.compile(
    rf"\b(?P<season>spring|summer|autumn|winter)\s+(?:of\s+)?(?P<year>\d{{4}}|\d{{2}}){_AFTER}",
    _FLAGS,
)
# School terms: "End of Autumn Term 2010", "Summer term 11".
_TERM_RE = re.compile(
    rf"""\b(?P<term>spring|summer|autumn)\s+term\s+(?:of\s+)?(?:20)?(?P<year>\d{{2}}(?:\d{{2}})?)
    {_AFTER}""",
    _FLAGS,
)
# "Mar-16", "March '16" and "Dec 10" are how spreadsheets and hurried authors abbreviate a
# month; a day with no year ("31 March") has been read, or refused, before this is tried.
_MONTH_YEAR_RE = re.compile(
    rf"\b{_MONTH}(?:[\s,-]*(?P<year>\d{{4}})|(?:-|\s*'|\s+)(?P<short_year>\d{{2}})){_AFTER}",
    _FLAGS,
)
_FINANCIAL_YEAR_RE = re.compile(
    rf"{_BEFORE}(?P<year>\d{{4}})\s*[/-]\s*(?P<end_year>\d{{4}}|\d{{2}}){_AFTER}",
    _FLAGS,
)
_MONTH_NUMBER_YEAR_RE = re.compile(
    rf"{_BEFORE}(?P<month>\d{{1,2}})[/.-](?P<year>\d{{4}}){_AFTER}",
    _FLAGS,
)
_YEAR_RE = re.compile(rf"{_BEFORE}(?P<year>(?:19|20)\d{{2}}){_AFTER}", _FLAGS)

# Cross-references such as "see 8.5.2" or "para 3.1" are set aside before looking for dates,
# so that a paragraph number is never read as a day and month.
_REFERENCE_RE = re.compile(
    r"""\b(?:see|para(?:graph)?s?|sections?|rec(?:ommendation)?s?|items?|points?|ref(?:erence)?)
    \.?\s*\d{1,3}(?:\.\d+)*[a-z]?\b(?![./-]?\d)""",
    _FLAGS,
)
# Status words only count at the start, and not when they introduce a deadline:
# "Complete by March 2016" is an instruction, "Completed March 2015" is a report.
_ACTIONED_RE = re.compile(
    r"""^[\W_]*
    (?:already\s+(?:actioned|completed?|done|implemented|in\s+place)
      |actioned|completed?|done|implemented|achieved)\b
    (?![\W_]*(?:by|before|no\s+later|not\s+later|within|end\s+of|due)\b)""",
    _FLAGS,
)
_ONGOING_RE = re.compile(
    r"""\b(?:on[\s-]?going|continu(?:ous|al)(?:ly)?|continuing|throughout|business\s+as\s+usual
    |bau|annual(?:ly)?|quarterly|monthly|weekly|regular(?:ly)?)\b""",
    _FLAGS,
)
# The start of a range whose year is only given at its end: "Oct - end Dec 10".
_RANGE_START_RE = re.compile(rf"\b{_MONTH}\s*(?:-|to|until)\s", _FLAGS)
_IMMEDIATE_RE = re.compile(r"\bimmediate(?:ly)?\b", _FLAGS)

# Words that may surround a single date without making it doubtful. The surrounding text is
# reduced to lower-case words, each followed by one space, before being matched.
_PREFIX_RE = re.compile(
    r"""(?:(?:to\ be\ |already\ )?(?:actioned|completed?|done|implemented|achieved)\ )?
    (?:(?:due|deadline|target|target\ date)\ )?
    (?:(?:by|before|no\ later\ than|not\ later\ than|in|during|on)\ )?
    (?:the\ )?(?:end\ (?:of\ )?)?(?:the\ )?
    (?:(?:financial\ year|fy)\ )?""",
    re.VERBOSE,
)
_SUFFIX_RE = re.compile(r"(?:at\ the\ latest\ )?", re.VERBOSE)
_WORD_RE = re.compile(r"[a-z0-9]+", re.IGNORECASE | re.ASCII)

# Dashes, curly quotes and invisible or non-breaking spaces pasted in from word processors.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u200b": None,
        "\ufeff": None,
    }
)
_MASK = "\x00"
_LONGEST_QUOTE = 120

_NOT_A_DAY_FIRST_DATE = "is not a real date when read day first (day/month/year)"
_NOT_A_DATE = "is not a real date"
_NOT_A_MONTH = "does not name a real month"
_NOT_A_FINANCIAL_YEAR = "is not a financial year such as 2015/16"

_Reading = tuple[datetime.date | None, str]


@dataclass(frozen=True)
class _Found:
    """One date-like piece of the text: its span, and either a date or why it is not one."""

    start: int
    end: int
    token: str
    due_date: datetime.date | None
    problem: str


def _year(digits: str) -> int:
    """Two-digit years are this century: action plans in this tracker date from 2000 on."""
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3].lower()]


def _exact(year: int, month: int, day: int, problem: str) -> _Reading:
    try:
        return datetime.date(year, month, day), ""
    except ValueError:
        return None, problem


def _end_of_month(year: int, month: int, problem: str = _NOT_A_DATE) -> _Reading:
    try:
        return datetime.date(year, month, calendar.monthrange(year, month)[1]), ""
    except ValueError:
        return None, problem


def _follows(year: int, end_year_digits: str) -> bool:
    """Whether "2015/16" or "2015/2016" names two consecutive years."""
    end_year = int(end_year_digits)
    if len(end_year_digits) == 2:
        return end_year == (year + 1) % 100
    return end_year == year + 1


def _read_iso(m: re.Match[str]) -> _Reading:
    return _exact(int(m["year"]), int(m["month"]), int(m["day"]), _NOT_A_DATE)


def _read_numeric(m: re.Match[str]) -> _Reading:
    return _exact(_year(m["year"]), int(m["month"]), int(m["day"]), _NOT_A_DAY_FIRST_DATE)


def _read_named_day(m: re.Match[str]) -> _Reading:
    return _exact(_year(m["year"]), _month_number(m["month"]), int(m["day"]), _NOT_A_DATE)


def _read_quarter(m: re.Match[str]) -> _Reading:
    """Calendar quarters ("Q1 2016" ends 31 March), or financial ones ("Q1 2016/17" ends June)."""
    quarter, year = int(m["quarter"]), int(m["year"])
    if m["end_year"] is None:
        return _end_of_month(year, 3 * quarter)
    if not _follows(year, m["end_year"]):
        return None, _NOT_A_FINANCIAL_YEAR
    month = 3 * quarter + 3
    return _end_of_month(year + month // 13, (month - 1) % 12 + 1)


def _read_term(m: re.Match[str]) -> _Reading:
    """School terms end with the last month they can run into: the autumn term in December,
    the spring term (which ends at Easter) in April, the summer term in July."""
    year = _year(m["year"])
    month = {"autumn": 12, "spring": 4, "summer": 7}[m["term"].lower()]
    return _end_of_month(year, month)


def _read_season(m: re.Match[str]) -> _Reading:
    """Seasons end with their last month; winter 2016 runs into February 2017."""
    year = _year(m["year"])
    match m["season"].lower():
        case "spring":
            return _end_of_month(year, 5)
        case "summer":
            return _end_of_month(year, 8)
        case "autumn":
            return _end_of_month(year, 11)
        case _:
            return _end_of_month(year + 1, 2)


def _read_month_year(m: re.Match[str]) -> _Reading:
    return _end_of_month(_year(m["year"] or m["short_year"]), _month_number(m["month"]))


def _read_financial_year(m: re.Match[str]) -> _Reading:
    year = int(m["year"])
    if not _follows(year, m["end_year"]):
        return None, _NOT_A_FINANCIAL_YEAR
    return _end_of_month(year + 1, 3)


def _read_month_number_year(m: re.Match[str]) -> _Reading:
    return _end_of_month(int(m["year"]), int(m["month"]), _NOT_A_MONTH)


def _read_year(m: re.Match[str]) -> _Reading:
    return _end_of_month(int(m["year"]), 12)


# Most specific first: once a piece of text is read it is masked, so "31 July 2015" is never
# also read as "July 2015" and "2015" on its own.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Reading]], ...] = (
    (_ISO_RE, _read_iso),
    (_NUMERIC_RE, _read_numeric),
    (_DAY_MONTH_YEAR_RE, _read_named_day),
    (_MONTH_DAY_YEAR_RE, _read_named_day),
    (_QUARTER_RE, _read_quarter),
    (_TERM_RE, _read_term),
    (_SEASON_RE, _read_season),
    (_MONTH_YEAR_RE, _read_month_year),
    (_FINANCIAL_YEAR_RE, _read_financial_year),
    (_MONTH_NUMBER_YEAR_RE, _read_month_number_year),
    (_YEAR_RE, _read_year),
)


def _normalise(text: str) -> str:
    """Plain ASCII dashes and quotes, single spaces (non-breaking ones included)."""
    return " ".join(text.translate(_TYPOGRAPHY).split())


def _find_dates(text: str) -> list[_Found]:
    """Every date-like piece of ``text``, valid or not, in order of position.

    Each piece is masked out once found, so later, looser patterns only see what is left.
    """
    chars = list(text)
    for reference in _REFERENCE_RE.finditer(text):
        chars[reference.start() : reference.end()] = _MASK * len(reference[0])
    found: list[_Found] = []
    for pattern, read in _PATTERNS:
        for m in pattern.finditer("".join(chars)):
            due_date, problem = read(m)
            found.append(_Found(m.start(), m.end(), m[0], due_date, problem))
            chars[m.start() : m.end()] = _MASK * len(m[0])
    return sorted(found, key=lambda piece: piece.start)


def _words(text: str) -> str:
    return "".join(f"{word.lower()} " for word in _WORD_RE.findall(text))


def _only_allowed_words(text: str, found: list[_Found]) -> bool:
    """Whether the words around the only date are just "By", "End of", "Due" and the like."""
    (date,) = found
    before, after = _words(text[: date.start]), _words(text[date.end :])
    return bool(_PREFIX_RE.fullmatch(before) and _SUFFIX_RE.fullmatch(after))


def _format(date: datetime.date) -> str:
    return f"{date.day} {_MONTH_NAMES[date.month - 1]} {date.year}"


def _quote(text: str) -> str:
    """Quote the text for a message, shortening a long paragraph so the message stays readable."""
    if len(text) > _LONGEST_QUOTE:
        text = text[: _LONGEST_QUOTE - 3].rstrip() + "..."
    return f'"{text}"'


def _problems(found: list[_Found], text: str) -> str:
    """Say why each piece is not a date, calling it "it" when it is the whole text."""
    return "; ".join(
        f"it {piece.problem}" if piece.token == text else f'"{piece.token}" {piece.problem}'
        for piece in found
    )


def read_timescale(text: str | None, *, today: datetime.date | None = None) -> Timescale:
    """Read a free-text timescale into a :class:`Timescale`; never raises for any string.

    ``today`` is accepted so that relative timescales ("Immediately", "within 3 months") can
    be resolved later, but it is not used yet. The current date is deliberately never looked
    up, so results do not change from one day to the next.
    """
    original = (text or "").strip()
    if not original:
        return Timescale("", None, False, False, False, "")

    cleaned = _normalise(original)
    already_actioned = _ACTIONED_RE.match(cleaned) is not None
    ongoing = _ONGOING_RE.search(cleaned) is not None
    found = _find_dates(cleaned)
    dates = [piece.due_date for piece in found if piece.due_date is not None]
    invalid = [piece for piece in found if piece.due_date is None]
    quoted = _quote(original)

    if not dates:
        if invalid:
            reason = f": {_problems(invalid, cleaned)};"
        elif already_actioned or ongoing:
            return Timescale(original, None, already_actioned, ongoing, False, "")
        elif _IMMEDIATE_RE.search(cleaned):
            reason = ": immediate action has no fixed date, so"
        else:
            reason = ";"
        message = (
            f"Could not read a date from {quoted}{reason} the text is kept and no due date is set."
        )
        return Timescale(original, None, already_actioned, ongoing, False, message)

    due_date = max(dates)
    notes = []
    if len(dates) > 1:
        notes.append(f"Several dates found in {quoted}; the latest, {_format(due_date)}, is used.")
    elif ongoing:
        notes.append(
            f"{quoted} is marked as ongoing but also gives a date; {_format(due_date)} is used."
        )
    elif _RANGE_START_RE.search(cleaned[: found[0].start]):
        notes.append(
            f"Read {quoted} as a range ending {_format(due_date)}; the end is used, please "
            "check it."
        )
    elif invalid or not _only_allowed_words(cleaned, found):
        notes.append(
            f"Read {quoted} as {_format(due_date)}, but it has other words around the date; "
            "please check it."
        )
    if invalid:
        ignored = "they were" if len(invalid) > 1 else "it was"
        notes.append(f"{_problems(invalid, cleaned)}, so {ignored} ignored.")
    return Timescale(original, due_date, already_actioned, ongoing, bool(notes), " ".join(notes))
