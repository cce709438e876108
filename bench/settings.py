"""Settings for `make bench`: the local settings without debug (no query logging, cached
templates), so timings are close to production's."""

from scr_tracker.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
