"""Permission matrix entries for the health checks: open to everyone, signed in or not."""

EVERYONE = (200,) * 8

MATRIX = {
    "healthz": (EVERYONE, {}),
    "readyz": (EVERYONE, {}),
}
