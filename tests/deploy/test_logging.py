"""Request ids on every response and log line; JSON log lines when LOG_FORMAT=json."""

import io
import json
import logging
import re
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from scr_tracker.logging import (
    JsonFormatter,
    RequestIdFilter,
    logging_config,
    request_id_from,
    request_id_var,
)

UUID_HEX = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_lines():
    """Captures what the named loggers write through the app's JSON handler."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    attached = []

    def capture(*names):
        for name in names:
            logger = logging.getLogger(name)
            logger.addHandler(handler)
            attached.append((logger, logger.level))
            logger.setLevel(logging.DEBUG)
        return lambda: [json.loads(line) for line in stream.getvalue().splitlines()]

    yield capture
    for logger, level in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_each_response_gets_a_new_request_id(client):
    first = client.get("/accessibility/")["X-Request-ID"]
    second = client.get("/accessibility/")["X-Request-ID"]

    assert UUID_HEX.fullmatch(first) and UUID_HEX.fullmatch(second)
    assert first != second


def test_a_safe_request_id_from_the_proxy_is_kept(client):
    response = client.get("/accessibility/", headers={"X-Request-ID": "lb-7f3a.2026-11-23:42"})

    assert response["X-Request-ID"] == "lb-7f3a.2026-11-23:42"


@pytest.mark.parametrize(
    "unsafe", ["<script>alert(1)</script>", "a b", "x" * 129, "id\u00e9", "id;rm -rf"]
)
def test_an_unsafe_request_id_is_replaced(unsafe):
    assert UUID_HEX.fullmatch(request_id_from(unsafe))


def test_log_lines_written_during_a_request_carry_its_id(client, json_lines):
    read = json_lines("scr_tracker.requests", "django.request")

    response = client.get("/no-such-page/", headers={"X-Request-ID": "trace-404"})

    lines = read()
    assert {line["logger"] for line in lines} == {"scr_tracker.requests", "django.request"}
    assert all(line["request_id"] == "trace-404" for line in lines)
    assert response["X-Request-ID"] == "trace-404"


def test_each_request_is_logged_once_without_query_string_or_names(client, json_lines):
    read = json_lines("scr_tracker.requests")

    client.get("/accessibility/?q=Baby+F")

    (line,) = read()
    assert line["message"].startswith("GET /accessibility/ 200 ")
    assert line["path"] == "/accessibility/" and line["status"] == 200
    assert line["user_id"] is None
    assert "Baby" not in json.dumps(line)


@pytest.mark.django_db
def test_a_signed_in_request_is_logged_with_the_user_id_only(client, board_manager, json_lines):
    read = json_lines("scr_tracker.requests")
    client.force_login(board_manager)

    client.get("/assurance/reviews/")

    (line,) = read()
    assert line["user_id"] == board_manager.pk
    assert board_manager.username not in json.dumps(line)


def test_health_checks_are_logged_at_debug_only(client, json_lines):
    read = json_lines("scr_tracker.requests")

    client.get("/healthz")

    assert [line["level"] for line in read()] == ["DEBUG"]


def test_outside_a_request_lines_have_no_request_id(client, json_lines):
    read = json_lines("tests.deploy")
    client.get("/accessibility/")

    logging.getLogger("tests.deploy").info("after the request")

    assert read()[0]["request_id"] == "-"
    assert request_id_var.get() == "-"


def test_json_formatter_writes_one_line_with_scalar_extras_and_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "scr_tracker", logging.ERROR, __file__, 1, "Failed %s", ("twice",), sys.exc_info()
        )
    record.status = 500
    record.request = object()  # not JSON: left out
    record.request_id = "abc"

    text = JsonFormatter().format(record)

    assert "\n" not in text
    entry = json.loads(text)
    assert entry["message"] == "Failed twice" and entry["level"] == "ERROR"
    assert entry["request_id"] == "abc" and entry["status"] == 500
    assert "request" not in entry
    assert "ValueError: boom" in entry["exc_info"]


def test_text_format_names_the_request_id():
    config = logging_config(log_format="text", level="INFO")

    assert "%(request_id)s" in config["formatters"]["default"]["format"]
    assert config["handlers"]["console"]["filters"] == ["request_id"]


def test_json_format_uses_the_json_formatter():
    config = logging_config(log_format="json", level="WARNING")

    assert config["formatters"]["default"] == {"()": "scr_tracker.logging.JsonFormatter"}
    assert config["root"]["level"] == "WARNING"


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT='xml'"):
        logging_config(log_format="xml", level="INFO")
