"""The demo's reception network: COA's sites and units, as a sites file, and loading it.

A realistic but **illustrative** Dutch network (``docs/reception.md``, "Demo network"): the
central locations at Ter Apel (the agreed maximum of 2,000 places, 55 for unaccompanied minors)
and Budel (1,500 places), process locations near the IND's offices, 36 asylum seekers' centres
of 300 to 1,000 places across as many municipalities (the size range COA names), small units for
minors, a few emergency and crisis emergency locations, locations with a restrictive regime, a
border-procedure location, a Dublin shelter pilot of a few hundred places, a second Dublin
site being built (it opens during the demo's first plan), two still waiting for their
municipality's consent, and one centre that takes Dublin claimants in its free places. Figures
come from ``shared/data/calibration.md`` §6 where it has them (Ter Apel, Budel, AZC sizes, 96 %
planned occupancy); the rest, and every site's name, units and dates, is made up for the demo.
Each site is located at the centre of its municipality's main town (``demo.places``), so the
placement proposal counts the kilometres to the IND offices.

``load_reception_network`` imports it as the demo's COA planner through the same use case as
``migrationpact reception sites import``: the first load records the sites, a second one nothing.
Before that, into an empty store, it records a few months of history (``record_history``): at
each month's end since the regimes took effect (at most six months back) the network as it
stood, its sites registered a month before they open and its residents counted, rising from
80 % to the demo's 90 % of the places, so the occupancy over time and the emergency share (the
emergency locations open from August 2026) have something to show.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.demo.places import POINTS
from migrationpact.demo.users import demo_user
from migrationpact.law.periods.engine import add_months
from migrationpact.reception.regimes import default_book
from migrationpact.reception.sites.decide import decide_site
from migrationpact.reception.sites.importing import plan_import, read_sites_file
from migrationpact.reception.sites.state import SiteState, initial_site
from migrationpact.services.reception_sites import ImportReport, import_sites
from migrationpact.services.recording import dutch_now
from migrationpact.store.eventstore import EventStore, NewEvent
from migrationpact.store.reception_sites import SITE, read_site_states

PLANNER = "coa-planner"
#: COA plans with 96 % of usable beds occupied (calibration §6a); the demo counts a little less.
OCCUPANCY = 0.9

#: (id suffix, municipality code, places) of the asylum seekers' centres (illustrative).
AZCS: tuple[tuple[str, str, int], ...] = (
    ("AMSTERDAM", "GM0363", 900), ("ROTTERDAM", "GM0599", 700), ("DEN-HAAG", "GM0518", 600),
    ("UTRECHT", "GM0344", 800), ("GRONINGEN", "GM0014", 750), ("EINDHOVEN", "GM0772", 500),
    ("TILBURG", "GM0855", 450), ("BREDA", "GM0758", 400), ("NIJMEGEN", "GM0268", 600),
    ("ARNHEM", "GM0202", 550), ("APELDOORN", "GM0200", 500), ("ZWOLLE", "GM0193", 450),
    ("ENSCHEDE", "GM0153", 400), ("ALMELO", "GM0141", 350), ("ASSEN", "GM0106", 600),
    ("LEEUWARDEN", "GM0080", 500), ("HEERENVEEN", "GM0074", 300), ("MAASTRICHT", "GM0935", 450),
    ("VENLO", "GM0983", 400), ("ROERMOND", "GM0957", 350), ("MIDDELBURG", "GM0687", 300),
    ("LELYSTAD", "GM0995", 500), ("ALMERE", "GM0034", 600), ("AMERSFOORT", "GM0307", 450),
    ("EDE", "GM0228", 400), ("ALKMAAR", "GM0361", 350), ("HAARLEM", "GM0392", 300),
    ("LEIDEN", "GM0546", 350), ("DORDRECHT", "GM0505", 400), ("DEN-BOSCH", "GM0796", 500),
    ("OSS", "GM0828", 350), ("HELMOND", "GM0794", 300), ("EMMEN", "GM0114", 600),
    ("DRONTEN", "GM0303", 400), ("WAGENINGEN", "GM0289", 450), ("DEVENTER", "GM0150", 1000),
)  # fmt: skip

#: The IND offices' process locations: (id suffix, municipality, places).
POLS = (("TER-APEL", "GM1950", 600), ("BUDEL", "GM1706", 400), ("ZEVENAAR", "GM0299", 500),
        ("DEN-BOSCH", "GM0796", 450), ("RIJSWIJK", "GM0603", 450))  # fmt: skip

TWO = ("families", "singles")
#: Sites opening on this day or later are still being built in the demo.
NEXT_YEAR = "2027-01-01"
CONSENT = {"status": "granted", "requested_on": "2023-01-09", "decided_on": "2023-04-03"}


def _units(
    places: int, *, minors: int = 0, kinds: tuple[str, ...] = ("families", "singles")
) -> list[dict[str, Any]]:
    """Units splitting ``places``: families and single adults (and women-only, accessible,
    medical, LGBTI wings on larger sites), plus a minors' unit of ``minors`` places."""
    units: list[dict[str, Any]] = []
    share = places // len(kinds)
    for n, kind in enumerate(kinds):
        attrs = {"families": True} if kind == "families" else {"single_adults": True}
        if kind == "women":
            attrs = {"single_adults": True, "women_only": True}
        if kind == "care":
            attrs = {"families": True, "accessible": True, "medical": True}
        if kind == "lgbti":
            attrs = {"single_adults": True, "lgbti": True}
        capacity = share if n else places - share * (len(kinds) - 1)
        units.append({"id": kind.upper(), "capacity": capacity, "attributes": attrs,
                      "occupied": int(capacity * OCCUPANCY)})  # fmt: skip
    if minors:
        units.append({"id": "AMV", "capacity": minors,
                      "attributes": {"uam": True, "age_min": 15, "age_max": 17},
                      "occupied": int(minors * OCCUPANCY)})  # fmt: skip
    return units


