"""Gunicorn settings for SCR Tracker, read from the environment (see .env.example).

Used by the container (deploy/entrypoint.sh) and by CI (.ci/production_smoke.sh):
    gunicorn --config deploy/gunicorn.conf.py scr_tracker.wsgi
"""

import os

from scr_tracker.logging import logging_config

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Threads let a worker go on serving while one request waits on the database or a slow client.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# PDF reports and evidence uploads can take a while; anything longer is a fault.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than the proxy's or load balancer's idle timeout for upstream connections (often 60 s),
# so that gunicorn never closes a kept-alive connection just as the proxy sends on it.
keepalive = 75
# Recycle workers now and then so that slow memory growth (WeasyPrint) cannot build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# The heartbeat file on a memory filesystem: on overlay or network disks it can stall workers.
worker_tmp_dir = "/dev/shm"  # noqa: S108
# Only the proxy in front may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket: nothing uses it, and it would need a writable home directory.
control_socket_disable = True

# The app logs one line per request itself, with its request id (scr_tracker/logging.py), so
# gunicorn's access log stays off; its own messages use the app's format.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
logconfig_dict = logging_config(
    log_format=os.environ.get("LOG_FORMAT", "text"), level=os.environ.get("LOG_LEVEL", "INFO")
)
logconfig_dict["loggers"].update(
    {
        "gunicorn.error": {
            "handlers": [],
            "level": os.environ.get("LOG_LEVEL", "INFO"),
            "propagate": True,
        },
        "gunicorn.access": {"handlers": [], "propagate": False},
    }
)
