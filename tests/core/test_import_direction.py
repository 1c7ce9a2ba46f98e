"""The apps depend one way: core ← partners ← meetings ← measures ← reminders ←
protocol_portal.

Each module may import from its own app and from the apps to its left, never from one to its
right; a migration may depend only on migrations of those apps too. Read from the source, so a
new module or migration is checked the day it is written.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["core", "partners", "meetings", "measures", "reminders", "protocol_portal"]


def _modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield app, path


def _imported_apps(path):
    """(line, app) for every import of one of LAYERS in the file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield node.lineno, top


def _migration_dependencies(path):
    """(line, app) for every dependency of a migration on a migration of one of LAYERS."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(getattr(target, "id", None) == "dependencies" for target in node.targets)
            and isinstance(node.value, ast.List)
        ):
            for item in node.value.elts:
                if isinstance(item, ast.Tuple) and isinstance(item.elts[0], ast.Constant):
                    app = item.elts[0].value
                    if app in LAYERS:
                        yield item.lineno, app


def _upward(app, found):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    return [(line, other) for line, other in found if other not in allowed]


def test_every_module_imports_only_its_own_app_and_the_ones_below():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for app, path in _modules()
        for line, other in _upward(app, _imported_apps(path))
    ]
    assert wrong == []


def test_every_migration_depends_only_on_its_own_app_and_the_ones_below():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} depends on {other}"
        for app, path in _modules()
        if path.parent.name == "migrations"
        for line, other in _upward(app, _migration_dependencies(path))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from meetings.models import Meeting\n", [(1, "meetings")]),
        ("import measures.models\n", [(1, "measures")]),
        ("from .models import Meeting\nfrom core.access import is_coordinator\n", [(2, "core")]),
    ],
)
def test_the_check_reads_every_form_of_import(tmp_path, source, expected):
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert list(_imported_apps(module)) == expected


def test_the_check_reads_migration_dependencies(tmp_path):
    migration = tmp_path / "0002_x.py"
    migration.write_text(
        "class Migration:\n    dependencies = [\n        ('meetings', '0001_initial'),\n    ]\n",
        encoding="utf-8",
    )
    assert _upward("partners", _migration_dependencies(migration)) == [(3, "meetings")]
