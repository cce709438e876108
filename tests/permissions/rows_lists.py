"""The lists and their downloads, the dashboard, search, and the themes.

Every role that reads actions lists and downloads them, each within their own scope. Themes
are one vocabulary shared by every partnership: board managers (of any partnership) and
administrators curate it; an empty POST to its forms is answered with the form's errors."""

from .row import SAME_AS_GET, Row
from .statuses import BOARD_MANAGERS_AND_ADMINISTRATORS, LIST

ROWS = (
    Row("assurance:dashboard", get=LIST, post=SAME_AS_GET),
    Row("assurance:search", get=LIST, post=SAME_AS_GET),
    # Reviews.
    Row("assurance:review_list", get=LIST, post=SAME_AS_GET),
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
        get=BOARD_MANAGERS_AND_ADMINISTRATORS,
        post=BOARD_MANAGERS_AND_ADMINISTRATORS,
    ),
    Row("reviews:theme_history", kwargs={"pk": "theme"}, get=LIST, post=SAME_AS_GET),
)
