"""EU-wide recognition rates by nationality, as a dated table (APR Art. 42(1)(j)).

The border procedure is mandatory for a nationality whose EU-wide first-instance recognition
rate (refugee status + subsidiary protection, over all first-instance decisions) is 20 % or
lower "according to the latest available annual Union-wide average Eurostat data". Which figure
was the latest depends on the day of the decision, so every row carries the year it describes
and the day it was published; ``rate_on`` returns the latest annual figure published on or
before a given day. A nationality without such a row has no figure: the rule reports it as
missing rather than guessing.

Rows are either ``annual`` figures or ``upper-bound`` figures (the source only said "below N %");
half-year and partial-year figures are kept for reference and never used by the rule.

>>> table = RecognitionTable.load()
>>> row = table.rate_on("BGD", date(2026, 6, 15))
>>> (row.year, row.rate, row.status, row.published.isoformat(), row.published_assumed)
(2025, 3.0, 'V', '2026-05-01', True)
>>> table.rate_on("BGD", date(2026, 4, 30)).year
2024
>>> table.rate_on("SYR", date(2026, 7, 1)).year   # the 2025 half-year figure is not used
2024
>>> table.rate_on("TUR", date(2026, 7, 1)) is None  # only half-year figures recorded
True

Imported editions (``editions``: one Eurostat ``migr_asydcfsta`` file each) come on top of
these rows: from the day an edition is in force, the edition in force on the decision day
answers alone, and names itself (``edition_on``); the seed rows answer before that.

>>> table.edition_on(date(2026, 7, 1)) is None, table.edition_name_on(date(2026, 7, 1))
(True, 'seed')
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from migrationpact.law import yamltext
from migrationpact.law.routing.editions import (
    Edition,
    configured_dir,
    in_force,
    load_editions,
)
from migrationpact.law.routing.parameters import Parameters, RoutingDataError, content_hash
from migrationpact.law.text import Text

Measure = Literal["annual", "upper-bound", "half-year", "partial-year"]
USABLE: frozenset[str] = frozenset({"annual", "upper-bound"})


class RateRow(BaseModel):
    """One nationality's EU-wide recognition rate for one year, with its source and status."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nationality: str = Field(pattern=r"^[A-Z]{3}$")
    year: int = Field(ge=2000, le=2100)
    rate: float = Field(ge=0, le=100, description="percent")
    measure: Measure
    status: Literal["V", "D", "E"]
    source: str
    published: date | None = None
    published_assumed: bool = False
    scope: str = "EU+ (EUAA)"
    name: str | None = None
    urls: tuple[str, ...] = ()
    note: str | None = None
    #: For a figure from an imported edition: decisions granting international protection,
    #: all decisions, and the edition's id (left out of the row's data when absent).
    positive: int | None = None
    decisions: int | None = None
    edition: str | None = None

    @model_validator(mode="after")
    def _has_publication(self) -> RateRow:
        if self.published is None:
            raise ValueError("published is required (the loader fills in the assumed date)")
        return self

    @property
    def published_on(self) -> date:
        assert self.published is not None  # guaranteed by the validator
        return self.published

    def at_or_below(self, threshold: float) -> bool | None:
        """Whether the rate is at or below ``threshold``; ``None`` if an upper bound can't tell."""
        if self.measure == "upper-bound":
            return True if self.rate <= threshold else None
        if self.positive is not None and self.decisions:
            return Fraction(100 * self.positive, self.decisions) <= Fraction(threshold)
        return self.rate <= threshold

    def describe(self) -> Text:
        """The figure in words: nationality, year, rate, scope, status and doubts."""
        flags = [Text("status %(status)s", status=self.status)]
        if self.status == "E":
            flags.append(Text("ESTIMATED, verify against Eurostat before relying on it"))
        if self.published_assumed:
            flags.append(Text("publication assumed %(day)s", day=self.published_on.isoformat()))
        values = {"nationality": self.nationality, "year": self.year, "rate": f"{self.rate:g}"}
        if self.positive is not None and self.decisions is not None:
            figure = Text(
                "%(nationality)s %(year)s: %(rate)s %% (%(positive)s of %(decisions)s decisions)",
                **values,
                positive=self.positive,
                decisions=self.decisions,
            )
        elif self.measure == "upper-bound":
            figure = Text("%(nationality)s %(year)s: at most %(rate)s %%", **values)
        else:
            figure = Text("%(nationality)s %(year)s: %(rate)s %%", **values)
        return Text(
            "%(figure)s (%(scope)s; %(flags)s)", figure=figure, scope=self.scope, flags=flags
        )

    def to_dict(self) -> dict[str, Any]:
        # The fields of an imported figure only where given: the seed rows keep their version.
        absent = {k for k in ("positive", "decisions", "edition") if getattr(self, k) is None}
        return self.model_dump(mode="json", exclude=absent)


