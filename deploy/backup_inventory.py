#!/usr/bin/env python
"""Helper for deploy/backup_restore_check.sh. Runs against the instance that DATABASE_URL and
EVIDENCE_ROOT name, with the app's settings (DJANGO_SETTINGS_MODULE).

    python deploy/backup_inventory.py populate    # an edit with history, an evidence file
    python deploy/backup_inventory.py inventory   # JSON: what a restore must bring back
"""

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scr_tracker.settings.production")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402

from assurance.models import Evidence  # noqa: E402
from recommendations.models import Action  # noqa: E402
from reviews.models import Review  # noqa: E402
from reviews.services import review_save  # noqa: E402
from scr_tracker.audit import audited_save  # noqa: E402
from scr_tracker.models import User  # noqa: E402

EDIT_REASON = "Backup check: summary edited"
EVIDENCE_TEXT = b"Audit of 40 case files, March 2018: 95% compliant with the chronology standard.\n"


def populate():
    """Make what a backup must keep beyond the demo data: an edit (a history row with its
    acting user and reason) and an evidence file in the evidence storage."""
    manager = User.objects.get(username="board.manager")
    review = Review.objects.get(reference="SCR-BABY-F")
    review.summary = (review.summary + " Backed up and restored.").strip()
    review_save(review=review, actor=manager, reason=EDIT_REASON)

    action = Action.objects.filter(recommendation__review=review).order_by("pk").first()
    evidence = Evidence(
        action=action,
        description="Case file audit results",
        original_filename="case-file-audit.txt",
        content_type="text/plain",
        size=len(EVIDENCE_TEXT),
        sha256=hashlib.sha256(EVIDENCE_TEXT).hexdigest(),
        supplied_by=manager,
    )
    evidence.file.save("case-file-audit.txt", ContentFile(EVIDENCE_TEXT), save=False)
    audited_save(evidence, actor=manager, reason="Backup check: evidence supplied")


def inventory():
    """Row counts of every model (history tables included), the edit's history row and every
    evidence file's recorded and actual checksum."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"scr_tracker", "reviews", "recommendations", "assurance", "auth"}
    }
    edit = Review.history.filter(history_change_reason=EDIT_REASON).values_list(
        "reference", "history_user__username"
    )
    files = []
    for evidence in Evidence.objects.exclude(file="").order_by("pk"):
        with default_storage.open(evidence.file.name) as stored:
            actual = hashlib.sha256(stored.read()).hexdigest()
        files.append({"name": evidence.file.name, "recorded": evidence.sha256, "actual": actual})
    return {"counts": counts, "edit_history": [list(row) for row in edit], "evidence_files": files}


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "populate":
        populate()
    elif command == "inventory":
        print(json.dumps(inventory(), indent=2, sort_keys=True))
    else:
        sys.exit(__doc__)
