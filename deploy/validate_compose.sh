#!/usr/bin/env bash
# Validates docker-compose.yml with .env.example as the .env, as `docker compose` would read them:
# `docker-compose config` checks the file against the Compose schema and resolves every ${...}.
# Then checks what the operations guide relies on (health checks, start order, volumes), and
# that the validator itself rejects a broken file. Exits non-zero on any problem.
#
#   deploy/validate_compose.sh          # needs docker-compose (Debian package docker-compose)
set -euo pipefail
cd "$(dirname "$0")/.."

compose=$(command -v docker-compose || true)
if [[ -z "$compose" ]]; then
  echo "docker-compose is not installed (apt-get install docker-compose)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp docker-compose.yml "$work/"
# The example with the REQUIRED values filled in, as an operator's .env would be.
sed -e 's/^SECRET_KEY=$/SECRET_KEY=validate-compose-only/' \
    -e 's/^ALLOWED_HOSTS=$/ALLOWED_HOSTS=scr-tracker.example.gov.uk/' \
    -e 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=validatecomposeonly/' \
    .env.example > "$work/.env"

(cd "$work" && "$compose" config) > "$work/resolved.yml"

# What docs/operations.md relies on, read from the resolved file (PyYAML comes with docker-compose).
/usr/bin/python3 - "$work/resolved.yml" <<'PYTHON'
import sys

import yaml

config = yaml.safe_load(open(sys.argv[1]))
services, volumes = config["services"], config.get("volumes", {})
problems = []


def need(condition, message):
    if not condition:
        problems.append(message)


need(set(services) == {"db", "web", "worker", "reminders"}, f"services are {sorted(services)}")
need("pg_isready" in " ".join(services["db"].get("healthcheck", {}).get("test", [])),
     "db has no pg_isready health check")
need("postgres:/var/lib/postgresql/data:rw" in services["db"].get("volumes", []),
     "db data is not on the postgres named volume")
need("/healthz" in services["web"].get("healthcheck", {}).get("test", []), "web has no /healthz check")
need(services["web"].get("depends_on", {}).get("db", {}).get("condition") == "service_healthy",
     "web does not wait for a healthy db")
need(services["reminders"].get("depends_on", {}).get("web", {}).get("condition") == "service_healthy",
     "reminders does not wait for a healthy web (migrations applied)")
need(services["worker"].get("depends_on", {}).get("web", {}).get("condition") == "service_healthy",
     "worker does not wait for a healthy web (migrations applied)")
need(services["web"].get("command") == ["web"] and services["reminders"].get("command") == ["reminders"]
     and services["worker"].get("command") == ["worker"],
     "web, worker and reminders do not run the entrypoint's web, worker and reminders commands")
for name in ("web", "worker", "reminders"):
    env = services[name].get("environment", {})
    need(env.get("DATABASE_URL", "").startswith("postgres://"), f"{name} has no DATABASE_URL")
    mount = f"evidence:{env.get('EVIDENCE_ROOT')}:rw"
    need(mount in services[name].get("volumes", []), f"{name} does not mount evidence at EVIDENCE_ROOT")
need({"postgres", "evidence", "backups"} <= set(volumes), f"named volumes are {sorted(volumes)}")
if problems:
    sys.exit("docker-compose.yml: " + "; ".join(problems))
PYTHON

# The validator must reject a broken file: an unknown start condition.
sed 's/condition: service_healthy/condition: service_happy/' docker-compose.yml > "$work/broken.yml"
if (cd "$work" && "$compose" -f broken.yml config -q) 2>/dev/null; then
  echo "docker-compose config accepted a broken compose file: the validation proves nothing" >&2
  exit 1
fi
echo "docker-compose.yml is valid ($("$compose" version --short))"
