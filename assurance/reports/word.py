"""The implementation assurance report and the briefing note as Word documents (.docx), for
committee systems that take Word. Built from the same context as the PDF; python-docx writes
text as text, so nothing in it is markup."""

from io import BytesIO

from django.utils.formats import date_format
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from assurance.models import ReportKind

from .builders import RATING_LABELS

FONT = "Arial"
BLACK = RGBColor(0, 0, 0)
EXEMPT_TEXT = "Exempt item: not for publication. The detail is given in the exempt version only."


def render_docx(context: dict, *, draft: bool) -> bytes:
    report = context["report"]
    document = Document()
    _set_up(document, report, draft=draft)
    _masthead(document, report)
    if report.kind == ReportKind.BRIEFING:
        _briefing(document, context)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        label = document.add_paragraph()
        label.alignment = 2  # right
        label.add_run(f"Appendix {len(context['appendices'])}").bold = True
        _assurance(document, context["appendix_options"], context["section"])
    else:
        _assurance(document, context["options"], context["section"])
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document, report, *, draft):
    properties = document.core_properties
    properties.title = report.title
    properties.author = str(report.partnership.name)
    properties.subject = f"{report.kind_label}. {report.version_label}."
    properties.language = report.language
    properties.keywords = report.version_label

    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.color.rgb = BLACK
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), report.language)
        rpr.append(language)
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Heading 1"].font.size = Pt(20)
    document.styles["Heading 2"].font.size = Pt(13)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)

    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    _small(header.add_run(report.title))
    right = ("DRAFT – not issued   " if draft else "") + report.marking
    if right:
        _small(header.add_run("\t" + right), bold=True)

    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    _small(footer.add_run(report.version_label), bold=True)
    _small(footer.add_run("\tPage "))
    _field(footer, "PAGE")
    _small(footer.add_run(" of "))
    _field(footer, "NUMPAGES")


def _masthead(document, report):
    """The partnership the report comes from and, in the exempt version, the Schedule 12A
    paragraph it relies on: as the PDF's first page has them."""
    name = document.add_paragraph()
    run = name.add_run(str(report.partnership.name))
    run.bold = True
    run.font.size = Pt(12)
    if not report.options.is_public:
        reason = document.add_paragraph()
        reason.add_run(report.options.exempt_reason).bold = True


def _small(run, *, bold=False):
    run.font.size = Pt(8.5)
    run.bold = bold
    return run


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _memo(document, options, *, with_sender=True):
    rows = [("To:", options.to), ("Date:", date_format(options.date, "jS F Y"))]
    if with_sender:
        rows.append(("From:", options.sender))
    rows.append(("Subject:", options.subject))
    for label, value in rows:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(25))
        paragraph.add_run(label).bold = True
        paragraph.add_run("\t" + value)


def _paragraphs(cell_or_document, text, *, first=None):
    """Add the text's paragraphs (blank-line separated), into a table cell or the document."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    for index, block in enumerate(blocks or [""]):
        use_first = first is not None and index == 0
        paragraph = first if use_first else cell_or_document.add_paragraph()
        lines = block.split("\n")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            if number < len(lines) - 1:
                run.add_break()


def _mark_header_row(row):
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell in row.cells:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "D9D9D9")
        cell._tc.get_or_add_tcPr().append(shading)


def _keep_row_whole(row):
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)


def _assurance(document, options, section):
    document.add_heading("Report", level=1)
    _memo(document, options)
    document.add_heading("1. Purpose of the report", level=2)
    _paragraphs(document, options.purpose)
    if section.hidden:
        document.add_paragraph().add_run(EXEMPT_TEXT).bold = True
        return
    if not section.recommendations:
        document.add_paragraph("No recommendations have been recorded for this review.")
        return
    headings = ["Recommendation", "Implementation Assurance"]
    if options.include_rag:
        headings.append("Partnership rating")
    if options.include_level:
        headings.append("Assurance level")
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _mark_header_row(table.rows[0])
    for rec in section.recommendations:
        row = table.add_row()
        _keep_row_whole(row)
        cells = row.cells
        cells[0].paragraphs[0].add_run(f"{rec.label}:").bold = True
        _paragraphs(cells[0], rec.recommendation.text)
        statement = rec.statement
        _paragraphs(
            cells[1],
            statement.narrative
            if statement
            else "No implementation assurance has been written yet.",
            first=cells[1].paragraphs[0],
        )
        column = 2
        if options.include_rag:
            cells[column].paragraphs[0].add_run(RATING_LABELS[rec.rating]).bold = True
            column += 1
        if options.include_level:
            cells[column].paragraphs[0].add_run(
                (statement.level if statement else "") or "Not yet given"
            )
    widths = (
        [Mm(66), Mm(104)]
        if len(headings) == 2
        else [Mm(58), Mm(68)] + [Mm(22)] * (len(headings) - 2)
    )
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _numbered(document, number, text, *, indent=None, left=None):
    """A paragraph with its number hanging in the margin: "3.1<tab>text"."""
    indent = indent or Mm(13)
    left = left or indent
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = left
    paragraph.paragraph_format.first_line_indent = -indent
    paragraph.paragraph_format.tab_stops.add_tab_stop(left)
    paragraph.add_run(f"{number}\t{text}")
    return paragraph


def _briefing(document, context):
    options = context["options"]
    document.add_heading("Briefing note", level=1)
    _memo(document, options, with_sender=False)
    document.add_heading("1 Purpose of the Note", level=2)
    _numbered(document, "1.1", options.purpose)
    document.add_heading("2 Recommendations", level=2)
    _numbered(document, "2.1", f"The {options.to} are recommended to:")
    for index, item in enumerate(options.board_recommendations, start=1):
        _numbered(document, f"{index})", item, indent=Mm(9), left=Mm(22))
    document.add_heading("3 Information/Background", level=2)
    for index, text in enumerate(context["background"], start=1):
        _numbered(document, f"3.{index}", text)
    document.add_heading("Appendices", level=2)
    for index, appendix in enumerate(context["appendices"], start=1):
        document.add_paragraph(f"{index} – {appendix}")
    signature = document.add_paragraph()
    signature.add_run(context["signature"][0]).bold = True
    if len(context["signature"]) > 1:
        signature.add_run().add_break()
        signature.add_run(context["signature"][1])
    if options.contact_officer:
        contact = document.add_paragraph()
        contact.add_run("Contact officer: ").bold = True
        contact.add_run(options.contact_officer)
