"""The container's helper scripts: the reminders schedule, the health check's Host header, and
.env.example documenting every setting the code reads."""

import datetime
import logging
import re
import sys
import zoneinfo
from pathlib import Path

import pytest

from deploy import healthcheck, reminders

ROOT = Path(__file__).resolve().parents[2]
LONDON = zoneinfo.ZoneInfo("Europe/London")
SEVEN = datetime.time(7, 0)


def at(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def test_reminders_run_later_today_when_the_time_is_still_to_come():
    assert reminders.next_run(at(2026, 11, 23, 6, 59), SEVEN) == at(2026, 11, 23, 7, 0)


def test_reminders_run_tomorrow_once_today_has_had_its_run():
    assert reminders.next_run(at(2026, 11, 23, 7, 0), SEVEN) == at(2026, 11, 24, 7, 0)


def test_reminders_keep_to_uk_time_across_the_clock_change():
    # The clocks go forward at 01:00 on 29 March 2026: 07:00 is then 06:00 UTC.
    run = reminders.next_run(at(2026, 3, 28, 23, 0), SEVEN)

    assert run == at(2026, 3, 29, 7, 0)
    assert run.astimezone(datetime.UTC).hour == 6


def test_reminders_time_must_be_a_time_of_day():
    with pytest.raises(SystemExit, match="REMINDERS_AT='7am'"):
        reminders.parse_time("7am")


def test_a_failed_reminders_run_is_logged_and_reported(caplog):
    with caplog.at_level(logging.INFO, logger="scr_tracker.reminders"):
        code = reminders.run_job([sys.executable, "-c", "raise SystemExit(3)"])

    assert code == 3
    assert "send_reminders failed with exit code 3" in caplog.text


def test_a_reminders_run_that_works_is_logged(caplog):
    with caplog.at_level(logging.INFO, logger="scr_tracker.reminders"):
        code = reminders.run_job([sys.executable, "-c", "pass"])

    assert code == 0
    assert "Reminders sent" in caplog.text


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("scr-tracker.example.gov.uk,localhost", "scr-tracker.example.gov.uk"),
        (".example.gov.uk", "example.gov.uk"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_container_health_check_sends_a_host_the_app_accepts(allowed_hosts, host):
    assert healthcheck.host_header(allowed_hosts) == host


ENV_READ = re.compile(
    r"""(?:env_(?:str|int|bool|list)|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def _variables_read():
    sources = [*ROOT.glob("scr_tracker/settings/*.py"), *ROOT.glob("deploy/*.py")]
    return {name for path in sources for name in ENV_READ.findall(path.read_text())}


def test_env_example_documents_every_setting_the_code_reads():
    documented = set(
        re.findall(r"^#?\s?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    # Set by the image or the test run, never by an operator.
    internal = {"DJANGO_SETTINGS_MODULE", "SMOKE_PASSWORD", "SMOKE_TOTP_KEY"}

    missing = sorted(_variables_read() - documented - internal)

    assert not missing, f"Document these in .env.example: {missing}"
