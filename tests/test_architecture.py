"""The architecture rules of issue #17, checked on every run.

- ``lint-imports`` keeps the layers (ui -> evals -> assistant -> ingest -> core) and keeps
  ``ui``/``evals`` out of the product (contracts in ``pyproject.toml``);
- no module imports a private name (``_x``) from another package.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "ingest", "assistant", "ui", "evals")


def test_import_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.fail("lint-imports is not installed: pip install -e '.[dev]'")
    done = subprocess.run([exe], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def _private_imports(path: Path, root: Path = REPO) -> list[str]:
    own = path.relative_to(root).parts[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            if top in PACKAGES and top != own:
                found += [
                    f"{path.relative_to(root)}:{node.lineno} imports {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    return found


def test_no_module_imports_a_private_name_from_another_package() -> None:
    found = [
        hit for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py") for hit in _private_imports(p)
    ]
    assert not found, "\n".join(found)


def test_private_import_check_can_fail(tmp_path: Path) -> None:
    """The checker itself sees a private import across packages."""
    (tmp_path / "ui").mkdir()
    probe = tmp_path / "ui" / "probe.py"
    probe.write_text("from ingest.index import _private\nfrom ui.x import _own\n", encoding="utf-8")
    assert _private_imports(probe, tmp_path) == ["ui/probe.py:1 imports ingest.index._private"]
