"""Render a report context to HTML (the same templates the screen preview includes) and to PDF
bytes with WeasyPrint.

WeasyPrint would fetch any URL the HTML names: an <img src="file:///etc/passwd">, a stylesheet
on the internet. Report text is escaped by the templates, so user content cannot add such an
element; and, belt and braces, `ProjectStaticFetcher` serves only the project's own report
stylesheet and fonts from disk and refuses everything else, so nothing is ever fetched from the
network or from elsewhere on the machine."""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
# WeasyPrint logs each step of each render at INFO: noise in the logs, and time spent.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_DIR = Path(settings.BASE_DIR) / "static"
REPORT_CSS = STATIC_DIR / "reports" / "report.css"
ALLOWED_DIRS = (STATIC_DIR / "reports", STATIC_DIR / "fonts")
# Tagged, accessible PDF (PDF/UA-1): WeasyPrint tags headings, tables and lists, and takes
# the document's language and title from <html lang> and <title>.
PDF_VARIANT = "pdf/ua-1"


class ProjectStaticFetcher(URLFetcher):
    """Serves file: URLs inside static/reports/ and static/fonts/ and refuses every other URL.
    Keeps what it served and refused, for the tests and the log."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = allowed_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("A report asked for %r, which reports may not load.", url[:200])
            raise ValueError("Reports load only the project's own stylesheet and fonts.")
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            content_type = "font/ttf"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def allowed_path(url: str) -> Path | None:
    """The file a URL names when it is one of the project's report assets, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    for directory in ALLOWED_DIRS:
        if path.is_relative_to(directory.resolve()) and path.is_file():
            return path
    return None


def render_html(context: dict, *, draft: bool) -> str:
    """The whole report as a standalone HTML document, for WeasyPrint."""
    kind = context["report"].kind
    return render_to_string(
        "assurance/reports/pdf/document.html",
        {**context, "draft": draft, "body_template": f"assurance/reports/parts/{kind}.html"},
    )


def render_pdf(context: dict, *, draft: bool, url_fetcher: URLFetcher | None = None) -> bytes:
    """The report as PDF bytes: A4, running header and footer, tagged for accessibility."""
    fetcher = url_fetcher or ProjectStaticFetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(REPORT_CSS), url_fetcher=fetcher, font_config=font_config)
    document = HTML(
        string=render_html(context, draft=draft),
        base_url=(STATIC_DIR / "reports").as_uri() + "/",
        url_fetcher=fetcher,
    )
    return document.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant=PDF_VARIANT,
        uncompressed_pdf=False,
    )
