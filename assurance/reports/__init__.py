"""Reports for scrutiny boards: build one context per report, render it as an on-screen page,
as a PDF (WeasyPrint) and, for the assurance report and briefing note, as Word; issue the PDF
to a board and keep its bytes exactly as sent.

- options.py   what a report is built from (kind, reviews, version, editable text)
- builders.py  the report contexts, read with a fixed number of queries
- render.py    HTML and PDF rendering, and the URL fetcher that keeps WeasyPrint offline
- word.py      the .docx versions
- services.py  issuing and archiving
"""

import logging

# WeasyPrint logs every rendering step at INFO, from the moment it is imported: keep it quiet.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
