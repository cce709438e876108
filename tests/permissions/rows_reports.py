"""The report pages (assurance/reports/). The issued report is issued to the scrutiny member's
board; the outsider composes reports for their own partnership only."""

from .row import SAME_AS_GET, Row
from .statuses import BOARD_MANAGERS, statuses

KIND = {"kind": "kind"}
ISSUED = {"pk": "issued_report"}
DRAFT = {"pk": "report_draft"}
# Composing: board managers, each for their own partnership.
COMPOSE = BOARD_MANAGERS
# A draft: its partnership's board managers; another partnership's does not find it.
DRAFT_OF_PARTNERSHIP = BOARD_MANAGERS | {"outsider": 404}
# An issued report: its partnership's board manager and scrutineer, and the board it was
# issued to.
READ_ISSUED = statuses(404, board_manager=200, scrutiny_member=200, scrutineer=200)
# Its details (history, archiving): not for the scrutiny member it was issued to.
HISTORY = READ_ISSUED | {"scrutiny_member": 403}
ARCHIVE = HISTORY | {"scrutineer": 403}

ROWS = (
    # The register of issued reports: a scrutiny member's home page.
    Row(
        "assurance:reports:register",
        get=statuses(200, lead_a=403, lead_b=403, administrator=403),
        post=SAME_AS_GET,
    ),
    Row("assurance:reports:choose", get=COMPOSE, post=SAME_AS_GET),
    # An empty POST shows the options again with their errors (200).
    Row("assurance:reports:compose", kwargs=KIND, get=COMPOSE, post=COMPOSE),
    Row("assurance:reports:draft", kwargs=DRAFT, get=DRAFT_OF_PARTNERSHIP, post=SAME_AS_GET),
    # Downloads: never by POST.
    Row("assurance:reports:draft_pdf", kwargs=DRAFT, get=DRAFT_OF_PARTNERSHIP),
    Row("assurance:reports:draft_docx", kwargs=DRAFT, get=DRAFT_OF_PARTNERSHIP),
    # An empty POST names no board and confirms nothing: the page again with its errors (200).
    Row("assurance:reports:issue", kwargs=DRAFT, get=DRAFT_OF_PARTNERSHIP, post=SAME_AS_GET),
    Row("assurance:reports:detail", kwargs=ISSUED, get=READ_ISSUED, post=SAME_AS_GET),
    Row("assurance:reports:download_pdf", kwargs=ISSUED, get=READ_ISSUED),
    Row("assurance:reports:download_docx", kwargs=ISSUED, get=READ_ISSUED),
    Row("assurance:reports:history", kwargs=ISSUED, get=HISTORY, post=SAME_AS_GET),
    # An empty POST archives nothing: it names neither archive nor restore, nor a reason (200).
    Row("assurance:reports:archive", kwargs=ISSUED, get=ARCHIVE, post=ARCHIVE),
)
