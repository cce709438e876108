"""/healthz and /readyz: open without signing in, one word each, and /readyz really asks the
database (reachable, every migration applied)."""

import socket

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import ConnectionHandler

from scr_tracker import health


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query would fail this test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_is_migrated(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"ready"


@pytest.mark.django_db
def test_readyz_is_not_ready_while_a_migration_is_unapplied(client):
    # The test database is fully migrated; forget the newest migration of an app, as an
    # upgrade that has deployed new code but not yet migrated would look.
    leaf = next(
        node for node in MigrationLoader(connection).graph.leaf_nodes() if node[0] == "assurance"
    )
    MigrationRecorder(connection).record_unapplied(*leaf)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content == b"not ready"


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unreachable(settings_dict, tmp_path):
    """The same database engine, pointed where no database is."""
    bad = dict(settings_dict)
    if bad["ENGINE"].endswith("sqlite3"):
        bad["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    else:
        bad.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        bad.setdefault("OPTIONS", {})
        bad["OPTIONS"] = {**bad["OPTIONS"], "connect_timeout": 2}
    return bad


def test_readyz_is_not_ready_when_the_database_cannot_be_reached(
    client, monkeypatch, tmp_path, django_db_blocker
):
    unreachable = ConnectionHandler({"default": _unreachable(connection.settings_dict, tmp_path)})
    monkeypatch.setattr(health, "connections", unreachable)
    # Let the view really try to connect (pytest-django blocks connections outside db tests).
    with django_db_blocker.unblock():
        try:
            response = client.get("/readyz")
        finally:
            unreachable.close_all()

    assert response.status_code == 503
    assert response.content == b"not ready"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_refuse_to_change_anything(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_are_open_to_signed_in_users_too(client, board_manager, path):
    client.force_login(board_manager)

    assert client.get(path).status_code == 200
