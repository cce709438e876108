#!/usr/bin/env bash
# Back up SCR Tracker: the PostgreSQL database, then the evidence files.
#
#   deploy/backup.sh DEST_DIR
#
# Needs DATABASE_URL (postgres://user:password@host:port/name) and, for evidence kept on the
# filesystem, EVIDENCE_ROOT. Writes DEST_DIR/database.dump (pg_dump custom format),
# DEST_DIR/evidence.tar and DEST_DIR/SHA256SUMS, readable by the owner only.
#
# The database comes first: evidence files are written once under new random names and never
# changed or removed, so every file that the dump refers to is in the later copy of the files.
# With EVIDENCE_STORAGE=s3 the bucket is backed up by the object store (versioning or
# replication); this script then copies the database only.
set -euo pipefail

dest=${1:?usage: deploy/backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must be set}"
umask 077
mkdir -p "$dest"
cd "$dest"

pg_dump --format=custom --no-owner --no-privileges --file=database.dump "$DATABASE_URL"
files=(database.dump)
if [[ "${EVIDENCE_STORAGE:-filesystem}" == filesystem ]]; then
  : "${EVIDENCE_ROOT:?EVIDENCE_ROOT must be set}"
  mkdir -p "$EVIDENCE_ROOT"
  tar --create --file=evidence.tar --directory="$EVIDENCE_ROOT" .
  files+=(evidence.tar)
fi
sha256sum "${files[@]}" > SHA256SUMS
echo "Backed up to $(pwd): ${files[*]}"
