"""The migrations stay one straight line per app, from the clean initial set (layout decision,
docs/decisions/0003-layers.md): no parallel 000N files, no merge migrations, and the
max_migration.txt that django-linear-migrations keeps names each app's latest."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader

APPS = ["scr_tracker", "reviews", "recommendations", "assurance"]


@pytest.fixture(scope="module")
def loader():
    # No database needed: the graph of the files on disk.
    return MigrationLoader(None, ignore_no_migrations=True)


@pytest.mark.parametrize("label", APPS)
def test_each_number_is_used_once(label):
    folder = Path(apps.get_app_config(label).path) / "migrations"
    numbers = [m.group(1) for f in folder.glob("*.py") if (m := re.match(r"(\d{4})_", f.name))]
    assert numbers, f"{label} has no migrations"
    assert len(numbers) == len(set(numbers)), f"{label} has parallel migrations: {sorted(numbers)}"
    assert sorted(numbers) == [f"{n:04d}" for n in range(1, len(numbers) + 1)]


@pytest.mark.parametrize("label", APPS)
def test_one_leaf_no_merges_and_max_migration_names_it(loader, label):
    leaves = loader.graph.leaf_nodes(label)
    assert len(leaves) == 1, f"{label} has {len(leaves)} leaf migrations: {leaves}"
    migrations = [m for (app, _), m in loader.disk_migrations.items() if app == label]
    merges = [m.name for m in migrations if len([d for d in m.dependencies if d[0] == label]) > 1]
    assert merges == [], f"merge migrations in {label}: {merges}"
    folder = Path(apps.get_app_config(label).path) / "migrations"
    assert (folder / "max_migration.txt").read_text().strip() == leaves[0][1]


@pytest.mark.parametrize("label", APPS)
def test_dependencies_point_down_the_layers(loader, label):
    """A migration depends only on its own app's and lower layers' migrations."""
    allowed = set(APPS[: APPS.index(label) + 1])
    for (app, name), migration in loader.disk_migrations.items():
        if app != label:
            continue
        upward = {dep[0] for dep in migration.dependencies if dep[0] in APPS} - allowed
        assert not upward, f"{label}.{name} depends on {upward}"
