#!/usr/bin/env bash
# CI: the production path without Docker (Docker cannot run here), as the container runs it.
#   1. docker-compose.yml validates (deploy/validate_compose.sh).
#   2. `manage.py check --deploy` reports nothing, with the production settings.
#   3. collectstatic, migrate into a fresh PostgreSQL database on 127.0.0.1:5432; no demo command
#      exists under production settings, so load_demo runs with the local settings;
#      board.manager and lead.health get an authenticator (TOTP) with a secret made for this run.
#   4. gunicorn (deploy/gunicorn.conf.py, 2 workers) on a free local port; the HTTP smoke test
#      (deploy/smoke_test.py), signing in with password and code as MFA requires; every server
#      log line is JSON and carries its request id.
#   5. Backup and restore (deploy/backup_restore_check.sh).
# Exits non-zero on any failure. Run from .ci/run, or by hand: .ci/production_smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '### %s\n' "$*"; }
PY=.venv/bin/python
PG=${PG_SERVER_URL:-postgres://postgres@127.0.0.1:5432}

say "Production smoke test: setup"
./scripts/bootstrap.sh
if ! command -v docker-compose >/dev/null; then
  echo "Installing Debian's docker-compose to validate docker-compose.yml"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi

work=$(mktemp -d)
db=${SMOKE_DB:-scr_deploy_smoke_$(date +%s)_$$}
gunicorn_pid=""
cleanup() {
  if [[ -n "$gunicorn_pid" ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill "$gunicorn_pid"
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  psql --no-psqlrc --quiet --dbname="$PG/postgres" --command="DROP DATABASE IF EXISTS \"$db\"" || true
  rm -rf "$work"
}
trap cleanup EXIT

# The production settings, with what an operator's .env would give them.
export DJANGO_SETTINGS_MODULE=scr_tracker.settings.production
SECRET_KEY=$("$PY" -c "import secrets; print(secrets.token_urlsafe(50))")
export SECRET_KEY
export DATABASE_URL="$PG/$db"
export ALLOWED_HOSTS=127.0.0.1,localhost
export EVIDENCE_ROOT="$work/evidence"
export LOG_FORMAT=json
# No mail server here: workflow emails (a progress update tells the board manager) are rendered
# and dropped, rather than failing to connect to localhost:25 and logging an error.
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
# The authenticator app secret (hex, as django-otp stores it) of the smoke test's two users.
SMOKE_TOTP_KEY=$("$PY" -c "import secrets; print(secrets.token_hex(20))")
export SMOKE_TOTP_KEY

say "Compose file"
deploy/validate_compose.sh

say "manage.py check --deploy"
"$PY" manage.py check --deploy --fail-level WARNING

say "collectstatic, migrate, load_demo (PostgreSQL database $db)"
psql --no-psqlrc --quiet --dbname="$PG/postgres" --command="CREATE DATABASE \"$db\""
"$PY" manage.py collectstatic --no-input -v 0
"$PY" manage.py migrate --no-input -v 0
# The demo does not exist under production settings: prove it, then load it with the local
# settings into the same database (as a developer would to try the production path).
if "$PY" manage.py help --commands | grep -qE '^(load_demo|generate_demo_data)$'; then
  echo "A demo command exists under production settings" >&2
  exit 1
fi
if "$PY" manage.py load_demo >/dev/null 2>&1; then
  echo "load_demo ran under production settings" >&2
  exit 1
fi
DJANGO_SETTINGS_MODULE=scr_tracker.settings.local "$PY" manage.py load_demo
# As if each had set up an authenticator app: a confirmed TOTP device called "default", the one
# the sign-in asks for. The key comes from the environment, never from the command line.
"$PY" manage.py shell -c '
import os
from django_otp.plugins.otp_totp.models import TOTPDevice
from scr_tracker.models import User
users = User.objects.filter(username__in=["board.manager", "lead.health"])
if users.count() != 2:
    raise SystemExit("The demo users board.manager and lead.health are missing")
for user in users:
    TOTPDevice.objects.update_or_create(
        user=user, name="default",
        defaults={"key": os.environ["SMOKE_TOTP_KEY"], "confirmed": True, "last_t": -1},
    )
    print(f"Authenticator set up for {user.username}")
'

say "gunicorn and the HTTP smoke test"
port=${SMOKE_PORT:-$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
WEB_CONCURRENCY=2 GUNICORN_BIND="127.0.0.1:$port" \
  .venv/bin/gunicorn --config deploy/gunicorn.conf.py scr_tracker.wsgi >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!
request_id="smoke-$(date +%s)-$$"
if ! "$PY" deploy/smoke_test.py "http://127.0.0.1:$port" --wait 60 --request-id "$request_id"; then
  echo "--- gunicorn log ---"
  cat "$work/gunicorn.log"
  exit 1
fi
kill "$gunicorn_pid"
wait "$gunicorn_pid" 2>/dev/null || true
gunicorn_pid=""
"$PY" - "$work/gunicorn.log" "$request_id" <<'PYTHON'
import json
import sys

path, request_id = sys.argv[1:3]
lines = open(path, encoding="utf-8").read().splitlines()
try:
    entries = [json.loads(line) for line in lines]
except json.JSONDecodeError as error:
    sys.exit(f"gunicorn log has a line that is not JSON ({error}):\n" + "\n".join(lines))
workers = sum("Booting worker" in e["message"] for e in entries)
if workers < 2:
    sys.exit(f"gunicorn started {workers} workers, not 2 or more")
if not any(e.get("request_id") == request_id for e in entries):
    sys.exit(f"no log line carries the smoke test's request id {request_id}")
if any(e["level"] in ("ERROR", "CRITICAL") for e in entries):
    sys.exit("gunicorn logged errors:\n" + "\n".join(lines))
print(f"Server log: {len(entries)} JSON lines from {workers} workers, request ids present")
PYTHON

say "Backup and restore"
deploy/backup_restore_check.sh
