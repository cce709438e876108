"""Permission matrix entries for the dashboard and search (tests/scr_tracker/test_permissions.py).
Agency leads see both, scoped to their own agencies; scrutiny members read issued reports only."""

LIST = (302, 200, 200, 200, 403, 200, 200, 200)

MATRIX = {
    "assurance:dashboard": (LIST, {}),
    "assurance:search": (LIST, {}),
}
