"""The architecture rules of issue #17, checked on every run.

- ``lint-imports`` keeps the layers (ui -> evals -> assistant -> ingest -> core) and keeps
  ``ui``/``evals`` out of the product (contracts in ``pyproject.toml``);
- no module imports a private name (``_x``) from another package;
- a package uses another only through the modules that package names in its
  ``PUBLIC_MODULES`` (``assistant/__init__.py``, ``ingest/__init__.py``).
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


def _modules_used(path: Path, package: str) -> set[str]:
    """The modules of ``package`` that ``path`` imports (``package.x`` -> ``x``)."""
    used: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != package:
                continue
            if len(parts) > 1:
                used.add(parts[1])
            else:  # from package import x: x is a module or a name the package exports
                used.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == package and len(parts) > 1:
                    used.add(parts[1])
    return used


@pytest.mark.parametrize(
    ("package", "users"), [("assistant", ("ui", "evals")), ("ingest", ("assistant", "ui", "evals"))]
)
def test_packages_use_each_other_only_through_their_public_modules(
    package: str, users: tuple[str, ...]
) -> None:
    import importlib

    exported = importlib.import_module(package)
    public = set(exported.PUBLIC_MODULES) | set(exported.__all__)
    found = sorted(
        f"{path.relative_to(REPO)} uses {package}.{name}"
        for user in users
        for path in (REPO / user).rglob("*.py")
        for name in _modules_used(path, package) - public
    )
    assert not found, "not in PUBLIC_MODULES:\n" + "\n".join(found)


def test_public_modules_exist() -> None:
    import importlib

    for package in ("assistant", "ingest"):
        for name in importlib.import_module(package).PUBLIC_MODULES:
            assert (REPO / package / f"{name}.py").is_file() or (REPO / package / name).is_dir()
