"""A 10,000-row plan goes through the whole import: upload, a paged preview, one commit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import Action, ImportBatch, Recommendation
from tests.recommendations.import_helpers import workbook_bytes

pytestmark = pytest.mark.django_db

ROWS = 10_000


def test_ten_thousand_rows_preview_and_import(
    client, django_assert_max_num_queries, board_manager, review, agency_a, settings
):
    # The commit in the request, as the command line does it; over IMPORT_BACKGROUND_ROWS the
    # page hands the same commit to the worker (tests/assurance/test_background_work.py).
    settings.IMPORT_BACKGROUND_ROWS = ROWS
    rows = [["No.", "Recommendation", "Key actions", "Lead officer", "Timescale", "Agency"]]
    for n in range(ROWS):
        number = n // 4 + 1
        rows.append(
            [
                str(number),
                f"Seek assurance on matter {number}.",
                f"Action {n}",
                "Head of Service",
                "March 2016",
                agency_a.name,
            ]
        )
    client.force_login(board_manager)

    response = client.post(
        reverse("recommendations:import_upload"),
        {
            "file": SimpleUploadedFile("large.xlsx", workbook_bytes(rows)),
            "review": review.pk,
            "kind": "scr",
        },
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    assert (batch.row_count, batch.summary["recommendations_new"], batch.summary["actions"]) == (
        ROWS,
        ROWS // 4,
        ROWS,
    )
    with django_assert_max_num_queries(9):
        html = client.get(batch.get_absolute_url(), {"page": 100}).content.decode()
    assert "Rows 9901 to 10000 of 10000" in html
    assert "Import 2500 recommendations and 10000 actions" in html

    assert client.post(batch.get_absolute_url()).status_code == 302
    assert Recommendation.objects.filter(review=review).count() == ROWS // 4
    assert Action.objects.filter(recommendation__review=review).count() == ROWS
    assert Action.objects.get(source_row=ROWS + 1).key_actions == f"Action {ROWS - 1}"
