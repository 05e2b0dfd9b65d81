"""Reading rule files: YAML in, validated ``RuleFile`` values out, or one clear error.

Rule files live in ``data/<edition>/<code>.yaml``; the directory name must equal the file's
``edition`` date, so that an amendment is always a new dated file beside the old one. A file that
breaks the schema is rejected with the file name and the place of every problem:

>>> import tempfile, pathlib
>>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.yaml"
>>> _ = bad.write_text("instrument: XYZ\\n")
>>> try:
...     load_file(bad)
... except RuleBookError as exc:
...     print(str(exc).split(" (known")[0])
bad.yaml: instrument: unknown instrument 'XYZ'
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from migrationpact.law import yamltext
from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.schema import RuleFile

DATA_DIR = Path(__file__).parent / "data"


def describe(exc: ValidationError) -> str:
    """Every problem of a validation error as ``place: message``, joined by ``; ``."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "file"
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


def read_mapping(path: Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """The YAML mapping in ``path`` (a ``what`` file), else one ``error`` naming the file."""
    try:
        data = yamltext.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise error(f"{path.name}: a {what} is a mapping with a header and its entries")
    return data


def load_file(path: Path) -> RuleFile:
    """Read and validate one rule file."""
    data = read_mapping(path, "rule file", RuleBookError)
    try:
        return RuleFile.model_validate(data)
    except ValidationError as exc:
        raise RuleBookError(f"{path.name}: {describe(exc)}") from None


def edition_dirs(root: Path) -> list[tuple[date, Path]]:
    """The edition directories under ``root``, oldest first."""
    if not root.is_dir():
        raise RuleBookError(f"rule book directory {root} does not exist")
    editions = []
    for child in sorted(root.iterdir()):
        if not child.is_dir() or child.name.startswith((".", "_")):
            continue
        try:
            editions.append((date.fromisoformat(child.name), child))
        except ValueError:
            raise RuleBookError(
                f"{child}: an edition directory is named by its date, YYYY-MM-DD"
            ) from None
    return editions


def load_tree(root: Path = DATA_DIR) -> list[tuple[Path, RuleFile]]:
    """Every rule file of every edition under ``root``, oldest edition first."""
    files: list[tuple[Path, RuleFile]] = []
    for edition, directory in edition_dirs(root):
        for path in sorted(directory.glob("*.yaml")):
            rule_file = load_file(path)
            if rule_file.edition != edition:
                raise RuleBookError(
                    f"{path}: edition {rule_file.edition.isoformat()} differs from its "
                    f"directory {directory.name}"
                )
            files.append((path, rule_file))
    if not files:
        raise RuleBookError(f"no rule files under {root}")
    return files
