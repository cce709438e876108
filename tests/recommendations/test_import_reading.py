"""Reading uploaded files into cells: the format told from the content, and every kind of bad
file refused with a sentence the user can act on."""

import datetime
import io
import re
import zipfile

import pytest

from recommendations.importer.reading import ImportFileError, read_tables
from tests.recommendations.import_helpers import SAMPLES, TEMPLATE_ONE, csv_bytes, workbook_bytes


def _error(data, filename="plan.xlsx") -> str:
    with pytest.raises(ImportFileError) as caught:
        read_tables(data, filename)
    return str(caught.value)


def test_empty_file_is_refused():
    assert (
        _error(b"", "plan.csv") == "plan.csv is empty. Choose the action plan's .xlsx or .csv file."
    )


def test_file_of_blank_lines_is_refused_as_empty():
    assert "is empty" in _error(b"\r\n\r\n  \r\n", "plan.csv")


def test_csv_of_only_separators_has_no_filled_cells():
    assert "has no filled cells" in _error(b",,,\r\n,,\r\n", "plan.csv")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "it is a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is an image"),
        (b"{\\rtf1\\ansi Action plan}", "it is a Word (RTF) document"),
        (b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table>", "it is a web page"),
        (bytes(range(256)) * 4, "it is not text"),
    ],
)
def test_files_that_are_not_spreadsheets_are_named_as_what_they_are(data, reason):
    assert _error(data, "plan.xlsx") == (
        f"plan.xlsx is not a spreadsheet ({reason}). Upload an Excel workbook (.xlsx), a CSV "
        "file or a Word document (.docx) with the plan in a table."
    )


def test_damaged_word_document_is_refused_as_such():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "could not be opened as a Word document" in _error(buffer.getvalue(), "plan.docx")


