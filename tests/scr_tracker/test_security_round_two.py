"""Breaks found by attacking the running system (issue 17), each kept closed: every test here
failed on the code before its fix."""

import threading
import time

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.core.management import get_commands
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.urls import reverse

from tests.once import form_token
from tests.scr_tracker.factories import PASSWORD
from tests.scr_tracker.mfa_helpers import post_password

pytestmark = pytest.mark.django_db


# 1. Lockout bypass: another account signing in from the same address wiped the count.
def test_another_accounts_sign_in_does_not_reset_the_count(client, settings, lead_a, lead_b):
    settings.AXES_FAILURE_LIMIT = 5
    address = {"REMOTE_ADDR": "10.9.0.1"}
    for _ in range(4):
        assert post_password(client, lead_a.username, "guess", **address).status_code == 200
    # The attacker's own, valid account signs in from the same address...
    assert post_password(client, lead_b.username, PASSWORD, **address).status_code == 302
    client.logout()
    # ...and the next guess at lead_a's password is the fifth failure: locked, for both.
    locked = post_password(client, lead_a.username, "guess", **address)
    assert locked.status_code == 429
    assert post_password(client, lead_a.username, PASSWORD, **address).status_code == 429
    assert SESSION_KEY not in client.session


def test_a_sign_in_resets_its_own_accounts_failures(client, settings, lead_a):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(2):
        post_password(client, lead_a.username, "guess", REMOTE_ADDR=f"10.9.1.{n}")
    assert (
        post_password(client, lead_a.username, PASSWORD, REMOTE_ADDR="10.9.1.9").status_code == 302
    )
    client.logout()
    # Its own two failures were cleared: two more do not lock it.
    for n in range(2):
        post_password(client, lead_a.username, "guess", REMOTE_ADDR=f"10.9.2.{n}")
    assert (
        post_password(client, lead_a.username, PASSWORD, REMOTE_ADDR="10.9.2.9").status_code == 302
    )


# 2. The lost-update guard was skipped when `loaded_version` was left out or altered.
@pytest.mark.parametrize("version", [None, "", "abc", "-3"])
def test_an_edit_without_its_version_is_refused_as_a_conflict(
    client, board_manager, action_a, version
):
    client.force_login(board_manager)
    url = reverse("recommendations:action_edit", args=[action_a.pk])
    form = client.get(url).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(
        agency=action_a.agency_id,
        key_actions="A stale form overwriting a newer save",
        status=action_a.status,
        change_reason="Testing",
    )
    data = {k: v for k, v in data.items() if v is not None and not hasattr(v, "pk")}
    data.pop("loaded_version", None)
    if version is not None:
        data["loaded_version"] = version

    response = client.post(url, data)

    assert response.status_code == 409
    assert "Your changes were not saved" in response.content.decode()
    action_a.refresh_from_db()
    assert action_a.key_actions != "A stale form overwriting a newer save"


