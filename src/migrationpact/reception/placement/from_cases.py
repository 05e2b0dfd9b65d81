"""From the store's cases and sites to the solver's input: households, units and sites.

Placement (``place``) knows households, units and sites, not cases. This module makes them,
purely, from what the system already keeps:

- **Waiting for a place** (``waiting``): a case that is not closed, whose application has
  been made (``made_at``) and that has no place yet (``placed``: where each placed case lives,
  from the sites' ``household_placed`` events). A case that has a place waits again only when
  its phase needs another location type than the one it lives in (a notified transfer decision
  → DOL, the border procedure → GRENS, departure → VBL): its household is then proposed a move,
  with ``current_unit`` set, so "fewest moves" and its free places count.
- **A household** (``households``) is one case, or the cases that state the same family group
  (``family.group_id``), with the people the family listing names but who have no case of their
  own. A member's age is taken from the date of birth on ``day`` (else the ``age`` fact); a
  listed member without a case of its own counts as a child when its relation is ``child``
  (age 0: a minor of unknown age) and as an adult (18) otherwise, of unknown sex; a listed
  member who is in another member state, or lives in a Dutch municipality of their own, is not
  in the household (one with a case of its own is in it when that case waits too and states the
  same group). A household with a case whose
  person's age is not known is left out (``Skipped``): placement cannot choose a unit
  without it.
- **Composition**: two or more members: ``family``; one member under 18 whose case has the fact
  ``unaccompanied``: ``uam``; one adult: ``single-adult``. A single minor not recorded as
  unaccompanied is left out too: which it is must be recorded first.
- **Needs**: the union of the needs in each member case's ``reception_needs``, each turned into
  the unit attribute ``law.needs`` gives it (``accessible``, ``medical``, ``women_only``,
  ``lgbti``); a need without one, or ``uam`` (which the composition already says), asks nothing
  of the unit.
- **Phase** (``phase_of``): the name of the phase whose location types ``data/phases.yaml``
  lists (this module names the phase; the types and their legal basis stay there): border
  procedure → ``border``; a notified transfer decision on the Dublin track, not yet carried out →
  ``transfer``; a rejection notified with no right to remain (``cases.decision.
  no_right_to_remain``) → ``departure``; else ``procedure``. A family takes the phase of its first
  case by id.

- **IND office** (``ind_office_of``): for a household in the procedure (phase ``procedure`` or
  ``border``), the office the IND assigned to its first case that has one (``ind_office``,
  recorded by ``ind_office_assigned``), so the solver counts the kilometres from each site to
  it (``offices.ind_offices``). A household waiting for a transfer or a departure has none:
  the office no longer sees it.
- **Family ties** (``ties_of``): the municipalities where the relatives the family listing
  names live in the Netherlands (``FamilyMember.municipality``; such a relative lives there and
  is not in the household), and the municipality of the site where a relative with a case of
  their own and a place lives (``placed``), unless that relative waits in this household.

``units_and_sites`` turns the sites' states into the solver's units and sites: only open sites
and their units that are not closed, each unit of its site's location type, with the unit's
counted occupancy, and each site with its coordinates (``site_located``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from migrationpact.cases.decision import no_right_to_remain
from migrationpact.cases.state import CaseState
from migrationpact.law.needs import vocabulary
from migrationpact.reception.sites.state import SiteState

from .model import ADULT, AgeRange, Household, Member, Needs, Phase, Site, Unit
from .rules import required_types

#: The unit attributes a need can ask for that placement knows as needs (``model.Needs``).
NEED_ATTRIBUTES = frozenset(Needs.model_fields)
#: Where the Netherlands is, as a member-state code.
HERE = "NLD"
#: The phases of people in the asylum procedure, for whom the IND office's proximity counts.
IN_PROCEDURE: frozenset[str] = frozenset({"arrival", "procedure", "border"})


@dataclass(frozen=True)
class Skipped:
    """A waiting case placement cannot take yet, and why."""

    case_id: str
    reason: str


@dataclass(frozen=True)
class Lodging:
    """Where a placed case lives: the solver's unit id (``SITE/UNIT``), its location type and
    the site's municipality (CBS code; None: not known)."""

    unit: str
    location_type: str
    municipality: str | None = None


def waiting(
    states: Iterable[CaseState], placed: Mapping[str, Lodging] | None = None
) -> list[CaseState]:
    """The cases waiting for a place (by case id): not closed, application made, and either
    without a place or living in a location type their phase does not allow (a move)."""
    placed = placed or {}

    def waits(s: CaseState) -> bool:
        if s.closed or s.made_at is None:
            return False
        lodging = placed.get(s.case_id)
        return lodging is None or lodging.location_type not in required_types(phase_of(s))

    return sorted((s for s in states if waits(s)), key=lambda s: s.case_id)


def phase_of(state: CaseState) -> Phase:
    """The placement phase of a case (see the module text)."""
    if state.procedure == "border":
        return "border"
    dublin = state.dublin
    if dublin.transfer_decision_notified_at is not None and dublin.transferred_at is None:
        return "transfer"
    if no_right_to_remain(state):
        return "departure"
    return "procedure"


def needs_of(states: Iterable[CaseState]) -> Needs:
    """The placement needs of the people of ``states``, from their assessments' needs."""
    known = vocabulary().needs
    wanted: set[str] = set()
    for state in states:
        if state.reception_needs is None:
            continue
        for code in state.reception_needs.needs:
            attribute = known[code].unit if code in known else None
            if attribute in NEED_ATTRIBUTES:
                wanted.add(str(attribute))
    return Needs(**dict.fromkeys(sorted(wanted), True))


