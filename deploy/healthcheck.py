#!/usr/bin/env python
"""The container's health check: asks this container's gunicorn for /healthz (or the path
given) as the reverse proxy would, and exits 0 only on 200. The slim image has no curl.

    python deploy/healthcheck.py [/healthz | /readyz]
"""

import os
import sys
import urllib.error
import urllib.request


def host_header(allowed_hosts: str) -> str:
    """A Host the app accepts: the first ALLOWED_HOSTS entry (".example.org" names example.org)."""
    first = next((h.strip() for h in allowed_hosts.split(",") if h.strip()), "localhost")
    return "localhost" if first == "*" else first.lstrip(".")


def main(path="/healthz"):
    request = urllib.request.Request(
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{path}",
        headers={
            "Host": host_header(os.environ.get("ALLOWED_HOSTS", "localhost")),
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - local http only
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
