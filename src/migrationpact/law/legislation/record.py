"""The record of a bill: its model, and reading it with every check (see the package text).

A stage's ``kind`` is one of a closed list (``STAGE_KINDS``), so the report can name it in both
languages; an amendment or a provision names the rule ids it would change, and each must be a
rule of the rule book (``law.rulebook``), so a link to a rule that does not exist fails on load.
Whatever the record could not check against a primary source says ``verified: false`` with a
note of what was tried; the progress report prints that mark beside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from migrationpact.law import yamltext
from migrationpact.law.rulebook import RuleBook, default_book
from migrationpact.law.rulebook.schema import Title

DATA = Path(__file__).parent / "data"
StageKind = Literal[
    "consultation",
    "council-of-state-advice",
    "further-report",
    "submitted",
    "committee-report",
    "round-table",
    "memorandum-reply",
    "plenary-debate",
    "adopted-house",
    "adopted-senate",
    "published",
    "in-force",
]
STAGE_KINDS: tuple[str, ...] = StageKind.__args__  # type: ignore[attr-defined]
BILL_NUMBER = r"^[0-9]{5}$"


class LegislationError(ValueError):
    """A bill's record that cannot be read or does not validate."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stage(_Model):
    """One step of the bill, on a day (``until``: the last day of a step that lasted)."""

    kind: StageKind
    day: date
    until: date | None = None
    title: Title
    #: The parliamentary paper or other document, e.g. "Kamerstuk 36 871, nr. 3".
    document: str | None = None
    source: str = Field(min_length=1)
    verified: bool
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.until is not None and self.until < self.day:
            raise ValueError(f"stage {self.kind}: until {self.until} is before {self.day}")
        return self


class Provision(_Model):
    """What the bill itself sets that changes a rule of the rule book (a Dutch choice)."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: Title
    rules: tuple[str, ...] = Field(min_length=1)
    source: str = Field(min_length=1)
    verified: bool
    note: str | None = None


class Amendment(_Model):
    """An amendment tabled to the bill, with the rule ids it would change."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    #: Its number in the bill's file, e.g. "nr. 12" (None: not known).
    document: str | None = None
    tabled_on: date
    title: Title
    rules: tuple[str, ...] = Field(min_length=1)
    status: Literal["tabled", "adopted", "rejected", "withdrawn"]
    source: str = Field(min_length=1)
    verified: bool
    note: str | None = None


class Bill(_Model):
    number: str = Field(pattern=BILL_NUMBER)
    title: Title
    #: The day the record was last checked against its sources.
    recorded_on: date
    stages: tuple[Stage, ...] = Field(min_length=1)
    provisions: tuple[Provision, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    #: Why there are no amendments, or what is known to be missing.
    note: Title | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        days = [s.day for s in self.stages]
        if days != sorted(days):
            raise ValueError("stages must be listed in date order")
        ids = [p.id for p in self.provisions] + [a.id for a in self.amendments]
        if len(ids) != len(set(ids)):
            raise ValueError("an id of a provision or amendment is used twice")
        late = [s.kind for s in self.stages if s.day > self.recorded_on]
        if late:
            raise ValueError(f"stages after the day of the record: {', '.join(late)}")
        return self

    def rule_ids(self) -> list[str]:
        """Every rule id the record links to, each once, in the order given."""
        found = [r for p in self.provisions for r in p.rules]
        found += [r for a in self.amendments for r in a.rules]
        return list(dict.fromkeys(found))

    def stages_until(self, day: date) -> tuple[Stage, ...]:
        """The stages reached on or before ``day``."""
        return tuple(s for s in self.stages if s.day <= day)


def parse_bill(data: Any, *, book: RuleBook | None = None, source: str = "<data>") -> Bill:
    """A bill from its parsed YAML; every rule id is checked against ``book`` (the default
    rule book unless given). A ``LegislationError`` names the file and the first problem."""
    try:
        bill = Bill.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LegislationError(f"{source}: {where}: {first['msg']}") from None
    known = set((book or default_book()).ids())
    unknown = [r for r in bill.rule_ids() if r not in known]
    if unknown:
        raise LegislationError(f"{source}: unknown rule ids: {', '.join(unknown)}")
    return bill


def load_bill(number: str, *, root: Path | None = None, book: RuleBook | None = None) -> Bill:
    """The record of bill ``number`` (``36871``) from ``root`` (the shipped data unless given)."""
    path = (root or DATA) / f"{number}.yaml"
    try:
        data = yamltext.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LegislationError(f"no record of bill {number}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise LegislationError(f"{path.name}: not YAML: {exc}") from None
    bill = parse_bill(data, book=book, source=path.name)
    if bill.number != number:
        raise LegislationError(f"{path.name}: holds bill {bill.number}, not {number}")
    return bill
