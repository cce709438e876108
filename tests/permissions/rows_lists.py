"""The lists and their downloads, the dashboard, search, and the themes.

Every role that reads actions lists and downloads them, each within their own scope. A
partnership's themes are its own: its board managers curate them and another partnership does
not find them (404); national themes are the administrators' (tests/reviews/
test_theme_tenancy.py). An empty POST to the theme forms is answered with the form's errors."""

from .row import SAME_AS_GET, Row
from .statuses import BOARD_MANAGERS_AND_ADMINISTRATORS, LIST, statuses

# The core partnership's own theme: its board manager edits it; the administrator changes only
# national themes; another partnership's board manager does not find it.
OWN_THEME_CURATORS = statuses(403, board_manager=200, outsider=404)

ROWS = (
    Row("assurance:dashboard", get=LIST, post=SAME_AS_GET),
    Row("assurance:search", get=LIST, post=SAME_AS_GET),
    # Reviews.
    Row("assurance:review_list", get=LIST, post=SAME_AS_GET),
    # The stages and deadline rules in force for the user's partnership (GET only).
    Row("reviews:stages", get=LIST),
    Row("assurance:review_export_csv", get=LIST, post=SAME_AS_GET),
    Row("assurance:review_export_xlsx", get=LIST, post=SAME_AS_GET),
    # Recommendations.
    Row("assurance:recommendation_list", get=LIST, post=SAME_AS_GET),
    Row("assurance:recommendation_export_csv", get=LIST, post=SAME_AS_GET),
    Row("assurance:recommendation_export_xlsx", get=LIST, post=SAME_AS_GET),
    # Actions.
    Row("assurance:action_list", get=LIST, post=SAME_AS_GET),
    Row("assurance:action_export_csv", get=LIST, post=SAME_AS_GET),
    Row("assurance:action_export_xlsx", get=LIST, post=SAME_AS_GET),
    # Themes.
    Row("reviews:theme_list", get=LIST, post=SAME_AS_GET),
    Row("assurance:recurring_themes", get=LIST, post=SAME_AS_GET),
    Row(
        "reviews:theme_create",
        get=BOARD_MANAGERS_AND_ADMINISTRATORS,
        post=BOARD_MANAGERS_AND_ADMINISTRATORS,
    ),
    Row(
        "reviews:theme_edit",
        kwargs={"pk": "theme"},
        get=OWN_THEME_CURATORS,
        post=OWN_THEME_CURATORS,
    ),
    Row(
        "reviews:theme_history",
        kwargs={"pk": "theme"},
        get=LIST | {"outsider": 404},
        post=SAME_AS_GET,
    ),
)
