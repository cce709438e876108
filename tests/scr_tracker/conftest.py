"""The permission matrix's `objects` fixture (the core objects plus every feature's), shared
with the tests that walk every URL: headers, protective marking, output safety, MFA."""

from tests.scr_tracker.test_permissions import objects  # noqa: F401
