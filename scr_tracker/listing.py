"""Sortable columns for the filtered lists: the `sort` query parameter, the ORDER BY it means,
and the headers (with aria-sort) whose links set it; the `sortable_head` template tag turns
them into the table's head, each link the current query string with `sort` replaced."""

from dataclasses import dataclass

from django.db.models import F
from django.http import QueryDict


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # Expressions (field names or F(...).asc()) the column sorts by, ascending; None: not sortable.
    order_by: tuple | None = None
    numeric: bool = False


@dataclass(frozen=True)
class Header:
    label: str
    sort: str  # the `sort` value the header's link sets; "" for a column that does not sort
    aria_sort: str  # "ascending", "descending" or "none"; "" for a column that does not sort
    numeric: bool
    next_direction: str


def _descending(expression):
    if isinstance(expression, str):
        return F(expression).desc(nulls_last=True)
    return expression.copy().reverse_ordering()


def _ascending(expression):
    if isinstance(expression, str):
        return F(expression).asc(nulls_last=True)
    return expression


class Sorting:
    """Reads `sort=<key>` or `sort=-<key>` from the query string; unknown keys fall back to
    the default so a hand-edited URL never errors."""

    param = "sort"

    def __init__(
        self, params: QueryDict, columns: list[Column], default: str, tiebreak: tuple = ("pk",)
    ):
        self.params = params
        self.columns = columns
        self.by_key = {c.key: c for c in columns if c.order_by}
        raw = params.get(self.param, "")
        key = raw.lstrip("-")
        if key not in self.by_key:
            raw, key = default, default.lstrip("-")
        self.key = key
        self.descending = raw.startswith("-")
        self.tiebreak = tiebreak

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def order_by(self) -> list:
        expressions = self.by_key[self.key].order_by
        turn = _descending if self.descending else _ascending
        return [turn(e) for e in expressions] + list(self.tiebreak)

    def apply(self, queryset):
        return queryset.order_by(*self.order_by())

    def headers(self) -> list[Header]:
        headers = []
        for column in self.columns:
            if not column.order_by:
                headers.append(Header(column.label, "", "", column.numeric, ""))
                continue
            current = column.key == self.key
            descending_next = current and not self.descending
            aria = ("descending" if self.descending else "ascending") if current else "none"
            headers.append(
                Header(
                    column.label,
                    f"-{column.key}" if descending_next else column.key,
                    aria,
                    column.numeric,
                    "descending" if descending_next else "ascending",
                )
            )
        return headers


@dataclass
class Listing:
    """A list page's FilterSet, its Sorting and the filtered, sorted queryset."""

    filterset: object
    sorting: Sorting
    queryset: object


def list_context(
    request, listing: Listing, *, noun: str, export_csv: str, export_xlsx: str, per_page: int = 50
) -> dict:
    """What every filtered list template reads: a page of rows, the filter form, the sort
    headers, download links carrying the same filters, and the noun the count is of ("action",
    or "entry,entries" for an irregular plural)."""
    from django.urls import reverse

    from .pages import paginate

    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    suffix = f"?{query}" if query else ""
    return {
        "page_obj": paginate(request, listing.queryset, per_page),
        "filter": listing.filterset,
        "form": listing.filterset.form,
        "headers": listing.sorting.headers(),
        "csv_url": reverse(export_csv) + suffix,
        "xlsx_url": reverse(export_xlsx) + suffix,
        "noun_forms": noun,
    }