class RecognitionTable:
    """All rows, with lookup by nationality and decision day."""

    def __init__(
        self, rows: tuple[RateRow, ...], source: str = "", editions: tuple[Edition, ...] = ()
    ) -> None:
        seen: set[tuple[str, int]] = set()
        for row in rows:
            if row.measure in USABLE:
                key = (row.nationality, row.year)
                if key in seen:
                    raise RoutingDataError(
                        f"recognition rates: two usable rows for {row.nationality} {row.year}"
                    )
                seen.add(key)
        self.rows = rows
        self.source = source
        self.editions = editions
        # routing data versions by (edition id, parameters' fingerprint): content, not identity
        self._data_versions: dict[tuple[str | None, str], str] = {}

    @classmethod
    def configured(cls) -> RecognitionTable:
        """The shipped table with the editions of ``MIGRATIONPACT_RATES_DIR`` (if it is set)."""
        return _with_editions(configured_dir())

    @classmethod
    def with_directory(cls, directory: Path | None) -> RecognitionTable:
        """The shipped table with the editions in ``directory`` (none for None)."""
        return _with_editions(directory)

    def with_editions(self, *editions: Edition) -> RecognitionTable:
        """This table with ``editions`` added (ids must differ)."""
        ids = [e.id for e in (*self.editions, *editions)]
        if len(ids) != len(set(ids)):
            raise RoutingDataError("recognition rates: two editions with the same id")
        return RecognitionTable(self.rows, self.source, (*self.editions, *editions))

    @classmethod
    def load(cls, path: Path | None = None) -> RecognitionTable:
        """The shipped table (without editions), or the YAML file at ``path``."""
        if path is None:
            return _shipped()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RoutingDataError(f"cannot read recognition rates {path}: {exc.strerror}") from exc
        return cls.parse(yamltext.safe_load(text), str(path))

    @classmethod
    def parse(cls, data: Any, source: str = "") -> RecognitionTable:
        """Build a table from parsed YAML: ``meta.assumed_publication`` and ``rows``."""
        try:
            assumed = (data.get("meta") or {}).get("assumed_publication") or {"month": 5, "day": 1}
            rows = []
            for raw in data["rows"]:
                item = dict(raw)
                if item.get("published") is None:
                    item["published"] = date(
                        int(item["year"]) + 1, assumed["month"], assumed["day"]
                    )
                    item["published_assumed"] = True
                rows.append(RateRow.model_validate(item))
        except (KeyError, TypeError, AttributeError, ValueError, ValidationError) as exc:
            raise RoutingDataError(f"invalid recognition rates {source}: {exc}") from exc
        return cls(tuple(rows), source)

    @classmethod
    def from_rows(cls, *rows: dict[str, Any]) -> RecognitionTable:
        """A table from plain mappings (tests, scenarios); unknown publication dates assumed."""
        return cls.parse({"rows": list(rows)}, "inline")

    def edition_on(self, day: date) -> Edition | None:
        """The imported edition in force on ``day`` (None: the seed rows answer)."""
        return in_force(self.editions, day)

    def edition_name_on(self, day: date) -> str:
        """The id of the edition in force on ``day``; ``seed`` for the shipped rows."""
        edition = self.edition_on(day)
        return "seed" if edition is None else edition.id

    def rate_on(self, nationality: str, day: date) -> RateRow | None:
        """The figure for ``nationality`` on ``day``: from the edition in force, else the
        latest usable annual seed figure published on or before ``day``."""
        edition = self.edition_on(day)
        if edition is not None:
            return _edition_row(edition, nationality)
        candidates = [
            r
            for r in self.rows
            if r.nationality == nationality and r.measure in USABLE and r.published_on <= day
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda r: (r.year, r.published_on))

    def version(self) -> str:
        """Content hash of every row and edition (changes whenever the table changes)."""
        seed = content_hash([r.to_dict() for r in self.rows])
        if not self.editions:
            return seed
        return content_hash({"seed": seed, "editions": sorted(e.version() for e in self.editions)})

    def data_version(self, day: date | None, params: Parameters) -> str:
        """The routing data version on ``day`` with ``params``: the content hash of the rates
        that answer then (``version_on``) and the parameters, computed once per edition and set
        of parameters."""
        edition = None if day is None else self.edition_on(day)
        key = (None if edition is None else edition.id, params.fingerprint_text)
        found = self._data_versions.get(key)
        if found is None:
            rates = self.version_on(day)
            found = content_hash({"rates": rates, "parameters": params.fingerprint()})
            self._data_versions[key] = found
        return found

    def version_on(self, day: date | None) -> str:
        """Content hash of what answers on ``day``: the edition in force, else the seed rows
        (so a new edition leaves the version of decisions taken before it as it was)."""
        edition = None if day is None else self.edition_on(day)
        if edition is None:
            return content_hash([r.to_dict() for r in self.rows])
        return edition.version()


def _edition_row(edition: Edition, nationality: str) -> RateRow | None:
    row = edition.row(nationality)
    if row is None or row.rate is None:
        return None
    return RateRow(
        nationality=nationality,
        year=edition.year,
        rate=row.rate,
        measure="annual",
        status="V",
        source=f"{edition.id}#{row.citizen}",
        published=edition.in_force_from,
        scope="EU-27, Eurostat migr_asydcfsta",
        positive=row.positive,
        decisions=row.decisions,
        edition=edition.id,
    )


@cache
def _with_editions(directory: Path | None) -> RecognitionTable:
    if directory is None:
        return _shipped()
    return _shipped().with_editions(*load_editions(directory))


@cache
def _shipped() -> RecognitionTable:
    path = resources.files("migrationpact.law.routing") / "data" / "recognition_rates.yaml"
    data = yamltext.safe_load(path.read_text(encoding="utf-8"))
    return RecognitionTable.parse(data, "migrationpact/law/routing/data/recognition_rates.yaml")
