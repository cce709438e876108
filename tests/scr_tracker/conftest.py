"""The permission matrix's `objects` fixture (tests/permissions/world.py), built for each test,
for the tests that walk every URL and change what they find: headers, protective marking,
output safety, MFA."""

from tests.permissions.world import objects  # noqa: F401
