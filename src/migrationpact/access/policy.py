"""The access policy: one table of who may do what, and which parts of a case they may see.

A request names an ``Action``; ``decide`` answers with a ``Decision`` that carries its reason, so
the refusal the user sees and the line in the access log say the same thing. A case is shown in
``Section``s (identity, reception, procedure, asylum account, …); ``sections`` names those the
principal's organisation and role may see, and ``access.views`` cuts a case, an event or a
reception place down to them. The policy is data: the two tables below are the whole of it,
and the matrix test tries every role on every action and field.

Which events an organisation may record is the one part kept elsewhere: each track of the case
domain declares, with each of its events, the organisations besides the IND that may record it
(``cases.catalogue``), so a new event brings its own line of policy. ``EVENT_TYPES`` is read off
that catalogue; so is ``SYSTEM_EVENTS``, the events only the system records (no person, the
IND included). This makes ``access`` depend on ``cases`` (never the other way round: a test
keeps the case domain free of ``access``); the policy guards actions on cases and already names
their sections and fields.

Least privilege, by organisation:

- IND examines the application: everything.
- KMar screens at the border: the person, the procedure and the deadlines, not the asylum
  account (interviews, decision grounds, the facts the procedure turned on).
- COA receives: what placement needs (person, family, reception facts, procedure, deadlines).
- DTenV returns and transfers: person, procedure, deadlines, timeline.
- A legal counsellor: everything, of the cases assigned to them only.
- The monitoring bodies (Inspectie JenV, College voor de Rechten van de Mens): read-only access
  to whole files for independent monitoring; they write nothing into a case.
- Ministry analysts: aggregates only, no case.

>>> from migrationpact.access.model import Organisation, Principal, Role
>>> coa = Principal(subject="coa-1", name="P", organisation=Organisation.COA, role=Role.PLANNER)
>>> decide(coa, Action.CASE_READ).allowed
True
>>> Section.ASYLUM_ACCOUNT in sections(coa)
False
>>> decide(coa, Action.EVENT_APPEND, event_type="decision_taken").reason
'COA may not record decision_taken events'
>>> ind = Principal(subject="ind-1", name="I", organisation=Organisation.IND, role=Role.CASEWORKER)
>>> decide(ind, Action.EVENT_APPEND, event_type="deadline_lapsed").reason
'only the system records deadline_lapsed events'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.cases.catalogue import Catalogue
from migrationpact.cases.events import CATALOGUE
from migrationpact.law.text import N_, Text


class Action(StrEnum):
    CASE_LIST = "case.list"
    CASE_READ = "case.read"
    CASE_CREATE = "case.create"
    EVENT_APPEND = "event.append"
    ASSIGN = "case.assign"
    WORKLIST_READ = "worklist.read"
    RULES_READ = "rules.read"
    ROUTE_CHECK = "route.check"
    PERIOD_COMPUTE = "period.compute"
    STATISTICS_READ = "statistics.read"
    ACCESS_LOG_READ = "accesslog.read"
    OVERSIGHT_EXCEEDED = "oversight.exceeded"
    RECEPTION_SITES_READ = "reception.sites.read"
    RECEPTION_SITES_WRITE = "reception.sites.write"
    RECEPTION_PLACE = "reception.place"
    RECEPTION_PLAN = "reception.plan"
    RECEPTION_NEED_READ = "reception.need.read"
    RECEPTION_WORKLIST = "reception.worklist"
    MONITORING_FILES = "monitoring.files"
    TWIN_RUN = "twin.run"
    PRIVACY_ERASE = "privacy.erase"
    PRIVACY_EXPORT = "privacy.export"


class Section(StrEnum):
    """The parts of a case file, from least to most sensitive."""

    SUMMARY = "summary"
    IDENTITY = "identity"
    RECEPTION = "reception"
    PROCEDURE = "procedure"
    DEADLINES = "deadlines"
    TIMELINE = "timeline"
    ASYLUM_ACCOUNT = "asylum_account"
    #: What COA's assessment of special reception needs found (RCD Art. 25): health data, for
    #: COA, its health partner (of the people referred to it) and the monitoring bodies only
    #: (``cases.reception``).
    HEALTH = "health"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


Org, R, S = Organisation, Role, Section
_ALL_SECTIONS = frozenset(Section)
#: Everything but the health section: the IND sees only whether COA saw first signs that special
#: procedural guarantees may be needed (APR Art. 20(2)), not the needs behind them.
_ALL_BUT_HEALTH = _ALL_SECTIONS - {Section.HEALTH}
_CASEWORK = frozenset({R.CASEWORKER, R.SUPERVISOR})

#: Which sections of a case each organisation sees (roles inside are narrowed by ``_ACTIONS``).
SECTIONS: Mapping[Organisation, frozenset[Section]] = {
    Org.IND: _ALL_BUT_HEALTH,
    Org.KMAR: frozenset({S.SUMMARY, S.IDENTITY, S.PROCEDURE, S.DEADLINES, S.TIMELINE}),
    Org.COA: frozenset({S.SUMMARY, S.IDENTITY, S.RECEPTION, S.PROCEDURE, S.DEADLINES, S.HEALTH}),
    Org.DTENV: frozenset({S.SUMMARY, S.IDENTITY, S.PROCEDURE, S.DEADLINES, S.TIMELINE}),
    Org.LEGAL_COUNSELLING: _ALL_BUT_HEALTH,
    # The health partner treats the person: who they are and what COA found, not the procedure.
    Org.GZA: frozenset({S.SUMMARY, S.IDENTITY, S.HEALTH}),
    Org.INSPECTIE: _ALL_SECTIONS,
    Org.CRM: _ALL_SECTIONS,
    Org.MINISTRY: frozenset(),
}

#: Which (organisation, role) pairs may take each action; anything not listed is refused.
_ACTIONS: Mapping[Action, frozenset[tuple[Organisation, Role]]] = {
    Action.CASE_LIST: frozenset(
        {(Org.IND, r) for r in _CASEWORK}
        | {(Org.KMAR, r) for r in _CASEWORK}
        | {(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR)}
        | {(Org.DTENV, r) for r in _CASEWORK}
        | {(Org.LEGAL_COUNSELLING, R.COUNSELLOR)}
        | {(Org.GZA, R.PRACTITIONER)}
        | {(Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR)}
    ),
    Action.CASE_CREATE: frozenset({(Org.IND, r) for r in _CASEWORK} | {(Org.KMAR, R.CASEWORKER)}),
    Action.ASSIGN: frozenset({(Org.IND, r) for r in _CASEWORK}),
    Action.WORKLIST_READ: frozenset(
        {(Org.IND, r) for r in _CASEWORK}
        | {(Org.KMAR, r) for r in _CASEWORK}
        | {(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR)}
        | {(Org.DTENV, r) for r in _CASEWORK}
    ),
    Action.STATISTICS_READ: frozenset(
        {(Org.MINISTRY, R.ANALYST), (Org.IND, R.SUPERVISOR), (Org.COA, R.SUPERVISOR)}
        | {(Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR)}
    ),
    Action.ACCESS_LOG_READ: frozenset(
        {(Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR), (Org.IND, R.SUPERVISOR)}
    ),
    # The list of exceeded limits (case ids, no names): for those who answer for meeting the
    # limits (the supervisors of the organisations that screen, examine and receive) and the
    # monitoring bodies (SR Art. 10, APR Art. 43); not for caseworkers or analysts.
    Action.OVERSIGHT_EXCEEDED: frozenset(
        {(Org.IND, R.SUPERVISOR), (Org.KMAR, R.SUPERVISOR), (Org.COA, R.SUPERVISOR)}
        | {(Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR)}
    ),
    # Reception sites and units (no personal data): COA keeps them, its planners (who place
    # people) and supervisors (who answer for the locations) record their events; COA's
    # caseworkers and the monitoring bodies read them.
    Action.RECEPTION_SITES_READ: frozenset(
        {(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR), (Org.COA, R.CASEWORKER)}
        | {(Org.COA, R.SITE_MANAGER), (Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR)}
    ),
    # A site manager changes only the sites they answer for (``_PER_SITE``).
    Action.RECEPTION_SITES_WRITE: frozenset(
        {(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR), (Org.COA, R.SITE_MANAGER)}
    ),
    # Proposing a place for the people waiting reads their cases (composition, needs, phase):
    # COA's planners, who place people, and its supervisors.
    Action.RECEPTION_PLACE: frozenset({(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR)}),
    # The Dublin shelter phase-in plan (counts only, no person): COA's planners and supervisors,
    # who build the places, the ministry's analysts, who answer for the phase-in, and the
    # monitoring bodies.
    Action.RECEPTION_PLAN: frozenset(
        {(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR), (Org.MINISTRY, R.ANALYST)}
        | {(Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR)}
    ),
    # The expected need for places: counts from the open cases, no case leaves the service.
    # COA's planners and supervisors plan with it; the ministry's analysts and the monitoring
    # bodies read it as they read the statistics.
    Action.RECEPTION_NEED_READ: frozenset(
        {(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR), (Org.MINISTRY, R.ANALYST)}
        | {(Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR)}
    ),
    # The reception worklist names the people who wait for COA (information, an assessment,
    # a place): for those who plan reception, as for placing.
    Action.RECEPTION_WORKLIST: frozenset({(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR)}),
    # The monitoring register (SR Art. 10, APR Art. 43): the monitors of the two bodies only,
    # each in its own body's files (``services.monitoring`` checks the body); no executing
    # organisation, ministry or counsellor.
    Action.MONITORING_FILES: frozenset({(Org.INSPECTIE, R.MONITOR), (Org.CRM, R.MONITOR)}),
    # The chain twin's runs (scenarios and simulated people, no case): the ministry's analysts,
    # who ask "what if"; a run takes the server's time, so not everyone who reads statistics.
    Action.TWIN_RUN: frozenset({(Org.MINISTRY, R.ANALYST)}),
    # Erasing a person after their retention period, and answering their request for access
    # (GDPR Art. 15, 17): the IND answers for the asylum file, its supervisors act for it.
    Action.PRIVACY_ERASE: frozenset({(Org.IND, R.SUPERVISOR)}),
    Action.PRIVACY_EXPORT: frozenset({(Org.IND, R.SUPERVISOR)}),
}
_ACTIONS = {**_ACTIONS, Action.CASE_READ: _ACTIONS[Action.CASE_LIST]}

#: The organisations that record every kind of event: the IND, the determining authority.
RECORDS_EVERY_EVENT = frozenset({Org.IND})


def recordable_events(catalogue: Catalogue) -> Mapping[Organisation, frozenset[str] | None]:
    """Which event types each organisation may record (None: every type), from the catalogue.

    Each track names, with each of its events, the organisations besides the IND that may
    record it (by their code); an organisation no event names records none.
    """
    unknown = catalogue.organisations - {org.value for org in Organisation}
    if unknown:
        raise ValueError(f"the event catalogue names unknown organisations: {sorted(unknown)}")
    return {
        org: None if org in RECORDS_EVERY_EVENT else catalogue.recordable_by(org.value)
        for org in Organisation
    }


#: Event types each organisation records; IND, the determining authority, records all of them
#: but the system's own.
EVENT_TYPES: Mapping[Organisation, frozenset[str] | None] = recordable_events(CATALOGUE)

#: Events no person records, of whatever organisation: the system's own (``deadline_lapsed``,
#: recorded by the lapse job).
SYSTEM_EVENTS: frozenset[str] = CATALOGUE.system_only

#: Roles that may write at all, per organisation.
_WRITERS = frozenset(
    {(Org.IND, r) for r in _CASEWORK}
    | {(Org.KMAR, r) for r in _CASEWORK}
    | {(Org.COA, R.PLANNER), (Org.COA, R.SUPERVISOR)}
    | {(Org.DTENV, r) for r in _CASEWORK}
    | {(Org.LEGAL_COUNSELLING, R.COUNSELLOR)}
)

#: Actions on non-personal data every signed-in person may take.
_OPEN = frozenset({Action.RULES_READ, Action.ROUTE_CHECK, Action.PERIOD_COMPUTE})

#: Purposes written to the access log, from the legal task of the organisation.
PURPOSES: Mapping[Organisation, str] = {
    Org.IND: N_("examination of the application (APR)"),
    Org.KMAR: N_("screening and border procedure (SR, APR)"),
    Org.COA: N_("reception and placement (RCD)"),
    Org.DTENV: N_("return and transfer (RBPR, AMMR)"),
    Org.LEGAL_COUNSELLING: N_("legal counselling (APR Art. 16-17)"),
    Org.GZA: N_("medical or psychological care after a referral (RCD Art. 25(2)(c))"),
    Org.INSPECTIE: N_("fundamental-rights monitoring (SR Art. 10, APR Art. 43)"),
    Org.CRM: N_("fundamental-rights monitoring (SR Art. 10, APR Art. 43)"),
    Org.MINISTRY: N_("statistics (aggregates only)"),
}

NOT_ASSIGNED = Text("the case is not assigned to you")
NOT_REFERRED = Text("COA has not referred this person to you with their consent")

#: Needs an assignment before a case can be read or written. For the health partner the
#: assignment is COA's referral: the latest assessment referred the person to a doctor or
#: psychologist, with their consent (RCD Art. 25(2)(c)); ``referred_only`` tells which.
_NEEDS_ASSIGNMENT = frozenset({(Org.LEGAL_COUNSELLING, R.COUNSELLOR), (Org.GZA, R.PRACTITIONER)})
_BY_REFERRAL = frozenset({Org.GZA})
#: Actions a site manager takes only on the sites they answer for (``Principal.sites``).
_PER_SITE = frozenset({Action.RECEPTION_SITES_WRITE})


def _who(principal: Principal) -> Text:
    return Text(
        "%(organisation)s %(role)s",
        organisation=principal.organisation.value,
        role=principal.role.value,
    )


#: The bodies of the independent monitoring mechanism (SR Art. 10, APR Art. 43(4)).
MONITORING_BODIES = frozenset({Org.INSPECTIE, Org.CRM})
#: The organisation a row of the access log names when a monitoring body's read is sealed in
#: it (``store.sealed_reads``): which body read, and what, only the register can open.
SEALED_READS = "monitoring-body"


def hidden_in_access_log(principal: Principal) -> frozenset[str]:
    """The organisations whose rows of the access log ``principal`` may not see.

    Nobody sees the sealed reads (``SEALED_READS``) here: they open in the register only, and
    would still tell the executing organisations when and how often the bodies read. Everyone
    but the bodies also misses the bodies' rows in clear (a lockout of a monitor's account,
    reads logged before the reads were sealed): a mechanism the monitored can watch is not
    independent. The bodies see the rest of the log."""
    if principal.organisation in MONITORING_BODIES:
        return frozenset({SEALED_READS})
    return frozenset({SEALED_READS, *(body.value for body in MONITORING_BODIES)})


def needs_assignment(principal: Principal) -> bool:
    """True when the principal sees only cases assigned to them."""
    return (principal.organisation, principal.role) in _NEEDS_ASSIGNMENT


def referred_only(principal: Principal) -> bool:
    """True when the principal's cases are those COA referred to their organisation (the health
    partner), not those assigned to them by name."""
    return principal.organisation in _BY_REFERRAL and needs_assignment(principal)


def decide(
    principal: Principal,
    action: Action,
    *,
    assigned: bool | None = None,
    event_type: str | None = None,
    site: str | None = None,
) -> Decision:
    """May ``principal`` take ``action``? ``assigned`` says whether the case is assigned to them
    (needed for counsellors); ``event_type`` names the event of an append; ``site`` the
    reception site a change is for (a site manager changes only their own)."""
    pair = (principal.organisation, principal.role)
    if action in _OPEN:
        return Decision(True, Text("open to every signed-in user"))
    if action is Action.EVENT_APPEND:
        return _decide_append(principal, event_type, assigned)
    if pair not in _ACTIONS.get(action, frozenset()):
        return Decision(
            False, Text("%(who)s may not %(action)s", who=_who(principal), action=action.value)
        )
    if pair in _NEEDS_ASSIGNMENT and action is Action.CASE_READ and not assigned:
        return Decision(False, NOT_REFERRED if referred_only(principal) else NOT_ASSIGNED)
    if action in _PER_SITE and principal.role is R.SITE_MANAGER and not _manages(principal, site):
        reason = Text("%(who)s does not manage site %(site)s", who=_who(principal), site=site)
        return Decision(False, reason)
    return Decision(True, Text("%(who)s may %(action)s", who=_who(principal), action=action.value))


def _manages(principal: Principal, site: str | None) -> bool:
    """Whether a site manager answers for ``site`` (None: no site named yet; the use case asks
    again for each site it changes)."""
    return site is None or site in principal.sites


def _decide_append(principal: Principal, event_type: str | None, assigned: bool | None) -> Decision:
    pair = (principal.organisation, principal.role)
    if pair not in _WRITERS:
        return Decision(False, Text("%(who)s may not record events", who=_who(principal)))
    if event_type in SYSTEM_EVENTS:
        return Decision(False, Text("only the system records %(event)s events", event=event_type))
    allowed = EVENT_TYPES[principal.organisation]
    if event_type is not None and allowed is not None and event_type not in allowed:
        return Decision(
            False,
            Text(
                "%(organisation)s may not record %(event)s events",
                organisation=principal.organisation.value,
                event=event_type,
            ),
        )
    if pair in _NEEDS_ASSIGNMENT and not assigned:
        return Decision(False, NOT_ASSIGNED)
    if event_type is None:
        return Decision(True, Text("%(who)s may record events", who=_who(principal)))
    return Decision(
        True, Text("%(who)s may record %(event)s", who=_who(principal), event=event_type)
    )


def sections(principal: Principal) -> frozenset[Section]:
    """The sections of a case file the principal may see (empty: no case at all)."""
    if not decide(principal, Action.CASE_LIST, assigned=True):
        return frozenset()
    return SECTIONS[principal.organisation]


def purpose(principal: Principal) -> str:
    return PURPOSES[principal.organisation]
