#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and evidence directory.
#
#   deploy/restore.sh SRC_DIR
#
# Needs DATABASE_URL (an empty database: create it first, e.g. `createdb`) and, when the backup
# has evidence.tar, EVIDENCE_ROOT (missing or empty). Refuses to restore over existing data.
# Run `manage.py migrate` afterwards when restoring into a newer version of the app.
set -euo pipefail

src=${1:?usage: deploy/restore.sh SRC_DIR}
: "${DATABASE_URL:?DATABASE_URL must be set}"
cd "$src"
sha256sum --check --quiet SHA256SUMS

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
  --command="SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [[ "$tables" != 0 ]]; then
  echo "The database already has $tables tables: restore into an empty database." >&2
  exit 1
fi

if [[ -f evidence.tar ]]; then
  : "${EVIDENCE_ROOT:?EVIDENCE_ROOT must be set}"
  mkdir -p "$EVIDENCE_ROOT"
  if [[ -n "$(ls -A "$EVIDENCE_ROOT")" ]]; then
    echo "$EVIDENCE_ROOT is not empty: restore into an empty evidence directory." >&2
    exit 1
  fi
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" database.dump
if [[ -f evidence.tar ]]; then
  tar --extract --file=evidence.tar --directory="$EVIDENCE_ROOT"
fi
echo "Restored $(pwd) into the database and ${EVIDENCE_ROOT:-no evidence directory}"
