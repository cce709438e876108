"""Counted nouns in English, one way everywhere: "1 review", "2 reviews", "1,234 entries".

In Python: ``count_noun(n, "review")``; in templates: ``{{ n|count_noun:"review" }}`` or, with
an irregular plural, ``{{ n|count_noun:"entry,entries" }}`` (see templatetags/govuk.py)."""


def noun_for(count: int, singular: str, plural: str | None = None) -> str:
    """The noun alone, as the count needs it: noun_for(1, "action") == "action"."""
    return singular if count == 1 else (plural or f"{singular}s")


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    """The count (thousands separated), then the noun: count_noun(2, "review") == "2 reviews"."""
    return f"{count:,} {noun_for(count, singular, plural)}"
