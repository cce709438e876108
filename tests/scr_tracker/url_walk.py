"""Request every URL of the app, as the permission matrix does, for tests that check
something about every page (headers, protective marking, escaping)."""

from django.urls import reverse

from tests.scr_tracker.test_permissions import MATRIX


def walk(client, objects):
    """Yield (url name, response) for a GET of every URL in the permission matrix, as whoever
    `client` is signed in as."""
    for name, (_, kwargs) in MATRIX.items():
        url = reverse(name, kwargs={key: objects[value].pk for key, value in kwargs.items()})
        yield name, client.get(url)


def is_page(response) -> bool:
    """A rendered HTML page, as opposed to a redirect, an empty answer (204, or 405 for a
    GET of sign-out) or an image."""
    return response.status_code not in (204, 301, 302, 405) and response["Content-Type"].startswith(
        "text/html"
    )