def _site(
    sid: str,
    name: str,
    municipality: str,
    kind: str,
    units: list[dict[str, Any]],
    *,
    opens_on: str | None = "2024-01-01",
    consent: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": sid, "name": name, "municipality": municipality, "location_type": kind,
        "opens_on": opens_on, "consent": consent or CONSENT, "units": units,
        "coordinates": list(POINTS[municipality]),  # the town's centre: illustrative
    }  # fmt: skip


def demo_sites() -> dict[str, Any]:
    """The demo network as a sites file (see the module text)."""
    wide = ("families", "singles", "women", "care", "lgbti")
    sites = [
        _site("TER-APEL-COL", "Ter Apel, centrale ontvangstlocatie", "GM1950", "COL",
              _units(1400, kinds=("families", "singles", "care")), opens_on="2017-01-01"),
        _site("TER-APEL-COL-AMV", "Ter Apel, ontvangst alleenstaande minderjarigen", "GM1950",
              "COL-AMV", [{"id": "AMV", "capacity": 55, "occupied": 49,
                           "attributes": {"uam": True, "age_min": 12, "age_max": 17}}],
              opens_on="2017-01-01"),
        _site("BUDEL-COL", "Budel-Cranendonck, centrale ontvangstlocatie", "GM1706", "COL",
              _units(1500), opens_on="2015-10-01"),
        _site("TER-APEL-VBL", "Ter Apel, vrijheidsbeperkende locatie", "GM1950", "VBL",
              _units(200), opens_on="2017-01-01"),
    ]  # fmt: skip
    sites += [
        _site(f"POL-{s}", f"Procesopvanglocatie {s.replace('-', ' ').title()}", m, "POL",
              _units(p, kinds=("families", "singles", "care")))
        for s, m, p in POLS
    ]  # fmt: skip
    sites += [
        _site(f"AZC-{s}", f"AZC {s.replace('-', ' ').title()}", m, "AZC",
              _units(p, minors=20 if n % 6 == 0 else 0, kinds=wide if p >= 600 else TWO),
              opens_on=f"{2018 + n % 7}-0{1 + n % 9}-01")
        for n, (s, m, p) in enumerate(AZCS)
    ]  # fmt: skip
    sites += [
        _site(f"KWV-{s}", f"Kleine woonvoorziening {s.title()}", m, "KWV",
              [{"id": "KWV", "capacity": 18, "occupied": 16,
                "attributes": {"uam": True, "age_min": a, "age_max": 17}}])
        for s, m, a in (("ZEIST", "GM0355", 15), ("HOORN", "GM0405", 15),
                        ("DELFT", "GM0503", 13), ("VEENENDAAL", "GM0345", 15))
    ]  # fmt: skip
    sites += [
        _site("NOOD-HAL-VENLO", "Noodopvang evenementenhal Venlo", "GM0983", "NOODOPVANG",
              _units(300, kinds=("singles",)), opens_on="2026-09-01"),
        _site("NOOD-HOTEL-HAARLEMMERMEER", "Noodopvang hotel Haarlemmermeer", "GM0394",
              "NOODOPVANG", _units(250, kinds=("singles",)), opens_on="2026-10-01"),
        _site("NOOD-SCHIP-ZAANSTAD", "Noodopvang schip Zaanstad", "GM0479", "NOODOPVANG",
              _units(200, kinds=("singles",)), opens_on="2026-08-15"),
        _site("CRISIS-HARDENBERG", "Crisisnoodopvang sporthal Hardenberg", "GM0160",
              "CRISISNOODOPVANG", _units(120, kinds=("singles",)), opens_on="2026-11-20"),
        _site("GEM-OSS", "Gemeentelijke opvang Oss", "GM0828", "GEMEENTELIJK", _units(150)),
        _site("GEM-WEERT", "Gemeentelijke opvang Weert", "GM0988", "GEMEENTELIJK", _units(120)),
        _site("GL-KATWIJK", "Gezinslocatie Katwijk", "GM0537", "GL",
              _units(200, kinds=("families",))),
        _site("IBO-AMERSFOORT", "Intensieve begeleidingsopvang Amersfoort", "GM0307", "IBO",
              _units(40, kinds=("singles",))),
        _site("HTL-HOOGEVEEN", "Handhaving- en toezichtlocatie Hoogeveen", "GM0118", "HTL",
              _units(50, kinds=("singles",))),
        _site("GRENS-SCHIPHOL", "Grensprocedurelocatie Schiphol", "GM0394", "GRENS",
              _units(300, kinds=("families", "singles")), opens_on="2026-06-12"),
        _site("DOL-TER-APEL", "Dublinonderdaklocatie Ter Apel (pilot)", "GM1950", "DOL",
              _units(250, kinds=("families", "singles")), opens_on="2026-07-01"),
        _site("DOL-BUDEL", "Dublinonderdaklocatie Budel (gepland)", "GM1706", "DOL",
              _units(300, kinds=("families", "singles")), opens_on=None,
              consent={"status": "requested", "requested_on": "2026-10-01"}),
        _site("DOL-ZWOLLE", "Dublinonderdaklocatie Zwolle (in aanbouw)", "GM0193", "DOL",
              _units(200, kinds=("singles",)), opens_on="2027-03-01",
              consent={"status": "granted", "requested_on": "2026-05-04",
                       "decided_on": "2026-09-14"}),
        _site("DOL-ARNHEM", "Dublinonderdaklocatie Arnhem (gepland)", "GM0202", "DOL",
              _units(150, kinds=("families", "singles")), opens_on="2027-06-01",
              consent={"status": "requested", "requested_on": "2026-11-02"}),
    ]  # fmt: skip
    # The largest centre takes Dublin claimants in its free places, beside its own residents.
    deventer = next(s for s in sites if s["id"] == "AZC-DEVENTER")
    deventer["admission_rules"] = {
        "agreed_on": "2026-10-01", "target_groups": ["single-adults", "families", "dublin"],
    }  # fmt: skip
    for site in sites:  # a site without an opening day, or opening next year, has no people yet
        if site["opens_on"] is None:
            del site["opens_on"]
        if site.get("opens_on", "9999") >= NEXT_YEAR:
            for unit in site["units"]:
                unit["occupied"] = 0
    return {"sites": sites}


