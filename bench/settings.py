"""Settings for `make bench`: the local settings without debug (no query logging, cached
templates), so timings are close to production's."""

from scr_tracker.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The benchmarks time the page doing the work itself (a download, a report), not the hand-off
# to the background worker, which a page above these thresholds would make.
EXPORT_BACKGROUND_ROWS = 10**9
REPORT_BACKGROUND_ROWS = 10**9
IMPORT_BACKGROUND_ROWS = 10**9
