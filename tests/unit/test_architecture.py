"""The pure core imports no database, web or command-line code (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "migrationpact"
PURE = ("law", "cases", "access")
FORBIDDEN = (
    "sqlalchemy",
    "psycopg",
    "alembic",
    "typer",
    "fastapi",
    "starlette",
    "jinja2",
    "uvicorn",
    "migrationpact.store",
    "migrationpact.api",
    "migrationpact.web",
    "migrationpact.auth",
    "migrationpact.cli",
    "migrationpact.demo",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_import_no_io_code(package: str) -> None:
    files = sorted((SRC / package).rglob("*.py"))
    assert files, f"no modules found under {package}"
    offenders = [
        f"{path.relative_to(SRC)}: {module}"
        for path in files
        for module in sorted(imported_modules(path))
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert offenders == []


@pytest.mark.parametrize("package", ["law", "cases"])
def test_the_domain_does_not_ask_the_access_policy(package: str) -> None:
    """``access`` reads the event catalogue of ``cases`` (who may record which event), so the
    arrow points from ``access`` to ``cases``; one back would make the two a circle."""
    offenders = [
        f"{path.relative_to(SRC)}: {module}"
        for path in sorted((SRC / package).rglob("*.py"))
        for module in sorted(imported_modules(path))
        if module == "migrationpact.access" or module.startswith("migrationpact.access.")
    ]
    assert offenders == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from sqlalchemy import select\nimport migrationpact.store.service\n")
    assert imported_modules(module) == {"sqlalchemy", "migrationpact.store.service"}
