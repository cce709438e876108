#!/usr/bin/env python
"""The reminders job: runs `manage.py send_reminders` once a day at REMINDERS_AT (HH:MM, default
07:00) in the app's time zone (TIME_ZONE, Europe/London), for as long as the container runs.
A failed run is logged and the next day's run goes ahead. A run missed while the container was
down is not made up: run `manage.py send_reminders` by hand (docs/operations.md).

    python deploy/reminders.py            # in the `reminders` container
"""

import datetime
import logging
import logging.config
import os
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

logger = logging.getLogger("scr_tracker.reminders")
COMMAND = [sys.executable, str(ROOT / "manage.py"), "send_reminders"]
# Wake at least this often, so that a suspended host or a clock change cannot make a long sleep
# overshoot the run time by much.
LONGEST_SLEEP = 300


def parse_time(value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"REMINDERS_AT={value!r} is not a time of day such as 07:00.") from None


def next_run(now: datetime.datetime, at: datetime.time) -> datetime.datetime:
    """The first `at` o'clock (local time in now's zone) strictly after `now`."""
    tz = now.tzinfo
    run = datetime.datetime.combine(now.date(), at, tzinfo=tz)
    if run <= now:
        run = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), at, tzinfo=tz)
    return run


def run_job(command=COMMAND) -> int:
    logger.info("Sending reminders")
    result = subprocess.run(command, check=False)  # noqa: S603 - our own command, no shell
    if result.returncode:
        logger.error("send_reminders failed with exit code %s", result.returncode)
    else:
        logger.info("Reminders sent")
    return result.returncode


def sleep_until(when: datetime.datetime):
    while (remaining := when.timestamp() - time.time()) > 0:
        time.sleep(min(remaining, LONGEST_SLEEP))


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scr_tracker.settings.production")
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    at = parse_time(os.environ.get("REMINDERS_AT", "07:00"))
    while True:
        when = next_run(datetime.datetime.now(tz), at)
        logger.info("Next reminders run at %s", when.isoformat())
        sleep_until(when)
        run_job()


if __name__ == "__main__":
    main()
