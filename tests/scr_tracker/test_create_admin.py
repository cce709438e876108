"""manage.py create_admin: the first administrator of an installation."""

import pytest
from django.core.management import CommandError, call_command

from scr_tracker.models import Role, User

pytestmark = pytest.mark.django_db

STRONG = "correct-horse-battery-staple-42"


def test_creates_an_administrator_with_admin_access_and_history(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command("create_admin", "ada", email="ada@example.gov.uk", interactive=False)

    user = User.objects.get(username="ada")
    assert user.role == Role.ADMINISTRATOR
    assert user.is_staff and user.is_superuser and user.partnership is None
    assert user.check_password(STRONG)
    assert user.history.get().history_change_reason.startswith("Administrator created")


def test_asks_for_the_password_twice(monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    call_command("create_admin", "ada", email="ada@example.gov.uk")

    assert User.objects.get(username="ada").check_password(STRONG)


def test_refuses_passwords_that_differ(monkeypatch):
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match="do not match"):
        call_command("create_admin", "ada", email="ada@example.gov.uk")
    assert not User.objects.exists()


def test_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "password")

    with pytest.raises(CommandError, match="too short"):
        call_command("create_admin", "ada", email="ada@example.gov.uk", interactive=False)
    assert not User.objects.exists()


def test_refuses_a_username_that_is_taken(monkeypatch, administrator):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_admin", administrator.username, email="a@example.gov.uk", interactive=False
        )


def test_needs_the_password_variable_without_input(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        call_command("create_admin", "ada", email="ada@example.gov.uk", interactive=False)
