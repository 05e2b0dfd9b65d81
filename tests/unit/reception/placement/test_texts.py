"""Every sentence and label of placement has a Dutch translation, the schema file is the one the
code makes, and the package stays pure (no database, web or command-line imports)."""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from migrationpact.reception.placement import schema
from migrationpact.reception.placement.texts import LABELS
from tests.unit.test_architecture import FORBIDDEN, imported_modules

ROOT = Path(__file__).resolve().parents[4]
PACKAGE = ROOT / "src" / "migrationpact" / "reception"
DUTCH = ROOT / "src" / "migrationpact" / "web" / "locale" / "nl" / "LC_MESSAGES" / "messages.po"


def _messages() -> set[str]:
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords={"N_": None, "Text": None}
        )
    }


def test_the_sentences_are_extracted() -> None:
    found = _messages()
    assert "Not unit %(unit)s: it scores %(points)s points less" in found
    assert set(LABELS.values()) <= found


def test_every_sentence_has_a_dutch_translation() -> None:
    with DUTCH.open("rb") as source:
        catalog = read_po(source, locale="nl")
    entries = {m: catalog.get(m) for m in sorted(_messages())}
    missing = [m for m, entry in entries.items() if entry is None or not entry.string]
    assert missing == []


def test_the_schema_file_is_the_one_the_code_makes() -> None:
    written = (ROOT / "docs" / "reception-placement.schema.json").read_text(encoding="utf-8")
    assert json.loads(written) == schema.json_schema()
    assert written == schema.text()


def test_the_package_imports_no_io_code() -> None:
    offenders = [
        f"{path.name}: {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for module in sorted(imported_modules(path))
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert offenders == []
