"""Amendments to the law in a scenario: read, checked against the rule book, restated.

A scenario's ``law`` names a rule-book **edition** (the date of one of the rule book's edition
directories) and lists **amendments**: a *period* (a rule restated with another length from a
day after the edition, as a new edition of its file), a *border-capacity* (other border places
and annual maximum) or a *crisis* (a Council implementing decision, with the crisis register's
fields). Each is checked when the scenario is read, by the rule book's and the register's own
checks (an unknown rule, a length that is not a period, a national period outside its EU range,
a malformed decision), and refused at its line; ``twin.lawbuild`` builds the ``Law``.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from migrationpact.law.crisis import CrisisRegister
from migrationpact.law.crisis.register import CrisisError
from migrationpact.law.periods import PeriodError
from migrationpact.law.rulebook import RuleBook
from migrationpact.law.rulebook.loader import DATA_DIR, edition_dirs, load_tree
from migrationpact.law.rulebook.schema import Rule, RuleFile
from migrationpact.twin.figures import Amendment, Reader
from migrationpact.twin.located import LocatedDict, LocatedList, ScenarioError

KINDS = ("period", "border-capacity", "crisis")


def editions() -> list[date]:
    """The rule book's editions, oldest first."""
    return [day for day, _ in edition_dirs(DATA_DIR)]


def check_edition(edition: date, name: str, line: int) -> None:
    """Refuse an edition the rule book does not have."""
    known = editions()
    if edition not in known:
        listed = ", ".join(d.isoformat() for d in known)
        raise ScenarioError(name, line, f"unknown rule-book edition {edition} (known: {listed})")


@cache
def _tree() -> list[tuple[Path, RuleFile]]:
    return load_tree(DATA_DIR)


def files_until(edition: date) -> list[tuple[Path, RuleFile]]:
    return [(p, f) for p, f in _tree() if f.edition <= edition]


@cache
def book_until(edition: date) -> RuleBook:
    return RuleBook(files_until(edition), DATA_DIR)


def read_amendments(r: Reader, law: LocatedDict) -> tuple[Amendment, ...]:
    """The ``law.amendments`` list, each checked against the rule book of the edition."""
    raw = law.get("amendments", [])
    if not isinstance(raw, list):
        raise r.fail(law.line_of("amendments"), "amendments: a list is needed")
    edition = r.day(law, "edition")
    book = book_until(edition)
    found: list[Amendment] = []
    for i, item in enumerate(raw):
        line = raw.line_of(i) if isinstance(raw, LocatedList) else law.line
        if not isinstance(item, LocatedDict) or item.get("kind") not in KINDS:
            raise r.fail(line, f"an amendment needs kind: one of {', '.join(KINDS)}")
        kind = item["kind"]
        if kind == "period":
            rule = str(item.get("rule"))
            if rule not in book.ids():
                raise r.fail(item.line_of("rule"), f"unknown rule id {rule!r}")
            valid_from = r.day(item, "from")
            if valid_from <= edition:
                raise r.fail(
                    item.line_of("from"),
                    f"an amendment takes effect after its edition ({edition}), not {valid_from}",
                )
            amendment = Amendment(
                kind="period",
                line=line,
                rule=rule,
                length=_length(r, item, book, rule),
                valid_from=valid_from,
                data={"source": r.text(item, "source")},
            )
            try:  # the rule book's own checks, e.g. a national period within the EU range
                RuleBook([*files_until(edition), restated(book, amendment, len(found) + 1)])
            except ValueError as exc:
                raise r.fail(item.line_of("length"), str(exc)) from None
            found.append(amendment)
        elif kind == "border-capacity":
            figures = {
                key: r.figure(item, key, "count", f"amendment.{key}")
                for key in ("border_places", "border_annual_maximum")
            }
            found.append(Amendment(kind="border-capacity", line=line, figures=figures))
        else:
            data = {k: v for k, v in item.items() if k != "kind"}
            try:
                CrisisRegister.from_data({"decisions": [dict(data)]}, r.name)
            except CrisisError as exc:
                raise r.fail(line, str(exc)) from None
            found.append(Amendment(kind="crisis", line=line, data=data))
    return tuple(found)


def _length(r: Reader, item: LocatedDict, book: RuleBook, rule_id: str) -> str:
    length = str(item.get("length"))
    rule = book.versions(rule_id)[-1].rule
    if rule.length is None:
        raise r.fail(item.line_of("rule"), f"rule {rule_id} has no length to amend")
    try:
        rule.model_validate({**rule.model_dump(), "length": length})
    except (ValueError, PeriodError):
        raise r.fail(item.line_of("length"), f"length {length!r} is not a period") from None
    return length


def restated(book: RuleBook, amendment: Amendment, n: int) -> tuple[Path, RuleFile]:
    """The amended rule as a new edition of its file (the rule book's way of changing)."""
    assert amendment.rule
    assert amendment.length
    assert amendment.valid_from
    last = book.versions(amendment.rule)[-1]
    rule: Rule = last.rule.model_copy(
        update={"length": amendment.length, "valid_from": amendment.valid_from, "valid_to": None}
    )
    original = next(f for p, f in _tree() if f"{p.parent.name}/{p.name}" == last.source)
    rule_file = RuleFile(
        instrument=original.instrument,
        edition=amendment.valid_from,
        title=f"Scenario amendment {n}: {amendment.rule} {amendment.length}",
        source=str(amendment.data.get("source", "scenario")),
        valid_from=amendment.valid_from,
        rules=[rule],
    )
    return Path(f"scenario/{amendment.valid_from.isoformat()}/amendment-{n}.yaml"), rule_file
