"""The implementation assurance report and the briefing note as Word documents (.docx), for
committee systems that take Word. Built from the same context as the PDF; python-docx writes
text as text, so nothing in it is markup."""

from io import BytesIO

from django.utils.formats import date_format
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from assurance.models import ReportKind
from scr_tracker.text import count_noun

from .builders import RATING_LABELS
from .options import LANDSCAPE_KINDS

FONT = "Arial"
BLACK = RGBColor(0, 0, 0)
EXEMPT_TEXT = "Exempt item: not for publication. The detail is given in the exempt version only."


def render_docx(context: dict, *, draft: bool) -> bytes:
    report = context["report"]
    document = Document()
    _set_up(document, report, draft=draft)
    _masthead(document, report, draft=draft)
    if report.kind == ReportKind.ACTION_PLAN:
        _action_plan(document, context)
    elif report.kind == ReportKind.BRIEFING:
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


# Word's core properties (title, subject, author, keywords) hold at most 255 characters.
CORE_PROPERTY_LIMIT = 255


def core_property(text: str) -> str:
    """`text` cut to fit a Word core property; the document's body keeps it whole."""
    text = " ".join(str(text).split())
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


def _set_up(document, report, *, draft):
    properties = document.core_properties
    properties.title = core_property(report.title)
    properties.author = core_property(report.partnership.name)
    properties.subject = core_property(f"{report.kind_label}. {report.version_label}.")
    properties.language = report.language
    properties.keywords = core_property(report.version_label)

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
    if report.kind in LANDSCAPE_KINDS:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    text_width = section.page_width - section.left_margin - section.right_margin

    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _small(header.add_run(report.title))
    right = ("DRAFT – not issued   " if draft else "") + report.marking
    if right:
        _small(header.add_run("\t" + right), bold=True)
    _rule(header, "bottom")

    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _rule(footer, "top")
    _small(footer.add_run(report.version_label), bold=True)
    _small(footer.add_run("\tPage "))
    _field(footer, "PAGE")
    _small(footer.add_run(" of "))
    _field(footer, "NUMPAGES")


def _masthead(document, report, *, draft=False):
    """The partnership the report comes from and, in the exempt version, the Schedule 12A
    paragraph it relies on: as the PDF's first page has them. A draft says so above them,
    as the PDF's watermark does."""
    if draft:
        mark = document.add_paragraph()
        run = mark.add_run("DRAFT – not issued")
        run.bold = True
        run.font.size = Pt(28)
        run.font.color.rgb = RGBColor(0xB1, 0xB4, 0xB6)
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


def _shade(cell, fill):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document, headings, widths=None):
    """A ruled table as the PDF draws it: the header row shaded and repeated on every page,
    and the PDF's cell padding (2 mm above and below, 2.5 mm either side)."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, top=Mm(2), bottom=Mm(2), left=Mm(2.5), right=Mm(2.5))
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _mark_header_row(table.rows[0])
    return table


def _cell_margins(table, **sides):
    """Default cell padding for the whole table (w:tblCellMar), in twentieths of a point."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, length in sides.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(length.pt * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _rule(paragraph, side: str):
    """A thin rule above or below a paragraph, as the PDF's header and footer have."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), "4")
    line.set(qn("w:space"), "4")
    line.set(qn("w:color"), "505A5F")
    borders.append(line)
    properties.append(borders)


def _set_widths(table, widths):
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _mark_header_row(row):
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell in row.cells:
        _shade(cell, "D9D9D9")


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
    table = _table(document, headings)
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


def _action_plan(document, context):
    """The full action plan as the PDF lays it out: the ratings summary with each rating's
    meaning, then each agency's actions under their recommendation (printed once, across the
    whole row)."""
    options, section = context["options"], context["section"]
    document.add_heading(options.subject, level=1)
    _memo(document, options)
    if section.hidden:
        document.add_paragraph().add_run(EXEMPT_TEXT).bold = True
        return
    review = section.review
    document.add_paragraph(
        f"{review.get_kind_display()} {review.reference}. "
        f"{count_noun(len(section.recommendations), 'recommendation')}, "
        f"{count_noun(section.action_count, 'action')}."
    )
    document.add_heading("Ratings summary", level=2)
    summary = _table(
        document, ["Partnership rating", "Actions", "What it means"], [Mm(40), Mm(22), Mm(120)]
    )
    for count in section.rating_counts:
        cells = summary.add_row().cells
        cells[0].paragraphs[0].add_run(count.label).bold = True
        cells[1].paragraphs[0].add_run(str(count.actions))
        cells[2].paragraphs[0].add_run(count.meaning[:1].upper() + count.meaning[1:])
    _set_widths(summary, [Mm(40), Mm(22), Mm(120)])
    document.add_paragraph(
        "Partnership ratings are the board's view, worked out by the same rules for every "
        "action. Agency ratings are what each agency last reported about its own action."
    )
    headings = [
        "Key actions",
        "Evidence",
        "Key outcome(s)",
        "Lead officer",
        "Timescale",
        "Due date",
        "Status",
        "Partnership rating",
        "Agency rating",
    ]
    widths = [Mm(45), Mm(45), Mm(45), Mm(27), Mm(20), Mm(22), Mm(23), Mm(20), Mm(20)]
    if not context["agency_groups"]:
        document.add_paragraph("No actions have been agreed for this review yet.")
    for agency, recommendations in context["agency_groups"]:
        document.add_heading(agency.name, level=2)
        table = _table(document, headings, widths)
        for rec, rows in recommendations:
            row = table.add_row()
            _keep_row_whole(row)
            merged = row.cells[0].merge(row.cells[-1])
            _shade(merged, "F3F2F1")
            merged.paragraphs[0].add_run(f"{rec.label}: ").bold = True
            merged.paragraphs[0].add_run(" ".join(rec.recommendation.text.split()))
            if rec.recommendation.desired_outcome:
                merged.add_paragraph(f"Desired outcome: {rec.recommendation.desired_outcome}")
            for action_row in rows:
                action = action_row.action
                cells = table.add_row().cells
                _keep_row_whole(table.rows[-1])
                due = date_format(action.due_date, "j M Y") if action.due_date else "No date"
                if action_row.earlier_due_dates:
                    earlier = ", ".join(
                        date_format(r.due_date, "j M Y")
                        if r.due_date
                        else (r.timescale or "no date")
                        for r in action_row.earlier_due_dates
                    )
                    due += f" (earlier: {earlier})"
                status = action.get_status_display()
                if action.status == "not_implemented":
                    status += f". Reason: {action.not_implemented_reason}"
                values = [
                    action.key_actions,
                    action.evidence_expected or "Not recorded",
                    action.outcome_measure or "Not recorded",
                    action.lead_officer or "Not recorded",
                    action.timescale or "None",
                    due,
                    status,
                    RATING_LABELS.get(action_row.partnership_rag, "Not rated"),
                    RATING_LABELS.get(action.agency_rag or "", "Not rated"),
                ]
                for cell, value in zip(cells, values, strict=True):
                    _paragraphs(cell, value, first=cell.paragraphs[0])
        _set_widths(table, widths)