def age_of(state: CaseState, day: date) -> int | None:
    """The age of the case's person on ``day``: from the date of birth, else the age fact."""
    if state.person is not None:
        age = state.person.age_on(day)
        if age is not None:
            return age
    return state.facts.age


def member_of(state: CaseState, day: date) -> Member | None:
    age = age_of(state, day)
    if age is None:
        return None
    sex = state.person.sex if state.person is not None else "unknown"
    return Member(age=age, sex="X" if sex == "unknown" else sex)


def households(
    states: Sequence[CaseState], day: date, placed: Mapping[str, Lodging] | None = None
) -> tuple[list[Household], dict[str, list[str]], list[Skipped]]:
    """The households of the waiting cases ``states`` on ``day``, the case ids of each
    household, and the cases left out with the reason (see the module text). A household one
    of whose cases has a place (``placed``) lives in that unit (``current_unit``)."""
    placed = placed or {}
    groups: dict[str, list[CaseState]] = {}
    for state in waiting(states, placed):
        key = state.case_id if state.family is None else f"family:{state.family.group_id}"
        groups.setdefault(key, []).append(state)
    made: list[Household] = []
    cases: dict[str, list[str]] = {}
    skipped: list[Skipped] = []
    for key, group in groups.items():
        household, reason = _household(key, group, day, placed)
        lives = next((placed[s.case_id] for s in group if s.case_id in placed), None)
        if household is not None and lives is not None:
            household = household.model_copy(update=_staying(household, lives))
        if household is None:
            skipped += [Skipped(s.case_id, reason) for s in group]
        else:
            made.append(household)
            cases[household.id] = [s.case_id for s in group]
    return made, cases, skipped


def _staying(household: Household, lives: Lodging) -> dict[str, str]:
    """What a household that lives somewhere brings to a move: its current unit, and, when a
    member is of school age, the municipality of the school the children go to (the site's:
    school continuity, a soft goal of placement)."""
    update = {"current_unit": lives.unit}
    if household.school_age and lives.municipality is not None:
        update["school_municipality"] = lives.municipality
    return update


def _household(
    key: str, group: list[CaseState], day: date, placed: Mapping[str, Lodging]
) -> tuple[Household | None, str]:
    first = group[0]
    members: list[Member] = []
    for state in group:
        member = member_of(state, day)
        if member is None:
            return None, "no date of birth or age is recorded"
        members.append(member)
    members += _listed(first)
    if len(members) >= 2:
        composition = "family"
    elif members[0].age >= ADULT:
        composition = "single-adult"
    elif first.facts.unaccompanied:
        composition = "uam"
    else:
        return None, "a minor alone whose case does not record whether they are unaccompanied"
    phase = phase_of(first)
    household = Household(
        id=key,
        members=tuple(members),
        composition=composition,  # type: ignore[arg-type]  # one of the three literals
        needs=needs_of(group),
        phase=phase,
        ind_office=ind_office_of(group) if phase in IN_PROCEDURE else None,
        tie_municipalities=ties_of(group, placed),
    )
    return household, ""


def ind_office_of(group: Sequence[CaseState]) -> str | None:
    """The IND office of the first case (by id) of ``group`` that has one."""
    return next(
        (s.ind_office for s in sorted(group, key=lambda s: s.case_id) if s.ind_office), None
    )


def ties_of(group: Sequence[CaseState], placed: Mapping[str, Lodging]) -> tuple[str, ...]:
    """The municipalities (CBS codes, sorted) where the household's relatives live: those the
    family listings name with a municipality, and the sites of relatives with a place."""
    ours = {s.case_id for s in group}
    found: set[str] = set()
    for state in group:
        for m in state.family.members if state.family is not None else ():
            if m.municipality is not None:
                found.add(m.municipality)
            lodging = placed.get(m.case_id) if m.case_id and m.case_id not in ours else None
            if lodging is not None and lodging.municipality is not None:
                found.add(lodging.municipality)
    return tuple(sorted(found))


def _listed(state: CaseState) -> list[Member]:
    """The family members listed in ``state`` who have no case of their own and are here, with
    the household (not living in a municipality of their own)."""
    if state.family is None:
        return []
    return [
        Member(age=0 if m.relation == "child" else ADULT, sex="X")
        for m in state.family.members
        if m.case_id is None
        and (m.member_state is None or m.member_state == HERE)
        and m.municipality is None
    ]


def units_and_sites(sites: Iterable[SiteState]) -> tuple[list[Unit], list[Site]]:
    """The solver's units and sites of the open sites (units that are not closed)."""
    units: list[Unit] = []
    placed: list[Site] = []
    for site in sorted(sites, key=lambda s: s.site_id):
        if site.status != "open":
            continue
        placed.append(
            Site(
                id=site.site_id,
                municipality=site.municipality,
                location_type=site.location_type,  # type: ignore[arg-type]  # a regime's code
                coordinates=site.coordinates,
            )
        )
        for u in site.units:
            if u.closed:
                continue
            a = u.attributes
            ages = None
            if a.uam and a.age_min is not None and a.age_max is not None:
                ages = AgeRange(age_min=a.age_min, age_max=a.age_max)
            units.append(
                Unit(
                    id=f"{site.site_id}/{u.unit_id}",
                    site=site.site_id,
                    location_type=site.location_type,  # type: ignore[arg-type]
                    capacity=u.capacity,
                    occupancy=u.occupied,
                    uam=ages,
                    **a.model_dump(exclude={"uam", "age_min", "age_max"}),
                )
            )
    return units, placed