#: How far back the demo's history of the network goes, and from which occupancy it rises.
HISTORY_MONTHS = 6
HISTORY_OCCUPANCY = 0.8


def history_days(today: date) -> list[date]:
    """The month ends the history records, oldest first (not before the first regimes took
    effect, when a site can first be registered), then ``today``."""
    first = max(add_months(today, -HISTORY_MONTHS), default_book().files[0].valid_from)
    days, month = [], first.replace(day=1)
    while (end := add_months(month, 1) - timedelta(days=1)) < today:
        if end >= first:
            days.append(end)
        month = add_months(month, 1)
    return [*days, today]


def sites_on(day: date, share: float) -> dict[str, Any]:
    """The network as it stood on ``day``: the sites that open within a month (planned sites
    only at the end), residents counted at ``share`` of each open unit's places."""
    sites = []
    for site in demo_sites()["sites"]:
        opens = site.get("opens_on")
        if opens is None or date.fromisoformat(opens) > day + timedelta(days=31):
            continue
        open_now = date.fromisoformat(opens) <= day
        units = [
            {**u, "occupied": int(u["capacity"] * share) if open_now else 0} for u in site["units"]
        ]
        sites.append({**site, "units": units})
    return {"sites": sites}


def record_history(store: EventStore, today: date, actor: str, organisation: str) -> int:
    """Record the network's history up to ``today`` (see the module text), today's step being
    the demo network itself; the number of events recorded."""
    days = history_days(today)
    states: dict[str, SiteState] = {}
    batch: list[NewEvent] = []
    now = dutch_now(store)
    for n, day in enumerate(days):
        share = HISTORY_OCCUPANCY + (OCCUPANCY - HISTORY_OCCUPANCY) * n / max(len(days) - 1, 1)
        data = demo_sites() if day == today else sites_on(day, share)
        at = min(datetime.combine(day, time(9)), now)
        for site_id, seq, events in plan_import(read_sites_file(data), states, at):
            for k, event in enumerate(events):
                batch.append(NewEvent(site_id, event, seq + k, None, actor, organisation, SITE))
                states[site_id] = decide_site(states.get(site_id) or initial_site(site_id), event)
    if batch:
        store.append_many(batch)
    return len(batch)


