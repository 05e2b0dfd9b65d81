"""Days are Dutch days: no module asks the server for its own date.

A server runs in UTC; between 23:00 and 0:00 UTC (22:00 in summer) its ``date.today()`` is still
yesterday in the Netherlands, where every limit is counted. Code with a store at hand takes
``services.recording.dutch_now(store)`` (the store's clock, which tests can set); code without
one takes ``law.periods.moments.dutch_today``. This test reads the source with ``ast`` and
fails on any call of ``date.today()``, ``datetime.today()`` or a ``datetime.now()`` without a
zone.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from migrationpact.law.periods.moments import DUTCH_TIME, dutch_today

SRC = Path(__file__).resolve().parents[2] / "src" / "migrationpact"


def _server_day_calls(tree: ast.AST) -> list[int]:
    """Lines calling ``date.today()``, ``datetime.today()`` or ``datetime.now()`` (no zone)."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if not (isinstance(owner, ast.Name) and owner.id in ("date", "datetime")):
            continue
        if node.func.attr == "today" or (
            node.func.attr == "now" and not node.args and not node.keywords
        ):
            found.append(node.lineno)
    return found


def test_the_finder_finds_each_form() -> None:
    source = "date.today()\ndatetime.today()\ndatetime.now()\ndatetime.now(UTC)\nx.today()\n"
    assert _server_day_calls(ast.parse(source)) == [1, 2, 3]


def test_no_module_reads_the_server_day() -> None:
    offenders = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.py"))
        if (lines := _server_day_calls(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_dutch_today_is_the_date_in_amsterdam() -> None:
    before = datetime.now(UTC).astimezone(DUTCH_TIME).date()
    day = dutch_today()
    after = datetime.now(UTC).astimezone(DUTCH_TIME).date()
    assert before <= day <= after
