"""The main menu and the start page: only the pages the signed-in person may use.

Each page of the menu names the policy's action that opens it; ``menu`` asks
``access.policy.decide`` for each, so a link is never shown to someone the page would refuse.
A legal counsellor sees only the cases assigned to them, so their case list is called
"My clients". COA's reception pages (worklist, sites, placement proposal, the Dublin
shelter plan, occupancy, the expected need) follow the oversight pages; the ministry's analysts
and the monitoring bodies see those that hold counts only; the chain twin's runs follow, for
the analysts. ``home`` is where a person lands
after sign-in: the worklist for organisations that have one, else the case list (counsellors,
monitors), else the statistics (analysts), else the rule book.

>>> from migrationpact.access.model import Organisation, Principal, Role
>>> analyst = Principal("a-1", "A", Organisation.MINISTRY, Role.ANALYST)
>>> [item.path for item in menu(analyst, "/statistics")]
['/statistics', '/reception/plan', '/reception/need', '/twin/runs', '/rules', '/route']
>>> home(analyst)
'/statistics'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide, needs_assignment, referred_only
from migrationpact.web.labels import N_


@dataclass(frozen=True)
class MenuItem:
    path: str
    label: str  # a message id
    current: bool


#: (path, label, action, paths that mark it current: exact paths, or prefixes ending in "/")
_PAGES: tuple[tuple[str, str, Action, tuple[str, ...]], ...] = (
    ("/worklist", N_("Worklist"), Action.WORKLIST_READ, ("/worklist",)),
    ("/cases", N_("Cases"), Action.CASE_LIST, ("/cases", "/cases/list")),
    ("/cases/new", N_("New case"), Action.CASE_CREATE, ("/cases/new", "/cases/new/")),
    ("/statistics", N_("Statistics"), Action.STATISTICS_READ, ("/statistics",)),
    ("/access-log", N_("Access log"), Action.ACCESS_LOG_READ, ("/access-log",)),
    ("/exceeded-limits", N_("Exceeded limits"), Action.OVERSIGHT_EXCEEDED, ("/exceeded-limits",)),
    # Reception (COA; the sites for the monitoring bodies too)
    (
        "/reception/worklist",
        N_("Reception worklist"),
        Action.RECEPTION_WORKLIST,
        ("/reception/worklist",),
    ),
    (
        "/reception/sites",
        N_("Reception sites"),
        Action.RECEPTION_SITES_READ,
        ("/reception/sites", "/reception/sites/"),
    ),
    (
        "/reception/placement",
        N_("Placement proposal"),
        Action.RECEPTION_PLACE,
        ("/reception/placement",),
    ),
    ("/reception/plan", N_("Dublin shelter plan"), Action.RECEPTION_PLAN, ("/reception/plan",)),
    (
        "/reception/occupancy",
        N_("Reception occupancy"),
        Action.RECEPTION_SITES_READ,
        ("/reception/occupancy",),
    ),
    ("/reception/need", N_("Expected need"), Action.RECEPTION_NEED_READ, ("/reception/need",)),
    # The chain twin's runs (the ministry's analysts)
    ("/twin/runs", N_("Chain twin"), Action.TWIN_RUN, ("/twin/runs", "/twin/runs/")),
    ("/rules", N_("Rule book"), Action.RULES_READ, ("/rules", "/rules/")),
    ("/route", N_("Route checker"), Action.ROUTE_CHECK, ("/route",)),
)
# The monitoring register (the two bodies' monitors only; docs/monitoring.md), before the rule
# book and the route checker, which close the menu for everyone.
_REGISTER = (
    "/monitoring",
    N_("Monitoring files"),
    Action.MONITORING_FILES,
    ("/monitoring", "/monitoring/"),
)
_PAGES = (*_PAGES[:-2], _REGISTER, *_PAGES[-2:])

MY_CLIENTS = N_("My clients")
MY_REFERRALS = N_("Referred to us")


def _is_current(path: str, marks: tuple[str, ...]) -> bool:
    return any(path == m or (m.endswith("/") and path.startswith(m)) for m in marks)


def case_list_label(principal: Principal) -> str:
    """ "My clients" for those who see only their assigned cases, "Referred to us" for the
    health partner, else "Cases"."""
    if referred_only(principal):
        return MY_REFERRALS
    return MY_CLIENTS if needs_assignment(principal) else N_("Cases")


def menu(principal: Principal, path: str) -> list[MenuItem]:
    """The menu of ``principal``, with the page at ``path`` marked current."""
    items = []
    for target, label, action, marks in _PAGES:
        if not decide(principal, action):
            continue
        shown = case_list_label(principal) if action is Action.CASE_LIST else label
        items.append(MenuItem(target, shown, _is_current(path, marks)))
    return items


def can_search(principal: Principal) -> bool:
    """Whether the header offers the case search (``/cases?q=``): to who may list cases."""
    return bool(decide(principal, Action.CASE_LIST))


def home(principal: Principal) -> str:
    """The first page of ``principal`` after sign-in."""
    for action, target in (
        (Action.WORKLIST_READ, "/worklist"),
        (Action.CASE_LIST, "/cases"),
        (Action.STATISTICS_READ, "/statistics"),
    ):
        if decide(principal, action):
            return target
    return "/rules"


@dataclass(frozen=True)
class Navigation:
    """An application's menu, header search and start page: the case system's by default; the
    monitoring register's own app (``monitor_app``) sets its own in ``app.state.navigation``."""

    menu: Callable[[Principal, str], list[MenuItem]] = menu
    search: Callable[[Principal], bool] = can_search
    home: Callable[[Principal], str] = home


def navigation_of(app: object) -> Navigation:
    """The navigation an application names in its ``state``, else the case system's."""
    found = getattr(getattr(app, "state", None), "navigation", None)
    return found if isinstance(found, Navigation) else Navigation()