def test_damaged_workbook_is_refused():
    data = workbook_bytes([TEMPLATE_ONE])
    assert "is damaged and cannot be opened" in _error(data[: len(data) // 2])


def test_password_protected_workbook_is_refused_with_how_to_remove_the_password():
    data = (SAMPLES / "password_protected.xlsx").read_bytes()
    message = _error(data, "password_protected.xlsx")
    assert message.startswith(
        "password_protected.xlsx is protected with a password, so it cannot be read."
    )
    assert "Encrypt with Password" in message


def test_old_xls_workbook_is_refused_with_how_to_convert_it():
    message = _error((SAMPLES / "old_format.xls").read_bytes(), "old_format.xls")
    assert (
        "old Excel 97-2003 format (.xls)" in message
        and "save it as an Excel Workbook (.xlsx)" in message
    )


def test_workbook_too_large_when_unpacked_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 0
    assert "is too large to import" in _error(workbook_bytes([TEMPLATE_ONE]))


def test_workbook_cells_keep_their_row_numbers_and_types():
    data = workbook_bytes(
        [
            ["Child H action plan"],
            [],
            TEMPLATE_ONE,
            ["1. Rec", "Act", None, None, "Lead", datetime.datetime(2015, 7, 31)],
            [2, 2.5, True],
        ]
    )
    (table,) = read_tables(data, "plan.xlsx")
    assert table.format == "xlsx"
    assert table.rows[0] == ["Child H action plan"]
    assert table.rows[1] == []
    assert table.rows[3][5]["date"] == "2015-07-31"
    assert table.rows[4] == [2, 2.5, "TRUE"]


def test_line_breaks_inside_cells_are_normalised():
    (table,) = read_tables(workbook_bytes([["Key\r\nActions", "a\rb"]]), "plan.xlsx")
    assert table.rows[0] == ["Key\nActions", "a\nb"]


def test_formula_with_saved_value_is_read_as_its_value():
    """openpyxl cannot save a formula's result, so the sheet XML is given one as Excel would."""
    data = workbook_bytes([["Date"], ["=DATE(2015,7,31)"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # How openpyxl writes the empty cached value depends on whether lxml is present.
                content = re.sub(
                    rb'<c r="A2"[^>]*>.*?</c>',
                    b'<c r="A2" t="str"><f>DATE(2015,7,31)</f><v>31/07/2015</v></c>',
                    content,
                )
                assert b"<v>31/07/2015</v>" in content
            target.writestr(item, content)
    (table,) = read_tables(buffer.getvalue(), "plan.xlsx")
    assert table.rows[1] == ["31/07/2015"]


def test_formula_without_saved_value_is_marked():
    (table,) = read_tables(workbook_bytes([["Date"], ["=TODAY()+30"]]), "plan.xlsx")
    assert table.rows[1] == [{"formula": "=TODAY()+30"}]


def test_excel_error_values_are_marked():
    (table,) = read_tables(workbook_bytes([["Date", "Lead"], ["#REF!", "x"]]), "plan.xlsx")
    assert table.rows[1][0] == {"error": "#REF!"}


def test_merged_cells_are_copied_down_and_headings_merged_across_are_noted():
    data = workbook_bytes(
        [
            TEMPLATE_ONE,
            ["Overview Report Recommendations"],
            ["1. Rec", "a"],
            [None, "b"],
            [None, "c"],
        ],
        merges=["A2:F2", "A3:A5"],
    )
    (table,) = read_tables(data, "plan.xlsx")
    assert [row[0] for row in table.rows[2:5]] == ["1. Rec"] * 3
    assert table.merged_across == {1}


def test_sheets_without_cells_are_skipped_and_hidden_sheets_ignored():
    def build(workbook):
        workbook.create_sheet("Plan").append(TEMPLATE_ONE)
        hidden = workbook.create_sheet("Lists")
        hidden.append(["Police", "Health"])
        hidden.sheet_state = "hidden"

    tables = read_tables(workbook_bytes([], build=build), "plan.xlsx")
    assert [table.sheet_name for table in tables] == ["Plan"]


def test_workbook_with_no_cells_is_refused():
    assert "has no filled cells" in _error(workbook_bytes([]))


def test_more_rows_than_the_limit_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [TEMPLATE_ONE] + [[f"{n}. Rec", "act"] for n in range(6)]
    assert "has more than 5 rows" in _error(workbook_bytes(rows))
    assert "has more than 5 rows" in _error(csv_bytes(rows), "plan.csv")


def test_ten_thousand_rows_are_read():
    rows = [TEMPLATE_ONE] + [
        [f"{n}. Rec {n}", f"Action {n}", "", "", "Lead", "March 2016"] for n in range(10_000)
    ]
    (table,) = read_tables(workbook_bytes(rows), "plan.xlsx")
    assert len(table.rows) == 10_001
    assert table.rows[10_000][0] == "9999. Rec 9999"


def test_utf8_csv_with_byte_order_mark_reads_its_first_heading_cleanly():
    data = "\ufeffRecommendation,Key Actions\r\n1. Children’s voice,Audit\r\n".encode()
    (table,) = read_tables(data, "plan.csv")
    assert table.rows[0] == ["Recommendation", "Key Actions"]
    assert table.rows[1] == ["1. Children’s voice", "Audit"]
    assert table.notes == []


def test_windows_1252_csv_is_read_with_a_note():
    text = "Recommendation,Lead Officer\r\n1. Children’s services – education,Head of £ budget\r\n"
    data = text.encode("cp1252")
    (table,) = read_tables(data, "plan.csv")
    assert table.rows[1] == ["1. Children’s services – education", "Head of £ budget"]
    assert table.notes == [
        "The file was read as Windows-1252 text, as older Excel saves CSV files."
    ]


def test_utf16_csv_from_excel_unicode_text_is_read():
    data = "Recommendation\tKey Actions\r\n1. Rec\tAudit\r\n".encode("utf-16")
    (table,) = read_tables(data, "plan.txt")
    assert table.rows == [["Recommendation", "Key Actions"], ["1. Rec", "Audit"]]


def test_semicolon_separated_csv_is_recognised():
    data = csv_bytes(
        [["Recommendation", "Key Actions"], ["1. Seek assurance, then report", "Audit"]],
        delimiter=";",
    )
    (table,) = read_tables(data, "plan.csv")
    assert table.rows[1] == ["1. Seek assurance, then report", "Audit"]


def test_csv_cells_may_hold_line_breaks_and_commas():
    data = csv_bytes(
        [["Recommendation", "Key Actions"], ["1. Rec", "First, this\nthen that"], ["", "More"]]
    )
    (table,) = read_tables(data, "plan.csv")
    assert table.rows[1] == ["1. Rec", "First, this\nthen that"]
    assert table.rows[2] == [None, "More"]


def test_csv_blank_rows_keep_row_numbers():
    data = csv_bytes([["Recommendation", "Key Actions"], [], ["", ""], ["1. Rec", "Act"]])
    (table,) = read_tables(data, "plan.csv")
    assert table.rows[1] == [] and table.rows[2] == []
    assert table.rows[3] == ["1. Rec", "Act"]


def test_format_is_told_from_content_not_name():
    (table,) = read_tables(workbook_bytes([TEMPLATE_ONE]), "renamed.csv")
    assert table.format == "xlsx"
    (table,) = read_tables(csv_bytes([TEMPLATE_ONE]), "renamed.xlsx")
    assert table.format == "csv"