# 3. /admin/ looped for a signed-in person who is not an administrator.
@pytest.mark.parametrize("role", ["board_manager", "lead_a", "scrutiny_member", "scrutineer"])
def test_the_admin_refuses_non_administrators_instead_of_looping(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert "You cannot view this page" in response.content.decode()


# 4. Confidential pages carried no Cache-Control.
@pytest.mark.parametrize(
    "url_name, args",
    [
        ("assurance:dashboard", []),
        ("assurance:review_list", []),
        ("assurance:action_detail", ["action"]),
        ("home", []),
        ("assurance:review_detail", ["review"]),
    ],
)
def test_every_signed_in_response_is_private_no_store(
    client, board_manager, action_a, url_name, args
):
    objects = {"action": action_a.pk, "review": action_a.recommendation.review_id}
    client.force_login(board_manager)

    response = client.get(reverse(url_name, args=[objects[a] for a in args]))

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


# 5. Sending an invitation again left the first link working.
def test_sending_an_invitation_again_revokes_the_first_link(client, administrator, partnership):
    client.force_login(administrator)
    client.post(
        reverse("accounts:invite"),
        {
            "first_name": "Ada",
            "last_name": "Example",
            "email": "ada@example.org",
            "role": "scrutineer",
            "partnership": partnership.pk,
            "form_token": form_token(client),
        },
    )
    invited = get_user_model().objects.get(email="ada@example.org")
    first = _link(mail.outbox[-1].body)
    client.post(reverse("accounts:resend_invitation", args=[invited.pk]))
    second = _link(mail.outbox[-1].body)
    client.logout()

    assert first != second
    assert "This invitation link does not work" in client.get(first).content.decode()
    assert (
        "Choose your password" in client.get(second).content.decode()
        or client.get(second).status_code == 200
    )
    assert invited.history.first().history_change_reason.startswith("Invitation sent again")


def _link(body):
    line = next(line for line in body.splitlines() if "/accounts/invitations/" in line)
    return line[line.index("/accounts/") :].strip()


# 9. The demo loader ran under production settings.
def test_no_demo_command_exists_without_the_demo_app(settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    installed = [app for app in settings.INSTALLED_APPS if app != "fixtures.demo"]
    settings.INSTALLED_APPS = installed
    get_commands.cache_clear()
    try:
        commands = get_commands()
        assert "load_demo" not in commands and "generate_demo_data" not in commands
    finally:
        get_commands.cache_clear()
    from scr_tracker.settings import production  # noqa: F401 - reads no demo app

    assert "fixtures.demo" not in production.INSTALLED_APPS


# 10. SQLite under two simultaneous saves: "database is locked" (a 500) and a lost save.
def test_sqlite_makes_the_second_writer_wait(tmp_path, settings):
    """Two transactions that each read, then write (as a save does): with SQLite's default
    deferred transactions the second fails at once with "database is locked"; with the
    settings' immediate transactions and busy timeout it waits and both saves land. Run on a
    SQLite file of its own with the settings' SQLite options, whatever the suite's database."""
    options = settings.SQLITE_OPTIONS
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        assert settings.DATABASES["default"]["OPTIONS"] == options
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    database = {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "race.db"),
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "OPTIONS": options,
    }
    setup = DatabaseWrapper(database, alias="race")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE saves (who TEXT)")
    setup.close()
    first_has_read, errors = threading.Event(), []

    def save(who, *, first):
        connections["race"] = DatabaseWrapper(database, alias="race")
        try:
            with transaction.atomic(using="race"), connections["race"].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM saves")
                if first:
                    first_has_read.set()
                    time.sleep(0.5)
                cursor.execute("INSERT INTO saves VALUES (%s)", [who])
        except Exception as error:  # noqa: BLE001 - the assertion reports it
            errors.append(error)
        finally:
            connections["race"].close()

    first = threading.Thread(target=save, args=("first",), kwargs={"first": True})
    second = threading.Thread(target=save, args=("second",), kwargs={"first": False})
    first.start()
    assert first_has_read.wait(10)
    second.start()  # while the first is inside its transaction, between its read and its write
    first.join(30)
    second.join(30)

    assert errors == []
    check = DatabaseWrapper(database, alias="race")
    with check.cursor() as cursor:
        cursor.execute("SELECT who FROM saves ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == ["first", "second"]
    check.close()


# 8. A non-zip file named .xlsx was read as CSV and got "no heading row".
@pytest.mark.parametrize("content", [b"just some words\nand more words", b"x" * 4000])
def test_a_file_named_xlsx_that_is_not_a_workbook_says_so(content):
    from recommendations.importer.reading import ImportFileError, read_tables

    with pytest.raises(ImportFileError) as refused:
        read_tables(content, "plan.xlsx")
    assert "plan.xlsx is not an Excel workbook" in str(refused.value)
    assert "heading" not in str(refused.value)


def test_a_csv_file_named_xlsx_is_still_read_by_its_content():
    from recommendations.importer.reading import read_tables

    (table,) = read_tables(b"Recommendation,Key actions\n1,Train staff\n", "plan.xlsx")
    assert table.format == "csv" and table.rows[1][:2] == ["1", "Train staff"]
