"""Permission matrix entries for the review downloads and the themes pages. Themes are one
vocabulary shared by every partnership: board managers (of any partnership) and
administrators curate it."""

from tests.reviews.factories import ThemeFactory

LIST = (302, 200, 200, 200, 403, 200, 200, 200)
CURATE = (302, 200, 403, 403, 403, 403, 200, 200)

MATRIX = {
    "assurance:review_export_csv": (LIST, {}),
    "assurance:review_export_xlsx": (LIST, {}),
    "reviews:theme_list": (LIST, {}),
    "assurance:recurring_themes": (LIST, {}),
    "reviews:theme_create": (CURATE, {}),
    "reviews:theme_edit": (CURATE, {"pk": "theme"}),
    "reviews:theme_history": (LIST, {"pk": "theme"}),
}


def make_objects(core, request):
    return {"theme": ThemeFactory(name="Information sharing")}
