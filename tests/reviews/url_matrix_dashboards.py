"""Permission matrix entries for the review downloads and the themes pages. A partnership's
themes are its own: its board managers curate them, other partnerships cannot see them (404);
national themes (tested in tests/reviews/test_theme_tenancy.py) are the administrators'."""

from tests.reviews.factories import ThemeFactory

LIST = (302, 200, 200, 200, 403, 200, 200, 200)
CURATE = (302, 200, 403, 403, 403, 403, 200, 200)
# The theme under test belongs to the core partnership.
CURATE_OWN = (302, 200, 403, 403, 403, 403, 403, 404)
READ_OWN = (302, 200, 200, 200, 403, 200, 200, 404)

MATRIX = {
    "assurance:review_export_csv": (LIST, {}),
    "assurance:review_export_xlsx": (LIST, {}),
    "reviews:theme_list": (LIST, {}),
    "assurance:recurring_themes": (LIST, {}),
    "reviews:theme_create": (CURATE, {}),
    "reviews:theme_edit": (CURATE_OWN, {"pk": "theme"}),
    "reviews:theme_history": (READ_OWN, {"pk": "theme"}),
}


def make_objects(core, request):
    partnership = request.getfixturevalue("partnership")
    return {"theme": ThemeFactory(name="Information sharing", partnership=partnership)}
