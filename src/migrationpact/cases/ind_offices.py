"""The IND offices where asylum applications are handled, as dated data.

The IND handles an application at one of its offices (an application centre such as Ter Apel,
or a location such as Zevenaar); the applicant goes there for interviews, so COA would rather
house someone in the procedure near it (a soft goal of placement, ``reception.placement``).
Which office handles a case is recorded by the IND (``ind_office_assigned``, ``cases.
ind_office``); which offices there are, with their names in Dutch and English, municipality (a
CBS code of ``law.municipalities``) and coordinates, is data: ``data/ind-offices/<valid-from>
.yaml``. An office opening, closing or moving is a new file beside the old ones, in force from
its ``valid_from``; a code any file names stays known, so a case's office still reads back
after the office closed. Each office has a ``verified`` flag: the shipped list is not yet
checked against the IND's own (see the file's header).

A bad file is one ``IndOfficeDataError`` naming the file and the problem: an unknown
municipality, coordinates out of range or outside the Netherlands, a code twice.

>>> [o.code for o in offices_on(date(2026, 7, 1))][:3]
['budel', 'den-bosch', 'rijsbergen']
>>> office("ter-apel").label("nl"), office("ter-apel").municipality
('IND Ter Apel (aanmeldcentrum)', 'GM1950')
>>> known("ter-apel"), known("Ter Apel")
(True, False)
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from migrationpact.law import municipalities, yamltext
from migrationpact.law.codes import is_stored
from migrationpact.law.geo import Point, in_netherlands

DATA = Path(__file__).parent / "data" / "ind-offices"
CODE = r"^[a-z][a-z0-9-]{1,39}$"


class IndOfficeDataError(ValueError):
    """A file of IND offices that cannot be read: names the file and the problem."""


class IndOffice(BaseModel):
    """One IND office: its code, names, municipality and coordinates (latitude, longitude)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CODE)
    nl: str = Field(min_length=1, max_length=200)
    en: str = Field(min_length=1, max_length=200)
    municipality: str
    coordinates: Point
    verified: bool = False

    def label(self, language: str) -> str:
        return self.nl if language == "nl" else self.en

    @model_validator(mode="after")
    def _placed(self) -> IndOffice:
        if not municipalities.known(self.municipality):
            raise ValueError(f"office {self.code}: unknown municipality {self.municipality}")
        if not in_netherlands(self.coordinates):
            raise ValueError(
                f"office {self.code}: coordinates {list(self.coordinates)} lie outside the "
                "Netherlands (latitude first, then longitude)"
            )
        return self


class OfficeList(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    valid_from: date
    source: str = Field(min_length=1)
    verified: bool
    offices: tuple[IndOffice, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> OfficeList:
        codes = [o.code for o in self.offices]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"office {twice[0]} is listed twice")
        return self


def read_list(path: Path) -> OfficeList:
    """One file of offices, checked; ``IndOfficeDataError`` naming the file and the problem."""
    try:
        raw: Any = yamltext.safe_load(path.read_text(encoding="utf-8"))
        return OfficeList.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise IndOfficeDataError(f"{path.name}: cannot be read: {exc}") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise IndOfficeDataError(f"{path.name}: {where}: {message}".replace(": :", ":")) from None


@cache
def lists(directory: Path = DATA) -> tuple[OfficeList, ...]:
    """Every shipped list, oldest first."""
    found = tuple(read_list(p) for p in sorted(directory.glob("*.yaml")))
    return tuple(sorted(found, key=lambda item: item.valid_from))


def offices_on(day: date) -> tuple[IndOffice, ...]:
    """The offices of the list in force on ``day`` (none before the first), by code."""
    in_force = [item for item in lists() if item.valid_from <= day]
    return tuple(sorted(in_force[-1].offices, key=lambda o: o.code)) if in_force else ()


@cache
def _newest() -> dict[str, IndOffice]:
    return {o.code: o for item in lists() for o in item.offices}


def known(code: str) -> bool:
    """Whether any list names the office ``code``."""
    return code in _newest()


def office(code: str) -> IndOffice:
    """The office as the newest list that names it describes it (``KeyError``: unknown)."""
    return _newest()[code]


def _checked(value: str, info: ValidationInfo) -> str:
    if is_stored(info.context) or known(value):
        return value
    raise PydanticCustomError(
        "ind_office_code",
        "an IND office's code is needed, one of {codes}",
        {"codes": ", ".join(sorted(_newest())), "value": value},
    )


class OfficeMark:
    """The mark on ``IndOfficeCode``: forms offer the offices by name (``web.forms``)."""


#: The code of an IND office, checked against the lists when an event is recorded.
IndOfficeCode = Annotated[
    str,
    AfterValidator(_checked),
    OfficeMark(),
    WithJsonSchema({"type": "string", "pattern": CODE,
                    "description": "an IND office's code (cases/data/ind-offices), e.g. ter-apel"}),
]  # fmt: skip
