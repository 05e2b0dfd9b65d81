"""Rule books with a fictional amendment, for tests of another law than the one in force."""

from __future__ import annotations

import shutil
from pathlib import Path

from migrationpact.law.rulebook import RuleBook
from migrationpact.law.rulebook.loader import DATA_DIR


def amended_book(tmp_path: Path, amendment: str, *, edition: str = "2027-01-01") -> RuleBook:
    """The shipped rule book plus ``amendment`` (the text of one rule file) as ``edition``."""
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    (root / edition).mkdir()
    (root / edition / "apr.yaml").write_text(amendment, encoding="utf-8")
    return RuleBook.load(root)
