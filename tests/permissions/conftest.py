"""What the matrix's tests share, built once per test module: the role users (tests/roles.py),
the objects the URLs point at (world.py), and a signed-in session for each role. Each test runs
in its own transaction as usual, and each request of a test in a savepoint of its own, rolled
back: a POST that archives, discards or resends changes nothing the next request sees.

Templates are not rendered: the matrix asserts statuses, and the tests that walk every page
(tests/scr_tracker/test_headers.py and others) render every one of them for every role."""

from dataclasses import dataclass
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.backends.django import Template
from django.test import Client
from django.urls import reverse

from tests import roles

from .statuses import ROLES, SIGNED_IN
from .world import build_objects

SIGN_IN = reverse("login")


@dataclass(frozen=True)
class World:
    objects: dict
    sessions: dict

    def client(self, role: str, client: Client | None = None) -> Client:
        """A client signed in as `role` (a fresh one unless `client` is given to reuse)."""
        client = client or Client()
        client.cookies.clear()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def answers(self, method: str, url: str) -> dict:
        """{role: status} for a GET or an empty POST of `url`, each in a savepoint rolled back.
        An anonymous visitor's 302 counts as a 302 only when it goes to the sign-in page."""
        client = Client()
        answered = {}
        for role in ROLES:
            with transaction.atomic():
                response = getattr(self.client(role, client), method)(url)
                if response.streaming:  # read to the end, so that the file is closed
                    b"".join(response.streaming_content)
                transaction.set_rollback(True)
            cache.clear()
            answered[role] = response.status_code
            location = response.get("Location", "")
            if role == "anonymous" and location and not location.startswith(f"{SIGN_IN}?next="):
                answered[role] = f"{response.status_code} to {location}, not to sign in"
        return answered


def _blank(self, context=None, request=None):
    return ""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        mock.patch.object(Template, "render", _blank),
    ):
        people = roles.everyone()
        objects = build_objects(
            review=people["review"],
            recommendation=people["recommendation"],
            action_a=people["action_a"],
            action_b=people["action_b"],
            board_manager=people["board_manager"],
            lead_a=people["lead_a"],
            board=people["scrutiny_member"].scrutiny_board,
        )
        sessions = {}
        for role in SIGNED_IN:
            client = Client()
            client.force_login(people[role])
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield World(objects=objects, sessions=sessions)
        transaction.set_rollback(True)
