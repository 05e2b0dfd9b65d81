"""Dutch municipalities by their CBS code (``GM0363`` is Amsterdam), shipped as dated data.

A reception site, an IND office and a relative living in the Netherlands lie in a municipality,
named by its CBS code, never by free text. The lists live in ``data/<valid-from>.yaml``; a
reorganisation brings a new list beside the old ones. A code is known when any list names it,
so a site registered under a code that a later merger retired still reads back; ``name`` gives
the newest name of a code. (The list sat under ``reception`` until a case's family listing
needed it too; ``reception.municipalities`` still offers it.)

``MunicipalityCode`` checks a code where it enters an event, like the country codes of
``law.codes``: an unknown code is refused, a stored one is read back as it was.

>>> name("GM1950"), known("GM9999")
('Westerwolde', False)
>>> from pydantic import TypeAdapter
>>> TypeAdapter(MunicipalityCode).validate_python("GM0363")
'GM0363'
>>> TypeAdapter(MunicipalityCode).validate_python("Amsterdam")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for function-after[...]
  a municipality's CBS code is needed, e.g. "GM0363" (Amsterdam) ...
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from migrationpact.law import yamltext
from migrationpact.law.codes import is_stored

DATA = Path(__file__).parent / "data"


@cache
def _names() -> dict[str, str]:
    """Every code any list names, with its newest name."""
    names: dict[str, str] = {}
    lists = []
    for path in sorted(DATA.glob("*.yaml")):
        data = yamltext.safe_load(path.read_text(encoding="utf-8"))
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


def _checked(value: str, info: ValidationInfo) -> str:
    if is_stored(info.context) or known(value):
        return value
    raise PydanticCustomError(
        "municipality_code",
        'a municipality\'s CBS code is needed, e.g. "GM0363" (Amsterdam)',
        {"value": value},
    )


#: A municipality's CBS code, checked against the shipped lists when an event is recorded.
MunicipalityCode = Annotated[
    str,
    AfterValidator(_checked),
    WithJsonSchema({"type": "string", "pattern": r"^GM[0-9]{4}$",
                    "description": "a Dutch municipality's CBS code, e.g. GM0363"}),
]  # fmt: skip
