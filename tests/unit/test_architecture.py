"""The packages keep their layer order, no module imports itself in a circle, and the pure core
imports no database, web or command-line code (docs/architecture.md).

The imports are read from the source with ``ast``, every one of them: at the top of a module,
inside a function (a lazy import is still a dependency) and under ``TYPE_CHECKING``. An import
``from a.b import c`` depends on the module ``a.b.c`` when there is one, else on the package
``a.b`` (its ``__init__``).

The layers, from the bottom: ``law``; the domain (``cases``, ``access``, ``reception``,
``monitoring``, ``jsontext``); ``store`` and, beside it, the monitoring register's own storage
``monitoring_store``; ``auth``; ``services``; the two front ends ``api`` and ``web``, which
do not import each other; and at the top ``cli``, ``server`` (the composition root) and
``demo``. A package may import only what ``ALLOWED`` names for it, so nothing below imports the
demo, the command line or the server, and an arrow that points up fails this test.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "migrationpact"
ROOT = "migrationpact"
PURE = ("law", "statistics", "cases", "access", "reception", "monitoring", "twin")
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
    "migrationpact.services",
    "migrationpact.api",
    "migrationpact.web",
    "migrationpact.auth",
    "migrationpact.cli",
    "migrationpact.demo",
    "migrationpact.server",
)

_LAW = frozenset({"law"})
# ``observe`` (metrics, logs, tracing) knows no domain: the store and all above count into it.
# The chain twin is pure too: the use cases run it as a job (``services.twin_runner``).
_DOMAIN = _LAW | {
    "statistics", "cases", "access", "reception", "monitoring", "twin", "jsontext", "observe"
}  # fmt: skip
_STORE = _DOMAIN | {"store"}
_AUTH = _STORE | {"auth"}
# The monitoring register's own storage sits beside the store (it reuses its engine and hash
# helpers); only the use cases and what stands on them reach it, never the store.
_SERVICES = _AUTH | {"services", "monitoring_store"}

#: Which packages each package may import (besides itself).
ALLOWED: Mapping[str, frozenset[str]] = {
    "law": frozenset(),
    "jsontext": frozenset(),
    "observe": frozenset(),
    # Eurostat's code lists and counting rules (Reg. 862/2007): data beside the law.
    "statistics": frozenset({"law"}),
    # A Dublin request's legal provision is a code of the statistics' lists.
    "cases": frozenset({"law", "statistics", "jsontext"}),
    # The policy reads who may record which event off the event catalogue of ``cases``.
    "access": frozenset({"cases", "law", "statistics", "jsontext"}),
    # Reception (COA): locations, regimes and placement; it may read the case domain.
    "reception": frozenset({"cases", "law", "statistics", "jsontext"}),
    # The monitoring register (SR Art. 10, APR Art. 43): its own files, rules and limits; it
    # reads the law (periods, the data loader) and nothing of the cases it watches.
    "monitoring": frozenset({"law", "jsontext"}),
    # The chain twin: simulated people through the real case domain and reception data.
    "twin": frozenset({"cases", "law", "reception"}),
    "store": _DOMAIN,
    "monitoring_store": _STORE,
    "auth": _STORE,
    # The use cases write the chain twin's report from its runs (services.twin_report).
    "services": _AUTH | {"monitoring_store", "twin"},
    "api": _SERVICES,
    "web": _SERVICES,
    "demo": _SERVICES,
    "cli": _SERVICES | {"demo", "twin"},
    "server": _SERVICES | {"api", "web", "demo"},
    # The monitoring register's own composition root (``monitor serve``), beside ``server``.
    "monitor_app": _SERVICES | {"api", "web", "demo"},
    "__main__": frozenset({"cli"}),
}


def modules_of(src: Path) -> dict[str, Path]:
    """Every module under ``src`` (a package directory) by its dotted name."""
    found: dict[str, Path] = {}
    for path in sorted(src.rglob("*.py")):
        parts = list(path.relative_to(src.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_modules(path: Path, *, package: str = "") -> set[str]:
    """The dotted names ``path`` imports, wherever in the module: ``from a import b`` is
    ``a.b`` (a module, or a name in ``a``); relative imports are resolved against ``package``,
    the package the module is in."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [base])])
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph(src: Path) -> dict[str, set[str]]:
    """Module → the modules of the same tree it imports: each imported name is taken to the
    longest module it names (``a.b.name`` → ``a.b``)."""
    modules = modules_of(src)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for imported in imported_modules(path, package=package):
            target = imported
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def package_of(module: str) -> str:
    """``migrationpact.store.service`` → ``store``; a top-level module is its own package."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_offences(
    graph: Mapping[str, set[str]], allowed: Mapping[str, frozenset[str]]
) -> list[str]:
    """Every import of a package that ``allowed`` does not name for the importer's package."""
    offences = []
    for module, targets in sorted(graph.items()):
        mine = package_of(module)
        for target in sorted(targets):
            theirs = package_of(target)
            if mine and theirs and theirs != mine and theirs not in allowed.get(mine, frozenset()):
                offences.append(f"{module} imports {target} ({mine} → {theirs})")
    return offences


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One circle of imports as the modules along it (the first again at the end), or None.

    A depth-first walk: the ``stack`` is the path from the start with each module's imports
    still to visit; an import of a module on the path closes a circle.
    """
    done: set[str] = set()
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        while stack:
            node, todo = stack[-1]
            if not todo:
                done.add(node)
                stack.pop()
                continue
            nxt = todo.pop(0)
            path = [module for module, _ in stack]
            if nxt in path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done:
                stack.append((nxt, sorted(graph.get(nxt, ()))))
    return None


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


def test_every_package_has_its_place_in_the_layers() -> None:
    packages = {package_of(m) for m in modules_of(SRC)} - {""}
    assert packages == set(ALLOWED)


def test_packages_import_only_the_layers_below_them() -> None:
    assert layer_offences(import_graph(SRC), ALLOWED) == []


def test_no_module_imports_itself_in_a_circle() -> None:
    cycle = find_cycle(import_graph(SRC))
    assert cycle is None, "import circle: " + " → ".join(cycle or [])


# The checks must be able to fail: each is shown a small tree that breaks its rule.


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """A package ``migrationpact`` under ``root`` with ``files`` (path → source)."""
    package = root / ROOT
    for name, source in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return package


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
    assert imported_modules(module) == {"sqlalchemy.select", "migrationpact.store.service"}


def test_the_layer_check_sees_an_arrow_up_even_inside_a_function(tmp_path: Path) -> None:
    src = write_tree(
        tmp_path,
        {
            "store/__init__.py": "",
            "store/service.py": "def f():\n    from migrationpact.demo import users\n",
            "demo/__init__.py": "",
            "demo/users.py": "from migrationpact.store import service\n",
            "api/__init__.py": "",
            "api/app.py": "from migrationpact.web.views import install\n",
            "web/__init__.py": "",
            "web/views.py": "",
        },
    )
    assert layer_offences(import_graph(src), ALLOWED) == [
        "migrationpact.api.app imports migrationpact.web.views (api → web)",
        "migrationpact.store.service imports migrationpact.demo.users (store → demo)",
    ]


def test_the_circle_check_names_the_circle(tmp_path: Path) -> None:
    src = write_tree(
        tmp_path,
        {
            "web/__init__.py": "",
            "web/forms.py": "def form_for():\n    from migrationpact.web.nested import NESTED\n",
            "web/nested.py": "from migrationpact.web.forms import Field\n",
            "web/views.py": "from .forms import form_for\n",
        },
    )
    graph = import_graph(src)
    assert graph["migrationpact.web.views"] == {"migrationpact.web.forms"}
    assert find_cycle(graph) == [
        "migrationpact.web.forms",
        "migrationpact.web.nested",
        "migrationpact.web.forms",
    ]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
