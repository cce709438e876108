#!/usr/bin/env bash
# Proves the backup procedure of docs/operations.md: back up a populated instance with
# deploy/backup.sh, restore it with deploy/restore.sh into a fresh database and evidence
# directory, and compare what is there: every table's rows (history included), the edit's
# history row with its user, and every evidence file's checksum.
#
#   deploy/backup_restore_check.sh      # run by .ci/production_smoke.sh
#
# Needs the environment of a PostgreSQL instance with the demo data loaded: DATABASE_URL,
# EVIDENCE_ROOT, DJANGO_SETTINGS_MODULE, SECRET_KEY. It adds an edit and an evidence file to
# that instance, and drops the database it restores into when it finishes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
: "${DATABASE_URL:?}" "${EVIDENCE_ROOT:?}"

work=$(mktemp -d)
restored_db="$(basename "$DATABASE_URL")_restored"
restored_url="${DATABASE_URL%/*}/${restored_db}"
cleanup() {
  psql --no-psqlrc --quiet --dbname="${DATABASE_URL%/*}/postgres" \
    --command="DROP DATABASE IF EXISTS \"${restored_db}\"" || true
  rm -rf "$work"
}
trap cleanup EXIT

"$PY" deploy/backup_inventory.py populate
"$PY" deploy/backup_inventory.py inventory > "$work/before.json"

deploy/backup.sh "$work/backup"

psql --no-psqlrc --quiet --dbname="${DATABASE_URL%/*}/postgres" --command="CREATE DATABASE \"${restored_db}\""
DATABASE_URL=$restored_url EVIDENCE_ROOT=$work/restored-evidence deploy/restore.sh "$work/backup"
DATABASE_URL=$restored_url "$PY" manage.py migrate --check --no-input
DATABASE_URL=$restored_url EVIDENCE_ROOT=$work/restored-evidence \
  "$PY" deploy/backup_inventory.py inventory > "$work/after.json"

"$PY" - "$work/before.json" "$work/after.json" <<'PYTHON'
import json
import sys

before, after = (json.load(open(path)) for path in sys.argv[1:3])
problems = []
if not before["edit_history"]:
    problems.append("the populated instance has no history row for the edit")
if not before["evidence_files"]:
    problems.append("the populated instance has no evidence file")
if before["counts"].get("reviews.Review", 0) == 0:
    problems.append("the populated instance has no reviews")
for name, count in before["counts"].items():
    if after["counts"].get(name) != count:
        problems.append(f"{name}: {count} rows backed up, {after['counts'].get(name)} restored")
if after["edit_history"] != before["edit_history"]:
    problems.append(f"edit history {before['edit_history']} restored as {after['edit_history']}")
for file in after["evidence_files"]:
    if file["actual"] != file["recorded"]:
        problems.append(f"evidence file {file['name']} differs from its recorded checksum")
if after["evidence_files"] != before["evidence_files"]:
    problems.append("the restored evidence files are not the backed-up ones")
if problems:
    sys.exit("Backup and restore FAILED:\n  " + "\n  ".join(problems))
history = sum(n for name, n in after["counts"].items() if ".Historical" in name)
print(
    f"Backup and restore: {after['counts']['reviews.Review']} reviews, {history} history rows, "
    f"{len(after['evidence_files'])} evidence files restored intact"
)
PYTHON