def load_reception_network(store: EventStore, today: date | None = None) -> ImportReport:
    """Import the demo network as the demo's COA planner, after its history up to ``today``
    (default: the store's day) when the store has none of its sites yet; a second load
    records nothing."""
    planner = _planner()
    data = demo_sites()
    history = 0
    if not read_site_states(store.engine, [s["id"] for s in data["sites"]]):
        day = today or dutch_now(store).date()
        history = record_history(store, day, planner.subject, planner.organisation.value)
    report = import_sites(store=store, principal=planner, data=data)
    return ImportReport(report.sites, report.changed, report.events + history)


def _planner() -> Principal:
    user = demo_user(PLANNER)
    return Principal(
        subject=user.username, name=user.name, organisation=user.organisation, role=user.role,
        via="demo",
    )  # fmt: skip


#: How many of the households waiting longest the demo places at most (enough to show residents
#: on the sites and places on case pages; few enough to solve in a moment), and at most which
#: share of those waiting, so that the placement proposal still has people to propose for.
DEMO_PLACED = 40
DEMO_PLACED_SHARE = 0.5


def place_demo_households(store: EventStore) -> int:
    """Place the demo households that waited longest (``DEMO_PLACED``, at most
    ``DEMO_PLACED_SHARE`` of the cases waiting), as the demo's COA planner, through the same use
    case as ``migrationpact reception place``; only while nobody has been placed yet, so a
    second load places no one. The number of households placed."""
    from migrationpact.reception.placement.from_cases import waiting
    from migrationpact.services.reception_recording import record_placements
    from migrationpact.store.reception_sites import placed_cases
    from migrationpact.store.states import read_open_states

    if placed_cases(store.engine):
        return 0
    limit = min(
        DEMO_PLACED, int(len(waiting(read_open_states(store.engine).values())) * DEMO_PLACED_SHARE)
    )
    if limit < 1:
        return 0
    recording = record_placements(store=store, principal=_planner(), limit=limit)
    return len(recording.recorded)
