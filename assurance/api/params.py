"""Query parameters: the lists' own FilterSets, read as typed API parameters.

Each list endpoint takes exactly the filters of its page, by the same names, built from the
FilterSet class itself (so names and meaning cannot drift): a text filter is a string, a
choice filter one of its choices, a record filter (review, agency, theme) an id, a date
filter an ISO date (`2026-03-31`; the page's form splits it into day, month and year boxes),
a yes/no filter `true` or `false`. The values are handed back to the FilterSet as the page's
form would send them, and the FilterSet decides, with the user's scope, what they select."""

import datetime
import re
from typing import Annotated, Literal

import django_filters as filters
from django.http import QueryDict
from pydantic import BeforeValidator, Field, create_model

from scr_tracker.forms import GovukFormMixin

from .problems import bad_parameter

MAX_ID = 2**63 - 1
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value):
    """A date is written YYYY-MM-DD, nothing else (pydantic alone would also read a number as
    seconds since 1970)."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("Write the date as YYYY-MM-DD")
    return value


#: A query parameter's date: YYYY-MM-DD.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
# Paging parameters every list takes besides its filters.
PAGING = {"cursor", "page_size"}
#: Parameters of a page's filters that the API leaves out: the sort order of the page's table
#: (the API's order is fixed: by id).
NOT_FILTERS = {"sort"}


def _annotation(name, filter_):
    label = str(filter_.label or name)
    if isinstance(filter_, filters.ModelChoiceFilter):
        return int | None, Field(None, ge=1, le=MAX_ID, description=f"{label} (id)")
    if isinstance(filter_, filters.ChoiceFilter):
        values = tuple(str(value) for value, _ in filter_.extra["choices"])
        return Literal[values] | None, Field(None, description=label)
    if isinstance(filter_, filters.DateFilter):
        return IsoDate | None, Field(None, description=f"{label} (YYYY-MM-DD)")
    if isinstance(filter_, filters.BooleanFilter):
        return bool | None, Field(None, description=label)
    if isinstance(filter_, filters.CharFilter):
        return str | None, Field(None, max_length=200, description=label)
    raise TypeError(f"No API type for the filter {name} ({type(filter_).__name__})")


def filter_fields(filterset_class) -> dict:
    return {
        name: _annotation(name, filter_)
        for name, filter_ in filterset_class.base_filters.items()
        if name not in NOT_FILTERS
    }


def paging_fields(max_page_size: int) -> dict:
    return {
        "cursor": (
            int | None,
            Field(
                None,
                ge=0,
                le=MAX_ID,
                description="Where the page starts: copy it from the previous page's `next`.",
            ),
        ),
        "page_size": (
            int,
            Field(100, ge=1, le=max_page_size, description="Results per page."),
        ),
    }


def query_schema(name: str, *, filtersets=(), extra: dict | None = None, max_page_size=500):
    """A pydantic model of an endpoint's query parameters (ninja documents and checks it)."""
    from ninja import Schema

    fields = {}
    for filterset_class in filtersets:
        fields |= filter_fields(filterset_class)
    fields |= extra or {}
    fields |= paging_fields(max_page_size)
    return create_model(name, __base__=Schema, **fields)


def reject_unknown(request, schema) -> None:
    """400 for a parameter the endpoint does not take (a misspelt filter must not silently
    select everything)."""
    known = set(schema.model_fields)
    for name in request.GET:
        if name not in known:
            raise bad_parameter(
                name, f"{name} is not a parameter here. Use one of: {', '.join(sorted(known))}."
            )


def form_data(filterset_class, params) -> QueryDict:
    """The values of one FilterSet's filters, as its page's form sends them."""
    data = QueryDict(mutable=True)
    # A GOV.UK form shows a date as day, month and year boxes (scr_tracker.forms).
    split_dates = issubclass(filterset_class._meta.form, GovukFormMixin)
    for name in filterset_class.base_filters:
        value = getattr(params, name, None)
        if name in NOT_FILTERS or value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date) and split_dates:
            data[f"{name}_0"] = str(value.day)
            data[f"{name}_1"] = str(value.month)
            data[f"{name}_2"] = str(value.year)
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def check_filters(filterset) -> None:
    """400 naming the first filter the FilterSet refuses (an agency outside the user's scope
    is refused exactly as on the page)."""
    if filterset.is_valid():
        return
    for name, errors in filterset.errors.items():
        raise bad_parameter(name, " ".join(str(e) for e in errors))
