#!/usr/bin/env bash
# CI: the production path without Docker (Docker cannot run here), as the container runs it.
#   1. docker-compose.yml validates (deploy/validate_compose.sh).
#   2. `manage.py check --deploy` reports nothing, with the production settings.
#   3. collectstatic, migrate into a fresh PostgreSQL database on 127.0.0.1:5432; no demo command
#      exists under production settings, so load_demo runs with the local settings;
#      board.manager and lead.health get an authenticator (TOTP) with a secret made for this run.
#   4. gunicorn (deploy/gunicorn.conf.py, 2 workers) on a free local port and the background
#      worker (`manage.py db_worker`, as the worker container runs it); the HTTP smoke test
#      (deploy/smoke_test.py), signing in with password and code as MFA requires, with a
#      download over a lowered threshold made by the worker; every server log line is JSON and
#      carries its request id; every task queued (that download, the workflow's emails) was
#      run by the worker, none failed.
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
worker_pid=""
cleanup() {
  for pid in "$gunicorn_pid" "$worker_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      wait "$pid" 2>/dev/null || true
    fi
  done
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
# No mail server here: workflow emails (a progress update tells the board manager) are queued
# for the worker as in production, which renders and drops them, rather than failing to connect
# to localhost:25 and logging an error.
export EMAIL_DELIVERY_BACKEND=django.core.mail.backends.dummy.EmailBackend
# The demo's actions list is short: any download of it goes to the worker, to prove it runs.
export EXPORT_BACKGROUND_ROWS=1
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

say "gunicorn, the background worker and the HTTP smoke test"
port=${SMOKE_PORT:-$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
WEB_CONCURRENCY=2 GUNICORN_BIND="127.0.0.1:$port" \
  .venv/bin/gunicorn --config deploy/gunicorn.conf.py scr_tracker.wsgi >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!
request_id="smoke-$(date +%s)-$$"
# The worker starts once gunicorn answers, so that the three do not all load the app at once.
if ! "$PY" -c 'import sys; from deploy.smoke_test import wait_until_up; wait_until_up(sys.argv[1], 120)' \
    "http://127.0.0.1:$port"; then
  echo "--- gunicorn log ---"
  cat "$work/gunicorn.log"
  exit 1
fi
"$PY" manage.py db_worker --queue-name '*' --no-reload >"$work/worker.log" 2>&1 &
worker_pid=$!
if ! "$PY" deploy/smoke_test.py "http://127.0.0.1:$port" --request-id "$request_id"; then
  echo "--- gunicorn log ---"
  cat "$work/gunicorn.log"
  exit 1
fi
kill "$gunicorn_pid"
wait "$gunicorn_pid" 2>/dev/null || true
gunicorn_pid=""
# Every task the smoke test queued (the large download, the workflow's emails) was run by the
# worker and none failed; then the worker stops as the container's does (SIGTERM, gracefully).
"$PY" manage.py shell -c '
import time
from django_tasks_db.models import DBTaskResult
for _ in range(60):
    if not DBTaskResult.objects.ready().exists() and not DBTaskResult.objects.filter(status="RUNNING").exists():
        break
    time.sleep(1)
tasks = DBTaskResult.objects.all()
waiting = [t.task_path for t in tasks if t.status in ("READY", "RUNNING")]
failed = [t.task_path for t in tasks if t.status == "FAILED"]
done = sorted({t.task_path for t in tasks if t.status == "SUCCESSFUL"})
if waiting or failed:
    raise SystemExit(f"Worker: tasks still waiting {waiting}, failed {failed}")
if not {"assurance.jobs.action_export", "scr_tracker.mail_backends.deliver_email"} <= set(done):
    raise SystemExit(f"Worker: the download and an email were not both run: {done}")
names = ", ".join(done)
print(f"Worker: {tasks.count()} tasks run, none failed ({names})")
'
kill "$worker_pid"
wait "$worker_pid" 2>/dev/null || true
worker_pid=""
"$PY" - "$work/worker.log" <<'PYTHON'
import json
import sys

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
try:
    entries = [json.loads(line) for line in lines]
except json.JSONDecodeError as error:
    sys.exit(f"worker log has a line that is not JSON ({error}):\n" + "\n".join(lines))
if any(e["level"] in ("ERROR", "CRITICAL") for e in entries):
    sys.exit("the worker logged errors:\n" + "\n".join(lines))
print(f"Worker log: {len(entries)} JSON lines, no errors")
PYTHON
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
