"""Reviews, recommendations and actions: their pages, adding, editing, history, archiving, and
the board's assurance statement on a recommendation.

An empty POST to a form is answered with the form's errors (200), archive pages included: they
need `action=archive|restore` and a reason."""

from .row import SAME_AS_GET, Row
from .statuses import (
    BOARD_MANAGERS,
    CHANGE,
    CHANGE_ACTION,
    READ,
    READ_ACTION,
)

REVIEW = {"pk": "review"}
STAGE = {"pk": "review", "key": "stage_key"}
RECOMMENDATION = {"pk": "recommendation"}
ACTION = {"pk": "action_a"}

ROWS = (
    # The review.
    Row("reviews:create", get=BOARD_MANAGERS, post=BOARD_MANAGERS),
    Row("assurance:review_detail", kwargs=REVIEW, get=READ, post=SAME_AS_GET),
    Row("reviews:edit", kwargs=REVIEW, get=CHANGE, post=CHANGE),
    Row("reviews:history", kwargs=REVIEW, get=READ, post=SAME_AS_GET),
    Row("reviews:archive", kwargs=REVIEW, get=CHANGE, post=CHANGE),
    # Its lifecycle: recording a stage, extending a running stage's deadline.
    Row("reviews:stage_record", kwargs=STAGE, get=CHANGE, post=CHANGE),
    Row("reviews:stage_extend", kwargs=STAGE, get=CHANGE, post=CHANGE),
    # Its recommendation.
    Row("recommendations:create", kwargs={"review_pk": "review"}, get=CHANGE, post=CHANGE),
    Row("assurance:recommendation_detail", kwargs=RECOMMENDATION, get=READ, post=SAME_AS_GET),
    Row("recommendations:edit", kwargs=RECOMMENDATION, get=CHANGE, post=CHANGE),
    Row("recommendations:history", kwargs=RECOMMENDATION, get=READ, post=SAME_AS_GET),
    Row(
        "recommendations:archive",
        kwargs=RECOMMENDATION,
        get=CHANGE,
        post=CHANGE,
    ),
    # The assurance statement on it.
    Row(
        "assurance:statement_edit",
        kwargs={"recommendation_pk": "recommendation"},
        get=CHANGE,
        post=CHANGE,
    ),
    Row(
        "assurance:statement_history",
        kwargs={"recommendation_pk": "recommendation"},
        get=READ,
        post=SAME_AS_GET,
    ),
    # Its actions: action_a belongs to lead_a's agency.
    Row(
        "recommendations:action_create",
        kwargs={"recommendation_pk": "recommendation"},
        get=CHANGE,
        post=CHANGE,
    ),
    Row("assurance:action_detail", kwargs=ACTION, get=READ_ACTION, post=SAME_AS_GET),
    Row("recommendations:action_edit", kwargs=ACTION, get=CHANGE_ACTION, post=CHANGE_ACTION),
    Row("recommendations:action_history", kwargs=ACTION, get=READ_ACTION, post=SAME_AS_GET),
    Row(
        "recommendations:action_archive",
        kwargs=ACTION,
        get=CHANGE_ACTION,
        post=CHANGE_ACTION,
    ),
)
