"""Request ids and log formatting.

Every request gets an id: the proxy's ``X-Request-ID`` when it is a safe token, else a new
uuid4. The id is echoed in the response's ``X-Request-ID`` header, shown on the error page and
added to every log line written while the request is handled, so that one person's "it broke
at 10:42" can be followed through the logs. ``LOG_FORMAT=json`` writes one JSON object a line.

Imported by the settings and by the gunicorn config, so this module imports nothing from Django
at module level that needs settings.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

from django.core.signals import request_finished

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_NO_REQUEST = "-"

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=_NO_REQUEST
)

# Health checks arrive every few seconds from the load balancer: their lines are DEBUG.
_QUIET_PATHS = {"/healthz", "/readyz"}

request_logger = logging.getLogger("scr_tracker.requests")


def request_id_from(header_value: str | None) -> str:
    """The caller's request id if it is a short token of safe characters, else a new one."""
    if header_value and _SAFE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def _forget_request_id(**kwargs):
    request_id_var.set(_NO_REQUEST)


class RequestIdMiddleware:
    """Sets ``request.id``, makes it available to logging, echoes it in the response and writes
    one line per request (method, path without query string, status, time, user id; no names).

    The id stays set until the request is finished (``request_finished``), not just until this
    middleware returns: Django logs 4xx and 5xx responses ("Not Found: ...") after the whole
    middleware chain has run."""

    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(_forget_request_id, dispatch_uid="scr_tracker.request_id")

    def __call__(self, request):
        request.id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request_id_var.set(request.id)
        started = time.monotonic()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.id
        self._log(request, response.status_code, started)
        return response

    @staticmethod
    def _log(request, status, started):
        user = getattr(request, "user", None)
        level = logging.DEBUG if request.path in _QUIET_PATHS else logging.INFO
        duration_ms = round((time.monotonic() - started) * 1000)
        request_logger.log(
            level,
            "%s %s %s %sms",
            request.method,
            request.path,
            status,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id``: the id of the request being handled, or "-" outside one."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


# The attributes every LogRecord has; anything else on a record was passed in `extra`.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
    "request_id",
}
_JSON_SCALARS = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, the scalar extras
    (objects such as Django's `request` are left out) and the traceback, if any."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _NO_REQUEST),
        }
        for key, value in vars(record).items():
            if (
                key not in _STANDARD_ATTRIBUTES
                and key not in entry
                and isinstance(value, _JSON_SCALARS)
            ):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
LOG_FORMATS = ("text", "json")


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: everything to stderr, text or JSON, each line with its request id."""
    if log_format not in LOG_FORMATS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"LOG_FORMAT={log_format!r} is not one of {', '.join(LOG_FORMATS)}."
        )
    formatter = (
        {"()": f"{__name__}.JsonFormatter"} if log_format == "json" else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own console handler would print its lines a second time in DEBUG.
        "loggers": {"django": {"handlers": [], "level": level, "propagate": True}},
    }
