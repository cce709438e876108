"""Match the agency names written in a plan to the partnership's agencies, never silently
creating one.

A name matches an agency when, after normalising both, they are the same, or one is a usual
short form of the other:

* case, punctuation, apostrophes and "&"/"and" are ignored ("Children’s Social Care" is
  "Childrens social care");
* "NHS", "Foundation" and "the" are ignored, so "Leicestershire Partnership Trust" is
  "Leicestershire Partnership NHS Trust";
* "Clinical Commissioning Group" is "CCG", "Integrated Care Board" is "ICB";
* "Constabulary" and "Police" ("Police Force", "Police Service") are the same word, and
  "Police" or "CCG" alone is the partnership's only police force or CCG;
* initials: "LPT" is "Leicestershire Partnership NHS Trust" and "UHL" is "University
  Hospitals of Leicester NHS Trust" (initials of the words, with and without "NHS", "Trust").

A name that matches no agency, or several, is left for the user: the preview asks which
agency it is, or whether to create it (`--agency` and `--create-agencies` on the command line).
"""

from __future__ import annotations

import re

__all__ = ["MatchResult", "agency_key", "match_agency"]

_PHRASES = (
    (re.compile(r"\bclinical commissioning groups?\b"), "ccg"),
    (re.compile(r"\bintegrated care boards?\b"), "icb"),
    (re.compile(r"\bpolice (?:force|service)\b"), "police"),
    (re.compile(r"\bconstabulary\b"), "police"),
    (re.compile(r"\bchildrens\b"), "children"),
)
_IGNORED = {"nhs", "foundation", "the"}
_GENERIC = {"police", "ccg", "icb"}
_SMALL = {"of", "and", "for", "the", "in"}


def agency_key(name: str) -> str:
    """Agency names match ignoring case, punctuation and "&" for "and"."""
    text = name.lower().replace("&", " and ").replace("’", "").replace("'", "")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _canonical(name: str) -> str:
    text = agency_key(name)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return " ".join(word for word in text.split() if word not in _IGNORED)


def _initials(name: str) -> set[str]:
    words = [w for w in agency_key(name).split() if w not in _SMALL]
    if len(words) < 2:
        return set()
    found = set()
    for dropped in (
        (),
        ("nhs",),
        ("nhs", "foundation"),
        ("nhs", "trust"),
        ("nhs", "foundation", "trust"),
    ):
        kept = [w for w in words if w not in dropped]
        if len(kept) >= 2:
            found.add("".join(w[0] for w in kept))
    return found


class MatchResult:
    __slots__ = ("candidates", "how", "pk")

    def __init__(self, pk: int | None, how: str, candidates: list[int] | None = None):
        self.pk, self.how, self.candidates = pk, how, candidates or []


class AgencyMatcher:
    """Built once per file from the partnership's (pk, name) agencies."""

    def __init__(self, agencies: list[tuple[int, str]]):
        self.exact: dict[str, list[int]] = {}
        self.canonical: dict[str, list[int]] = {}
        self.initials: dict[str, list[int]] = {}
        for pk, name in agencies:
            self.exact.setdefault(agency_key(name), []).append(pk)
            self.canonical.setdefault(_canonical(name), []).append(pk)
            for initials in _initials(name):
                self.initials.setdefault(initials, []).append(pk)

    def match(self, name: str) -> MatchResult:
        key = agency_key(name)
        found = self.exact.get(key, [])
        if len(found) == 1:
            return MatchResult(found[0], "same name")
        canonical = _canonical(name)
        found = self.canonical.get(canonical, [])
        if len(found) == 1:
            return MatchResult(found[0], "same name written another way")
        compact = key.replace(" ", "")
        if " " not in key and 2 <= len(compact) <= 6:
            found = self.initials.get(compact, [])
            if len(found) == 1:
                return MatchResult(found[0], "short form")
        # "West Leicestershire CCG" for "West Leicestershire Clinical Commissioning Group"
        # is handled above; the initials of a longer name ("LPT" written out) the other way:
        for initials in _initials(name):
            found = self.exact.get(initials, [])
            if len(found) == 1:
                return MatchResult(found[0], "short form")
        # "Police" or "CCG" alone: the partnership's only police force or CCG.
        if canonical in _GENERIC:
            found = [pks[0] for other, pks in self.canonical.items() if canonical in other.split()]
            if len(found) == 1:
                return MatchResult(found[0], f"the only agency with {canonical} in its name")
        words = set(canonical.split())
        suggested = [
            pks[0]
            for other, pks in self.canonical.items()
            if words and words <= set(other.split()) and len(pks) == 1
        ]
        return MatchResult(None, "", suggested)


def match_agency(name: str, agencies: list[tuple[int, str]]) -> MatchResult:
    return AgencyMatcher(agencies).match(name)
