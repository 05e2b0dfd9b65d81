"""The figures of a scenario and the reader that checks them where they stand in the file.

A ``Figure`` is one number with its status (**V** seen in the source, **D** derived from V
figures, **E** estimated) and the key of its source; a ``Nationality`` has two (its share of
arrivals and its recognition rate); an ``Amendment`` changes the law (``twin.amendments``). The
``Reader`` takes values out of located YAML (``twin.located``) and refuses a wrong one at its
line: a figure without status or with an unknown source, a negative number, a rate above one,
a nationality that is not an ISO 3166-1 code (``law.codes``), a location type the reception
regimes do not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from migrationpact.law.codes import is_valid
from migrationpact.reception.regimes import default_book
from migrationpact.twin.located import LocatedDict, LocatedList, ScenarioError

Status = Literal["V", "D", "E"]
STATUSES = ("V", "D", "E")
#: The day whose reception regimes name the location types a scenario may use.
RECEPTION_TYPES_DAY = date(2026, 7, 1)


@dataclass(frozen=True)
class Figure:
    """One number of a scenario with where it comes from (``source`` is a key of ``sources``)."""

    name: str
    value: float
    status: Status
    source: str
    note: str | None = None

    @property
    def estimate(self) -> bool:
        return self.status == "E"


@dataclass(frozen=True)
class Nationality:
    """Who arrives: a nationality's share of first applications and its recognition rate."""

    code: str
    share: Figure
    recognition: Figure


@dataclass(frozen=True)
class Amendment:
    """One change to the law (``twin.lawbuild`` applies it): a national period, a border
    capacity, or a crisis decision of the Council (the register's fields, in ``data``)."""

    kind: Literal["period", "border-capacity", "crisis"]
    line: int
    rule: str | None = None
    length: str | None = None
    valid_from: date | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


class Reader:
    """Reads values out of located YAML, refusing a wrong one at its line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.known_sources: set[str] = set()

    def fail(self, line: int, message: str) -> ScenarioError:
        return ScenarioError(self.name, line, message)

    def section(self, doc: LocatedDict, key: str) -> LocatedDict:
        value = doc.get(key)
        if not isinstance(value, LocatedDict):
            raise self.fail(doc.line_of(key), f"{key}: a mapping is needed")
        return value

    def text(self, doc: LocatedDict, key: str) -> str:
        value = doc.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(doc.line_of(key), f"{key}: a text is needed")
        return value

    def day(self, doc: LocatedDict, key: str) -> date:
        value = doc.get(key)
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(doc.line_of(key), f"{key}: a date YYYY-MM-DD is needed") from None

    def number(self, doc: LocatedDict, key: str, kind: str, label: str | None = None) -> float:
        value, line, label = doc.get(key), doc.line_of(key), label or key
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(line, f"{label}: a number is needed, not {value!r}")
        if value < 0:
            raise self.fail(line, f"{label}: {value} is negative")
        if kind == "rate" and value > 1:
            raise self.fail(line, f"{label}: the rate {value} is above one")
        return float(value)

    def figure(self, doc: LocatedDict, key: str, kind: str, label: str | None = None) -> Figure:
        label = label or key
        raw = doc.get(key)
        if not isinstance(raw, LocatedDict):
            raise self.fail(doc.line_of(key), f"{label}: write {{value, status, source}}")
        status, source = raw.get("status"), raw.get("source")
        if status not in STATUSES:
            raise self.fail(raw.line_of("status"), f"{label}: status must be V, D or E")
        if source not in self.known_sources:
            raise self.fail(raw.line_of("source"), f"{label}: unknown source {source!r}")
        unknown = set(raw) - {"value", "status", "source", "note"}
        if unknown:
            extra = sorted(unknown)[0]
            raise self.fail(raw.line_of(extra), f"{label}.{extra}: unknown field")
        value = self.number(raw, "value", kind, label)
        note = raw.get("note")
        return Figure(label, value, status, str(source), None if note is None else str(note))

    def figure_list(
        self, doc: LocatedDict, key: str, length: int, label: str | None = None
    ) -> tuple[Figure, ...]:
        raw, label = doc.get(key), label or key
        if not isinstance(raw, LocatedList) or len(raw) != length:
            raise self.fail(doc.line_of(key), f"{label}: a list of {length} figures is needed")
        holder = LocatedDict({str(i): item for i, item in enumerate(raw)})
        holder.line, holder.lines = raw.line, {str(i): raw.line_of(i) for i in range(len(raw))}
        return tuple(
            self.figure(holder, str(i), "count", f"{label}[{i + 1}]") for i in range(length)
        )

    def sources(self, doc: LocatedDict) -> dict[str, dict[str, str]]:
        block = self.section(doc, "sources")
        found = {}
        for key, raw in block.items():
            if not isinstance(raw, LocatedDict) or not raw.get("url") or not raw.get("date"):
                raise self.fail(block.line_of(key), f"sources.{key}: give url and date")
            found[key] = {"url": str(raw["url"]), "date": str(raw["date"])}
        return found

    def nationalities(self, arrivals: LocatedDict) -> tuple[Nationality, ...]:
        raw = arrivals.get("nationalities")
        if not isinstance(raw, LocatedList) or not raw:
            raise self.fail(arrivals.line_of("nationalities"), "nationalities: a list is needed")
        found = []
        for i, item in enumerate(raw):
            if not isinstance(item, LocatedDict):
                raise self.fail(raw.line_of(i), "a nationality is {code, share, recognition}")
            code = item.get("code")
            if not isinstance(code, str) or not is_valid("nationality", code):
                raise self.fail(
                    item.line_of("code"),
                    f"nationality {code!r} is not an ISO 3166-1 alpha-3 code (or XXA, XXX…)",
                )
            share = self.figure(item, "share", "rate", f"{code}.share")
            rate = self.figure(item, "recognition", "rate", f"{code}.recognition")
            found.append(Nationality(code, share, rate))
        total = sum(n.share.value for n in found)
        if abs(total - 1.0) > 0.005:
            raise self.fail(raw.line, f"nationalities: the shares add up to {total:.3f}, not 1")
        return tuple(found)

    def reception(self, block: LocatedDict, section: str) -> dict[str, Figure]:
        known = set(default_book().codes(RECEPTION_TYPES_DAY))
        found = {}
        for code in block:
            if code not in known:
                raise self.fail(block.line_of(code), f"unknown location type {code!r}")
            found[code] = self.figure(block, code, "count", f"{section}.{code}")
        return found

    def hires(self, staffing: LocatedDict) -> tuple[tuple[int, Figure], ...]:
        raw = staffing.get("hires")
        if not isinstance(raw, LocatedList):
            raise self.fail(staffing.line_of("hires"), "hires: a list is needed")
        found = []
        for i, item in enumerate(raw):
            if not isinstance(item, LocatedDict):
                raise self.fail(raw.line_of(i), "a hire is {month, caseworkers}")
            month = int(self.number(item, "month", "count", "hires.month"))
            found.append((month, self.figure(item, "caseworkers", "count", f"hires[{i + 1}]")))
        return tuple(found)
