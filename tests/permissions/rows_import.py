"""The action-plan importer and the plan download. import_batch is the board manager's upload
of a one-row plan into the review, awaiting confirmation: only board managers of its
partnership see it."""

from .row import SAME_AS_GET, Row
from .statuses import BOARD_MANAGERS, READ, allowed_then, statuses

BATCH = statuses(404, board_manager=200)
ON_BATCH = {"pk": "import_batch"}

ROWS = (
    # An empty POST: no file, the form's errors (200).
    Row("recommendations:import_upload", get=BOARD_MANAGERS, post=BOARD_MANAGERS),
    # An empty POST confirms the import, which is refused (the plan's recommendation 1 is in
    # the review already): the preview with the errors (200).
    Row("recommendations:import_preview", kwargs=ON_BATCH, get=BATCH, post=BATCH),
    Row("recommendations:import_mapping", kwargs=ON_BATCH, get=BATCH, post=BATCH),
    # Matching the file's agency names: an empty POST is the form again, with its errors.
    Row("recommendations:import_agencies", kwargs=ON_BATCH, get=BATCH, post=BATCH),
    # A POST discards the upload: back to the upload page (302).
    Row(
        "recommendations:import_discard",
        kwargs=ON_BATCH,
        get=BATCH,
        post=allowed_then(BATCH, 302),
    ),
    Row(
        "recommendations:action_plan_download",
        kwargs={"review_pk": "review"},
        get=READ,
        post=SAME_AS_GET,
    ),
)
