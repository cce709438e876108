"""Every row, from each area's module, imported by name."""

from collections import Counter

from . import (
    rows_accounts,
    rows_api,
    rows_import,
    rows_jobs,
    rows_lists,
    rows_records,
    rows_reports,
    rows_site,
    rows_workflow,
)

ROWS = (
    *rows_site.ROWS,
    *rows_accounts.ROWS,
    *rows_records.ROWS,
    *rows_lists.ROWS,
    *rows_workflow.ROWS,
    *rows_reports.ROWS,
    *rows_import.ROWS,
    *rows_api.ROWS,
    *rows_jobs.ROWS,
)

_repeated = sorted(name for name, count in Counter(row.name for row in ROWS).items() if count > 1)
if _repeated:
    raise ValueError(f"More than one row for {_repeated}")

BY_NAME = {row.name: row for row in ROWS}

#: URL patterns without a name cannot have a row: each is named here by its route, with what
#: stands in for a row. Any other unnamed pattern fails `test_every_url_has_a_row`.
UNNAMED_ROUTES = {
    # Sends to the service's own sign-in page (test_the_admin_sign_in_is_the_services).
    "admin/login/": "scr_tracker.accounts.views.admin_login",
    # Any other path under /api/v1/: a JSON 404 problem, never the HTML page
    # (tests/api/test_api_behaviour.py).
    "api/v1/^.*$": "assurance.api.urls.nothing_here",
}
