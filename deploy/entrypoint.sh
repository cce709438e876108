#!/usr/bin/env bash
# The container's entrypoint. The first argument says what this container is:
#   web         check the settings (stops on errors, logs warnings), migrate (unless
#               MIGRATE_ON_START=false), then gunicorn (deploy/gunicorn.conf.py)
#   worker      the background worker (`manage.py db_worker`): long reports, exports and
#               imports, and outgoing email (docs/background-work.md)
#   reminders   the daily `send_reminders` job (deploy/reminders.py)
#   manage ...  any manage.py command, e.g. `manage createsuperuser`
#   backup DIR / restore DIR   deploy/backup.sh and deploy/restore.sh
#   anything else is run as given.
set -euo pipefail
cd /app

case "${1:-web}" in
  web)
    python manage.py check --deploy
    if [[ "${MIGRATE_ON_START:-true}" == true ]]; then
      python manage.py migrate --no-input
    fi
    exec gunicorn --config deploy/gunicorn.conf.py scr_tracker.wsgi
    ;;
  worker)
    exec python manage.py db_worker --queue-name '*' --no-reload
    ;;
  reminders)
    exec python deploy/reminders.py
    ;;
  manage)
    shift
    exec python manage.py "$@"
    ;;
  backup | restore)
    command=$1
    shift
    exec "deploy/${command}.sh" "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
