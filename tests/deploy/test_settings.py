"""The production settings module and the evidence storage choice, read with a given
environment (the settings modules are run afresh; the test settings stay in force)."""

import runpy
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client

from scr_tracker.settings.storages import evidence_storage

SECRET = "s" * 60


def production(monkeypatch, **env):
    monkeypatch.setenv("SECRET_KEY", SECRET)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("scr_tracker.settings.production")


def test_production_needs_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        runpy.run_module("scr_tracker.settings.production")


def test_production_serves_hashed_static_files_through_whitenoise(monkeypatch):
    config = production(monkeypatch)

    middleware = config["MIDDLEWARE"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert middleware[0] == "scr_tracker.logging.RequestIdMiddleware"
    assert (
        config["STORAGES"]["staticfiles"]["BACKEND"] == "scr_tracker.staticfiles.StaticFilesStorage"
    )
    assert config["DEBUG"] is False


def test_production_reads_old_secret_keys_for_rotation(monkeypatch):
    config = production(monkeypatch, SECRET_KEY_FALLBACKS="old-key-1, old-key-2")

    assert config["SECRET_KEY_FALLBACKS"] == ["old-key-1", "old-key-2"]


def test_production_silences_the_preload_warning_only_while_preload_is_off(monkeypatch):
    assert production(monkeypatch)["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]
    assert production(monkeypatch, SECURE_HSTS_PRELOAD="true")["SILENCED_SYSTEM_CHECKS"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_load_balancers_may_check_health_over_plain_http(monkeypatch, settings, path):
    config = production(monkeypatch)
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = config["SECURE_REDIRECT_EXEMPT"]

    assert Client().get(path).status_code == 200
    assert Client().get("/accounts/login/").status_code == 301


def test_evidence_is_kept_on_the_filesystem_by_default(monkeypatch):
    monkeypatch.delenv("EVIDENCE_STORAGE", raising=False)

    assert evidence_storage()["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_evidence_files_are_not_readable_by_other_users(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    storage = storages.create_storage(evidence_storage())

    name = storage.save("evidence/audit.txt", ContentFile(b"95% compliant"))

    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "evidence").stat().st_mode) == 0o750


def test_evidence_can_be_kept_in_s3_compatible_storage(monkeypatch):
    monkeypatch.setenv("EVIDENCE_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "scr-evidence")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://objects.example.internal")
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-in-settings")

    config = evidence_storage()

    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "scr-evidence"
    assert options["endpoint_url"] == "https://objects.example.internal"
    assert options["addressing_style"] == "path"
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
    assert "not-in-settings" not in repr(config)
    assert "region_name" not in options


def test_s3_evidence_storage_needs_a_bucket(monkeypatch):
    monkeypatch.setenv("EVIDENCE_STORAGE", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)

    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        evidence_storage()


def test_an_unknown_evidence_storage_is_refused(monkeypatch):
    monkeypatch.setenv("EVIDENCE_STORAGE", "ftp")

    with pytest.raises(ImproperlyConfigured, match="EVIDENCE_STORAGE='ftp'"):
        evidence_storage()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"),
        ({"DATABASE_PG_OPTIONS": "-c jit=on"}, "-c jit=on"),
        ({"DATABASE_PG_OPTIONS": ""}, None),
    ],
)
def test_postgresql_sessions_are_set_for_short_queries(monkeypatch, env, expected):
    """No JIT, SSD-priced random reads, no parallel workers for a page's query (issue 18),
    unless DATABASE_PG_OPTIONS says otherwise; SQLite is left alone."""
    monkeypatch.delenv("DATABASE_PG_OPTIONS", raising=False)

    def database(url, **env):
        monkeypatch.setenv("DATABASE_URL", url)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_module("scr_tracker.settings.base")["DATABASES"]["default"]

    postgres = database("postgres://scr@db.example.internal:5432/scr", **env)
    assert postgres.get("OPTIONS", {}).get("options") == expected
    assert "options" not in database("sqlite:////tmp/x.sqlite3")["OPTIONS"]


def test_the_test_database_sessions_run_with_those_settings(db):
    """What the benchmarks measured is what runs: a PostgreSQL session has the settings; a
    SQLite connection is given none of them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        assert "options" not in connection.settings_dict["OPTIONS"]
        return
    with connection.cursor() as cursor:
        shown = {}
        for name in ("jit", "random_page_cost", "max_parallel_workers_per_gather"):
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]
    assert shown == {
        "jit": "off",
        "random_page_cost": "1.1",
        "max_parallel_workers_per_gather": "0",
    }
