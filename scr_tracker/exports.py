"""CSV and XLSX downloads of the filtered lists.

Rows come from `.values()` querysets read in chunks, so a 20,000-row export neither builds model
instances nor holds the file in memory: CSV is streamed as it is written, XLSX is written by
openpyxl's write-only workbook to a temporary file. Text that a spreadsheet would run as a
formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[dict], object]


def neutralise(value):
    """Text that a spreadsheet would read as a formula, made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _local(value):
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).replace(tzinfo=None, microsecond=0)
            if timezone.is_aware(value)
            else value
        )
    return value


def _rows(columns: list[ExportColumn], rows: Iterable[dict]):
    for row in rows:
        yield [neutralise(_local(column.value(row))) for column in columns]


class _Echo:
    def write(self, value):
        return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_response(
    filename: str, columns: list[ExportColumn], rows: Iterable[dict]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        # The byte order mark makes Excel read the file as UTF-8.
        yield "\ufeff" + writer.writerow([c.header for c in columns])
        chunk = []
        for values in _rows(columns, rows):
            chunk.append(writer.writerow([_csv_text(v) for v in values]))
            if len(chunk) == 500:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(
    filename: str, sheet_title: str, columns: list[ExportColumn], rows: Iterable[dict]
) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([c.header for c in columns])
    for values in _rows(columns, rows):
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
        )
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "no-store"
    return response


def export_rows(queryset, fields: list[str]) -> Iterable[dict]:
    """The queryset's rows as dicts of `fields`, read from the database in chunks."""
    return queryset.values(*fields).iterator(chunk_size=CHUNK)


def choice_label(choices):
    """A function giving the label of a stored choice value (the value itself if unknown)."""
    labels = dict(choices)
    return lambda value: labels.get(value, value or "")
