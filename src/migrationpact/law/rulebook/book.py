"""The rule book: every edition of every rule file, and the rule set in force on a given day.

Rules are never edited in place. An amendment is a new edition directory (``data/<date>/``)
whose file restates the rule under the same id with a later ``valid_from``; a rule that ends is
cut off by a ``repeals`` entry in the newer file's header. ``RuleBook.at(day)`` takes, for every
id, the version in force on that day from the newest edition that has one, and gives the result
a version: ``sha256:`` and the hash of a canonical JSON text of exactly those rules, sorted by
id. The same rules give the same version on every machine and in every run, so a computed
deadline can cite exactly which rules produced it.

>>> from datetime import date
>>> book = default_book()
>>> before, after = book.at(date(2026, 6, 30)), book.at(date(2026, 7, 1))
>>> "D3-01" in before, "D3-01" in after, "AMMR-01" in after
(True, False, True)
>>> before.version != after.version and after.version.startswith("sha256:")
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from migrationpact.law.periods import Length, Unit
from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.loader import DATA_DIR, load_tree
from migrationpact.law.rulebook.schema import Kind, Rule, RuleFile


@dataclass(frozen=True)
class RuleVersion:
    """One version of a rule as one edition's file states it."""

    rule: Rule
    edition: date
    source: str  # "<edition>/<file>.yaml"
    order: int  # position of the file in the book, oldest first


class RuleSet:
    """The rules in force on one day, with the version that identifies them."""

    def __init__(
        self, effective_date: date, versions: dict[str, RuleVersion], version: str | None = None
    ):
        self.effective_date = effective_date
        self._versions = dict(sorted(versions.items()))
        self.rules: dict[str, Rule] = {k: v.rule for k, v in self._versions.items()}
        if version is None:
            text = canonical_json(list(self.rules.values()))
            version = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.version = version

    @property
    def short_version(self) -> str:
        """The first 12 hex digits of the version, for people."""
        return self.version.removeprefix("sha256:")[:12]

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise RuleBookError(
                f"rule {rule_id} is not in force on {self.effective_date.isoformat()}"
            ) from None

    def source(self, rule_id: str) -> str:
        """The edition file the rule's version comes from."""
        return self._versions[rule_id].source

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)


#: Rule fields added after rule sets were first versioned: left out of the hashed text while
#: empty, so that a rule set which does not use them keeps the version it had.
LATER_FIELDS = ("situations", "initial_decision_only")


def canonical_json(rules: list[Rule]) -> str:
    """Sorted keys, no whitespace, rules sorted by id: the text the version hashes."""
    data = [
        r.model_dump(mode="json", exclude={f for f in LATER_FIELDS if not getattr(r, f)})
        for r in sorted(rules, key=lambda r: r.id)
    ]
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _approx_days(text: str) -> int:
    length = Length.parse(text)
    factors = {Unit.YEARS: 365, Unit.MONTHS: 30, Unit.WEEKS: 7, Unit.DAYS: 1}
    return sum(n * factors.get(unit, 1) for n, unit in length.parts)


