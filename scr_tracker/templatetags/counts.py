"""Counted nouns in templates: ``{% load counts %}``, then ``{{ n|count_noun:"review" }}`` ("1
review", "2 reviews") or ``{{ n|noun_for:"entry,entries" }}`` for the noun alone."""

from django import template

from scr_tracker import text

register = template.Library()


def _forms(arg: str) -> tuple[str, str | None]:
    singular, _, plural = arg.partition(",")
    return singular, plural or None


@register.filter
def count_noun(count, arg: str) -> str:
    return text.count_noun(int(count or 0), *_forms(arg))


@register.filter
def noun_for(count, arg: str) -> str:
    return text.noun_for(int(count or 0), *_forms(arg))
