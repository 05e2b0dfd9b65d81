"""Dutch municipalities by their CBS code (``GM0363`` is Amsterdam), shipped as dated data.

A reception site lies in a municipality, named by its CBS code, never by free text. The lists
live in ``data/municipalities/<valid-from>.yaml``; a reorganisation brings a new list beside
the old ones. A code is known when any list names it, so a site registered under a code that
a later merger retired still reads back; ``name`` gives the newest name of a code.

>>> name("GM1950"), known("GM9999")
('Westerwolde', False)
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "municipalities"


@cache
def _names() -> dict[str, str]:
    """Every code any list names, with its newest name."""
    names: dict[str, str] = {}
    lists = []
    for path in sorted(DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists.append((date.fromisoformat(str(data["valid_from"])), data["municipalities"]))
    for _, municipalities in sorted(lists, key=lambda item: item[0]):
        names.update({str(code): str(label) for code, label in municipalities.items()})
    return names


def known(code: str) -> bool:
    """Whether ``code`` is a municipality's CBS code in any shipped list."""
    return code in _names()


def name(code: str) -> str:
    """The municipality's name (``KeyError`` for an unknown code)."""
    return _names()[code]


def codes() -> list[str]:
    """Every known code, sorted."""
    return sorted(_names())