class RuleBook:
    """All editions of all rule files; ask it for the rule set in force on a day."""

    def __init__(self, files: list[tuple[Path, RuleFile]], root: Path | None = None):
        self.root = root
        self._versions: dict[str, list[RuleVersion]] = {}
        self._repeals: dict[str, list[tuple[date, date]]] = {}  # id -> (edition, last day)
        for order, (path, rule_file) in enumerate(files):
            source = f"{path.parent.name}/{path.name}"
            for rule in rule_file.rules:
                version = RuleVersion(rule, rule_file.edition, source, order)
                self._versions.setdefault(rule.id, []).append(version)
            for repeal in rule_file.repeals:
                entry = (rule_file.edition, repeal.last_day)
                self._repeals.setdefault(repeal.rule, []).append(entry)
        self._cache: dict[date, RuleSet] = {}
        self._on: dict[tuple[str, date], RuleVersion | None] = {}  # version_on, remembered
        self._hashes: dict[tuple[tuple[str, int], ...], str] = {}
        self._check_references()

    @classmethod
    def load(cls, root: Path | None = None) -> RuleBook:
        """Read every edition under ``root`` (default: the shipped ``data/``)."""
        root = root or DATA_DIR
        return cls(load_tree(root), root)

    def ids(self) -> list[str]:
        return sorted(self._versions)

    def canonical_id(self, text: str) -> str:
        """The rule id as the book spells it (``apr-01B`` → ``APR-01b``); unknown → error."""
        text = text.strip()
        if text in self._versions:
            return text
        for rule_id in self._versions:
            if rule_id.lower() == text.lower():
                return rule_id
        raise RuleBookError(f"unknown rule {text!r} (see: migrationpact rules list)")

    def versions(self, rule_id: str) -> list[RuleVersion]:
        """Every stated version of the rule, oldest edition first; unknown id → error."""
        return list(self._versions[self.canonical_id(rule_id)])

    def _repealed(self, version: RuleVersion, day: date) -> bool:
        return any(
            edition > version.edition and day > last_day
            for edition, last_day in self._repeals.get(version.rule.id, [])
        )

    def version_on(self, rule_id: str, day: date) -> RuleVersion | None:
        """The version in force on ``day`` (newest edition wins), or None."""
        key = (rule_id, day)
        if key in self._on:
            return self._on[key]
        candidates = [
            v
            for v in self._versions.get(rule_id, [])
            if v.rule.in_force(day) and not self._repealed(v, day)
        ]
        found = max(candidates, key=lambda v: (v.edition, v.order), default=None)
        if len(self._on) >= 65536:
            self._on.clear()
        self._on[key] = found
        return found

    def at(self, day: date) -> RuleSet:
        """The rule set in force on ``day``."""
        cached = self._cache.get(day)
        if cached is None:
            found = {i: self.version_on(i, day) for i in self._versions}
            selected = {i: v for i, v in found.items() if v is not None}
            # Days with the same selection share one hash (computed once).
            key = tuple(sorted((i, id(v)) for i, v in selected.items()))
            cached = RuleSet(day, selected, self._hashes.get(key))
            self._hashes[key] = cached.version
            self._cache[day] = cached
        return cached

    def validity(self, rule_id: str) -> str:
        """Human text of when each version of the rule is in force."""
        return "; ".join(f"{v.rule.validity()} ({v.source})" for v in self.versions(rule_id))

    def resolve(self, rule_id: str, law_date: date) -> tuple[Rule, RuleSet]:
        """The rule in force on ``law_date`` and its rule set; clear error when there is none."""
        rule_id = self.canonical_id(rule_id)
        rule_set = self.at(law_date)
        if rule_id not in rule_set:
            raise RuleBookError(
                f"rule {rule_id} is not in force on law date {law_date.isoformat()}; "
                f"it is in force {self.validity(rule_id)}"
            )
        return rule_set.get(rule_id), rule_set

    def _check_references(self) -> None:
        problems = self._stated_twice()
        for rule_id, versions in self._versions.items():
            for v in versions:
                rule = v.rule
                refs = [rule.extends, rule.implements, *rule.replaces, *rule.parts]
                missing = [r for r in refs if r is not None and r not in self._versions]
                if missing:
                    problems.append(f"{rule_id} ({v.source}) refers to unknown {missing}")
                if rule.implements:
                    problems += self._check_choice(rule, v.source)
        if problems:
            raise RuleBookError("rule book: " + "; ".join(problems))

    def _stated_twice(self) -> list[str]:
        """An id stated by two files of one edition: neither would clearly win (an edition may
        hold several files per instrument, e.g. a correction and additions)."""
        problems = []
        for rule_id, versions in self._versions.items():
            seen: dict[date, str] = {}
            for v in versions:
                if v.edition in seen:
                    problems.append(f"{rule_id} is stated in {seen[v.edition]} and {v.source}")
                seen[v.edition] = v.source
        return problems

    def _check_choice(self, rule: Rule, source: str) -> list[str]:
        assert rule.implements is not None
        targets = [v.rule for v in self._versions[rule.implements]]
        if any(t.kind != Kind.NATIONAL_CHOICE for t in targets):
            return [f"{rule.id} ({source}) implements {rule.implements}, not a national choice"]
        if rule.length is None:
            return [f"{rule.id} ({source}) implements a national choice but has no length"]
        chosen = _approx_days(rule.length)
        for target in targets:
            bounds = target.range
            if bounds is None:
                continue
            low = _approx_days(bounds.min)
            high = _approx_days(bounds.max) if bounds.max else None
            if chosen < low or (high is not None and chosen > high):
                return [
                    f"{rule.id} ({source}): {rule.length} lies outside the range "
                    f"{bounds.min} – {bounds.max or 'open'} of {target.id}"
                ]
        return []

    def national_choice(self, rule_id: str, rule_set: RuleSet) -> Rule | None:
        """The rule in ``rule_set`` that implements the national choice ``rule_id``, if any."""
        found = [r for r in rule_set if r.implements == rule_id]
        return found[0] if found else None


@cache
def default_book() -> RuleBook:
    """The shipped rule book, read once per process."""
    return RuleBook.load()
