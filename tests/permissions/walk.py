"""Request every URL of the app, as the permission matrix does, for tests that check
something about every page (headers, protective marking, escaping, MFA)."""

from .matrix import ROWS


def walk(client, objects):
    """Yield (url name, response) for a GET of every URL in the permission matrix, as whoever
    `client` is signed in as. `objects` is the `objects` fixture (world.py)."""
    for row in ROWS:
        yield row.name, client.get(row.url(objects))


def is_page(response) -> bool:
    """A rendered HTML page, as opposed to a redirect, an empty answer (204, or 405 for a
    GET of sign-out) or an image."""
    return response.status_code not in (204, 301, 302, 405) and response["Content-Type"].startswith(
        "text/html"
    )
