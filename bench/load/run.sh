#!/usr/bin/env bash
# `make bench-load`: the load test against the production setup on this machine. Installs the
# `bench` dependency group (locust), builds a fresh PostgreSQL database with the large generated
# dataset (`manage.py generate_demo_data`) and one account per simulated person, each with an
# authenticator (bench/load/seed.py), starts gunicorn with the production settings (MFA
# enforced for everyone) and runs locust headless (bench/load/locustfile.py): first one person
# alone for BENCH_CALIBRATION (30s) while the server's CPU time is sampled, which gives the CPU
# cost of a request of the mix and so what the cores can serve; then everyone. Results, with
# the goals (p95 under 1 s, throughput at least 70% of that capacity):
# bench/results/load.json and load.md. Fails if any request failed.
#
# Settings (environment): BENCH_USERS (50), BENCH_DURATION (2m), BENCH_SPAWN_RATE (5 a second),
# BENCH_REVIEWS (500 generated reviews), BENCH_PARTNERSHIPS (5), BENCH_WORKERS (3 gunicorn
# workers), BENCH_START_TIMEOUT (60 s for gunicorn to answer), BENCH_PORT (a free port), BENCH_DB (a new database, dropped afterwards),
# PG_SERVER_URL (postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
PG=${PG_SERVER_URL:-postgres://postgres@127.0.0.1:5432}
USERS=${BENCH_USERS:-50}
DURATION=${BENCH_DURATION:-2m}
WORKERS=${BENCH_WORKERS:-3}
REVIEWS=${BENCH_REVIEWS:-500}
export BENCH_PARTNERSHIPS=${BENCH_PARTNERSHIPS:-5} BENCH_USERS=$USERS
db=${BENCH_DB:-scr_bench_load_$(date +%s)_$$}

./scripts/bootstrap.sh
UV=$(command -v uv || echo .tools/bin/uv)
UV_PROJECT_ENVIRONMENT=$PWD/.venv "$UV" sync --frozen --inexact --group bench --quiet

work=$(mktemp -d)
gunicorn_pid=""
cleanup() {
  if [[ -n "$gunicorn_pid" ]]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  psql --no-psqlrc --quiet --dbname="$PG/postgres" --command="DROP DATABASE IF EXISTS \"$db\"" || true
  rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=scr_tracker.settings.production
SECRET_KEY=$("$PY" -c "import secrets; print(secrets.token_urlsafe(50))")
export SECRET_KEY
export DATABASE_URL="$PG/$db" ALLOWED_HOSTS=127.0.0.1,localhost EVIDENCE_ROOT="$work/evidence"
export DATABASE_CONN_MAX_AGE=60 LOG_LEVEL=${LOG_LEVEL:-INFO}
# No mail server here: workflow emails (updates with evidence tell the board managers) are
# rendered and dropped.
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
# The one authenticator secret of every load-test account (each account's device still accepts
# each code once), and where seed.py lists the accounts for the locustfile.
BENCH_TOTP_KEY=$("$PY" -c "import secrets; print(secrets.token_hex(20))")
export BENCH_TOTP_KEY BENCH_ACCOUNTS_FILE="$work/accounts.json"

echo "### Database $db: migrate, generated data ($REVIEWS reviews), accounts with authenticators"
psql --no-psqlrc --quiet --dbname="$PG/postgres" --command="CREATE DATABASE \"$db\""
"$PY" manage.py collectstatic --no-input -v 0
"$PY" manage.py migrate --no-input -v 0
# The generator and the demo password exist only under the bench (and local, test) settings.
generated=$(DJANGO_SETTINGS_MODULE=bench.settings "$PY" manage.py generate_demo_data --partnerships "$BENCH_PARTNERSHIPS" --reviews "$REVIEWS" | grep "^Created ")
echo "$generated"
# One account more than people: the calibration's person signs in with their own.
accounts=$(BENCH_USERS=$((USERS + 1)) DJANGO_SETTINGS_MODULE=bench.settings "$PY" bench/load/seed.py)
echo "$accounts"

port=${BENCH_PORT:-$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
echo "### gunicorn: $WORKERS workers on 127.0.0.1:$port"
WEB_CONCURRENCY=$WORKERS GUNICORN_BIND="127.0.0.1:$port" \
  .venv/bin/gunicorn --config deploy/gunicorn.conf.py scr_tracker.wsgi >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!
if ! "$PY" -c "from deploy.smoke_test import wait_until_up; wait_until_up('http://127.0.0.1:$port', ${BENCH_START_TIMEOUT:-60})"; then
  cat "$work/gunicorn.log" >&2
  exit 1
fi

export BENCH_GUNICORN_PID=$gunicorn_pid BENCH_CALIBRATION_FILE="$work/calibration.json"
echo "### locust: one person alone for ${BENCH_CALIBRATION:-30s}, the server's CPU time sampled"
BENCH_PHASE=calibrate .venv/bin/locust -f bench/load/locustfile.py --headless --only-summary \
  --users 1 --spawn-rate 1 --run-time 10m --host "http://127.0.0.1:$port" --stop-timeout 10 \
  >"$work/calibration.log" 2>&1 || { cat "$work/calibration.log" >&2; exit 1; }
grep "^Calibration:" "$work/calibration.log"

echo "### locust: $USERS users for $DURATION"
dataset=${generated#Created }
export BENCH_SETUP="gunicorn ($WORKERS workers x ${GUNICORN_THREADS:-4} threads) + PostgreSQL on one $(nproc)-core machine shared with locust (load average $(cut -d' ' -f1 /proc/loadavg) at the start); generated data: ${dataset% in *}; $accounts"
status=0
# The locustfile stops the run DURATION after everyone has signed in; --run-time is a backstop.
export BENCH_DURATION=$DURATION
.venv/bin/locust -f bench/load/locustfile.py --headless --only-summary \
  --users "$USERS" --spawn-rate "${BENCH_SPAWN_RATE:-5}" --run-time 30m \
  --host "http://127.0.0.1:$port" --stop-timeout 10 || status=$?
cat "${BENCH_RESULTS_DIR:-bench/results}/load.md"
if [[ $status -ne 0 ]]; then
  echo "Load test FAILED (locust exit $status): see the errors above" >&2
  grep -v scr_tracker.requests "$work/gunicorn.log" | tail -n 50 >&2
fi
exit "$status"
