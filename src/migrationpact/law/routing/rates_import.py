"""Reading Eurostat's first-instance decisions file into an edition of the recognition rates.

The operator downloads Eurostat's dataset ``migr_asydcfsta`` ("First instance decisions on
applications by citizenship, age and sex - annual aggregated data") as SDMX-CSV, with codes
(not labels). Its columns are ``DATAFLOW`` (``ESTAT:MIGR_ASYDCFSTA(1.0)``), ``LAST UPDATE``
(``15/04/26 11:00:00``, day/month/year), the dimensions ``freq``, ``unit``, ``citizen``,
``sex``, ``age``, ``decision``, ``geo`` and ``TIME_PERIOD`` (the year), the value
``OBS_VALUE`` and its ``OBS_FLAG``; newer downloads add ``CONF_STATUS``, which is kept out.

**The rate, as APR Art. 42(1)(j) defines it.** Ground (j) looks at "the proportion of decisions
by the determining authority granting international protection", by nationality, "according to
the latest available yearly Union-wide average Eurostat data". So:

- *decisions by the determining authority* are first-instance decisions (the determining
  authority decides at first instance, APR Art. 3 and 4), i.e. this dataset, not final decisions
  on appeal (``migr_asydcfina``);
- *Union-wide* is the EU-27 aggregate ``geo = EU27_2020``, not EU+ (Norway and Switzerland are
  outside the Union), nor one member state;
- *yearly* is the annual dataset (``freq = A``), persons (``unit = PER``), every sex and age
  (``sex = T``, ``age = TOTAL``);
- *granting international protection* is refugee status (``GENCONV``) and subsidiary
  protection status (``SUB_PROT``): the two statuses of Reg. (EU) 2024/1347. Humanitarian
  status under national law (``HUMSTAT``) and temporary protection (``TEMP_PROT``) are not
  international protection, so they are outside the numerator, and inside the denominator as
  decisions all the same: the denominator is every first-instance decision (``TOTAL``).

The same reading is the Commission's, describing the threshold in its proposal (COM(2016) 467:
the Union-level share of first-instance decisions granting international protection "out of
the total number" of first-instance decisions), and the EUAA's recognition rate (refugee and
subsidiary protection over all decisions, https://euaa.europa.eu/de/node/22402). The article's
own words are paraphrased from ``../shared/legal-rules.md`` (APR-R4); check them against the
Official Journal.

rate = (GENCONV + SUB_PROT) / TOTAL, per citizenship. A citizenship without decisions
(``TOTAL`` 0) or with a value Eurostat did not give (``:``, or empty) has no rate: the routing
reports the ground as undetermined rather than guess. Groups of citizenships (``TOTAL``,
``EXT_EU27_2020``) and ``STLS``/``UNK`` have no rate of their own: for a stateless applicant
ground (j) looks at the country of former habitual residence, which this dataset does not give.

Every row is checked, not only those used: an unknown citizenship or reporting-country code, a
value that is not a count, a file without EU-27 figures or without the dataset's columns is
refused with one line that says where (``RatesFileError``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from fractions import Fraction

from migrationpact.law import eurostat
from migrationpact.law.routing.editions import Edition, EditionRow, parse_edition
from migrationpact.law.routing.parameters import RoutingDataError

DATASET = "migr_asydcfsta"
COLUMNS = (
    "DATAFLOW",
    "LAST UPDATE",
    "freq",
    "unit",
    "citizen",
    "sex",
    "age",
    "decision",
    "geo",
    "TIME_PERIOD",
    "OBS_VALUE",
    "OBS_FLAG",
)
#: The decision codes of the dataset (Eurostat code list ``DECISION``).
DECISIONS = frozenset(
    {"TOTAL", "TOTAL_POS", "GENCONV", "SUB_PROT", "HUMSTAT", "TEMP_PROT", "REJECTED"}
)
#: Eurostat's observation flags (``b`` break, ``c`` confidential, ``d`` definition differs,
#: ``e`` estimated, ``f`` forecast, ``n`` not significant, ``p`` provisional, ``r`` revised,
#: ``s`` Eurostat estimate, ``u`` low reliability, ``z`` not applicable), and ``:``.
FLAG = re.compile(r"^[bcdefnprsuz:]*$")
DATAFLOW = re.compile(r"^ESTAT:MIGR_ASYDCFSTA\([0-9.]+\)$")
UNION = "EU27_2020"
SELECTED: Mapping[str, str] = {"freq": "A", "unit": "PER", "sex": "T", "age": "TOTAL"}
USED = ("GENCONV", "SUB_PROT", "TOTAL")


class RatesFileError(RoutingDataError):
    """The file is not a usable ``migr_asydcfsta`` download (one line says why and where)."""


def _rows(text: str, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RatesFileError(
            f"{name}: not an SDMX-CSV download of {DATASET} with codes: missing columns "
            f"{', '.join(missing)}"
        )
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            raise RatesFileError(f"{name} line {reader.line_num}: wrong number of fields")
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}


def _count(value: str, where: str) -> int | None:
    if value in ("", ":"):
        return None
    try:
        number = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise RatesFileError(f"{where}: OBS_VALUE {value!r} is not a number") from None
    if number < 0 or number.denominator != 1:
        raise RatesFileError(f"{where}: OBS_VALUE {value!r} is not a count of persons")
    return int(number)


def _last_update(value: str, where: str) -> datetime:
    for pattern in ("%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M", "%d/%m/%y"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise RatesFileError(f"{where}: LAST UPDATE {value!r} is not DD/MM/YY HH:MM:SS")


def _check(line: dict[str, str], where: str) -> None:
    if not DATAFLOW.match(line["DATAFLOW"]):
        raise RatesFileError(
            f"{where}: DATAFLOW {line['DATAFLOW']!r} is not Eurostat's {DATASET} dataset"
        )
    if not eurostat.is_citizen(line["citizen"]):
        raise RatesFileError(f"{where}: unknown citizen code {line['citizen']!r}")
    if not eurostat.is_geo(line["geo"]):
        raise RatesFileError(f"{where}: unknown geo code {line['geo']!r}")
    if line["decision"] not in DECISIONS:
        raise RatesFileError(f"{where}: unknown decision code {line['decision']!r}")
    if not re.fullmatch(r"[0-9]{4}", line["TIME_PERIOD"]):
        raise RatesFileError(f"{where}: TIME_PERIOD {line['TIME_PERIOD']!r} is not a year")
    if not FLAG.match(line["OBS_FLAG"]):
        raise RatesFileError(f"{where}: unknown OBS_FLAG {line['OBS_FLAG']!r}")


def rate(positive: int, decisions: int) -> Fraction | None:
    """The share of ``positive`` in ``decisions`` (None without decisions)."""
    return Fraction(positive, decisions) if decisions else None


def read_decisions(
    text: str,
    *,
    source_file: str,
    source_sha256: str,
    imported_on: date,
    in_force_from: date,
    year: int | None = None,
) -> Edition:
    """The edition of the rates in ``text`` for ``year`` (default: the latest year the file has
    EU-27 figures for), imported on ``imported_on`` and in force from ``in_force_from``."""
    dataflow, stamp = "", None
    figures: dict[tuple[int, str, str], tuple[int | None, str]] = {}
    for number, line in _rows(text, source_file):
        where = f"{source_file} line {number}"
        _check(line, where)
        value = _count(line["OBS_VALUE"], where)
        updated = _last_update(line["LAST UPDATE"], where)
        stamp = updated if stamp is None else max(stamp, updated)
        dataflow = line["DATAFLOW"]
        if line["geo"] != UNION or any(line[k] != v for k, v in SELECTED.items()):
            continue
        key = (int(line["TIME_PERIOD"]), line["citizen"], line["decision"])
        if key in figures:
            raise RatesFileError(f"{where}: a second value for {' '.join(map(str, key))}")
        figures[key] = (value, line["OBS_FLAG"])
    years = sorted({y for y, _, _ in figures})
    if not years or stamp is None:
        raise RatesFileError(
            f"{source_file}: no EU-27 figures (geo {UNION}, freq A, unit PER, sex T, age TOTAL)"
        )
    chosen = years[-1] if year is None else year
    if chosen not in years:
        raise RatesFileError(f"{source_file}: no EU-27 figures for {chosen}")
    rows = []
    for citizen in sorted({c for y, c, _ in figures if y == chosen}):
        nationality = eurostat.country(citizen)
        if nationality is None:  # a group, stateless or unknown: no rate of its own
            continue
        found = {d: figures.get((chosen, citizen, d)) for d in USED}
        rows.append(_row(f"{source_file} ({citizen} {chosen})", nationality, citizen, found))
    data = {
        "id": f"{DATASET}-{chosen}-{stamp:%Y%m%dT%H%M%S}",
        "dataset": DATASET,
        "dataflow": dataflow,
        "year": chosen,
        "last_update": stamp,
        "source_file": source_file,
        "source_sha256": source_sha256,
        "imported_on": imported_on,
        "in_force_from": in_force_from,
        "rows": rows,
    }
    return parse_edition(data, source_file)


def _row(
    where: str,
    nationality: str,
    citizen: str,
    found: Mapping[str, tuple[int | None, str] | None],
) -> EditionRow:
    values = {d: (f[0] if f else None) for d, f in found.items()}
    flags = tuple(f"{d}:{f[1]}" for d, f in found.items() if f and f[1])
    refugee, subsidiary, decisions = values["GENCONV"], values["SUB_PROT"], values["TOTAL"]
    note: str | None = None
    share: Fraction | None = None
    if decisions is None or refugee is None or subsidiary is None:
        missing = [d for d, v in values.items() if v is None]
        note = f"not available: {', '.join(missing)}"
    elif refugee + subsidiary > decisions:
        raise RatesFileError(
            f"{where}: GENCONV + SUB_PROT ({refugee + subsidiary}) exceeds TOTAL ({decisions})"
        )
    else:
        share = rate(refugee + subsidiary, decisions)
        if share is None:
            note = "no decisions"
    return EditionRow(
        nationality=nationality,
        citizen=citizen,
        refugee=refugee,
        subsidiary=subsidiary,
        decisions=decisions,
        rate=None if share is None else float(share * 100),
        flags=flags,
        note=note,
    )
