"""A Dutch page shows no English and no raw codes: every visible text of the main pages, checked.

The demo (its stories and a small population, so cases in many stages) is loaded once; each
demo role signs in with Dutch as its language and opens the pages it may open: the worklist,
case lists, the case page, the asylum account and event details of cases in different stages,
every event form, the rule list and rule pages, the route checker with a result, the access
log, the statistics, the new-case forms, and the error and refusal pages. Every visible text
(text nodes, option labels, and the ``title``, ``aria-label``, ``placeholder`` and ``alt``
attributes) is then checked three ways:

- it contains no English message id of the catalog (a text the pages translate, shown
  untranslated);
- it has no English words that Dutch does not have (``the``, ``with``, ``must`` …; free text a
  person recorded, such as a note, may be in any language, so words common there are not
  listed);
- it has no code-like token: a snake_case word, ``name=value``, or a kebab-case code the system
  uses (a choice, a stage, an organisation, a ground).

``test_every_message_has_a_dutch_translation`` in ``test_catalogs`` checks the other half: every
message id the code uses has a Dutch translation; here the rule book's own texts (consequences,
conditions, notes) are checked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy import select

from migrationpact.access.model import Organisation
from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import User, UserDirectory
from migrationpact.demo import load_demo
from migrationpact.demo.monitoring import demo_key_dir, demo_register, load_demo_signals
from migrationpact.demo.monitoring_case_reads import demo_read_keys
from migrationpact.demo.monitoring_indicators import load_demo_feed
from migrationpact.demo.users import DEMO_USERS, DemoUser
from migrationpact.law.legal_basis import INSTRUMENTS
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.inspections import inspection_references
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.tables import case_people
from migrationpact.web.forms import FORM_TYPES
from migrationpact.web.i18n import LOCALE_DIR
from migrationpact.web.labels import (
    CHOICE_LABELS,
    EXAMINATION_LABELS,
    PROCEDURE_LABELS,
    STAGE_LABELS,
)
from migrationpact.web.rules import rule_book_texts
from tests.integration.web.conftest import BASE_URL, hidden, sign_in
from tests.integration.web.world import PASSWORD
from tests.support.passwords import CHEAP

#: A Wednesday late enough for the demo population.
TODAY = date(2026, 12, 2)

#: Words of English that Dutch does not have (so "is", "of", "was", "open" are not here).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "which",
        "must",
        "from",
        "after",
        "before",
        "not",
        "this",
        "that",
        "are",
        "be",
        "been",
        "may",
        "cannot",
        "applies",
        "counted",
        "counting",
        "days",
        "weeks",
        "months",
        "working",
        "day",
        "month",
        "there",
        "where",
        "when",
        "would",
        "should",
        "could",
        "only",
        "also",
        "accelerated",
        "regular",
        "undetermined",
        "session",
        "granted",
        "denied",
        "refused",
        "decision",
        "border",
        "deadline",
        "lapsed",
        "cancelled",
        "suspended",
        "transfer",
        "request",
        "case",
        "rule",
        "screened",
        "registered",
        "lodged",
        "decided",
        "notified",
    ]
)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
KEY_VALUE = re.compile(r"\b[a-z][a-z0-9_]*=")
KEBAB = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")
WORD = re.compile(r"[A-Za-z]+")
#: A citation in the English form ("APR Art. 27(1)"); a Dutch page writes "art. 27, eerste lid".
ENGLISH_CITATION = re.compile(
    "(?:" + "|".join(re.escape(i.short) for i in INSTRUMENTS.values()) + r") Art\. \d"
)
# A rule-set version or hash ("sha256:0e0be11c…", "88ba08cbcb00") is a code, not English,
# though its hex letters can spell a word ("be").
DIGEST = re.compile(r"\b(?:sha256:)?[0-9a-f]{12,}\b")


def _english_ids() -> set[str]:
    """The message ids the Dutch catalog translates into something else (English shown raw)."""
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="nl")
    found = set()
    for message in catalog:
        key = str(message.id[0] if isinstance(message.id, tuple) else message.id)
        text = message.string[0] if isinstance(message.string, tuple) else message.string
        # Only ids long enough not to be a Dutch word or a name as well ("Status", "IND").
        if key and text and text != key and " " in key.strip():
            found.add(re.sub(r"%\([a-z_]+\)[sd]", "\0", key))
    return found


def _known_codes() -> set[str]:
    """Codes the system uses that a page must show by their label."""
    codes = {*CHOICE_LABELS, *STAGE_LABELS, *PROCEDURE_LABELS, *EXAMINATION_LABELS}
    codes |= {o.value for o in Organisation}
    codes |= {key for key, _ in rule_book_texts().conditions}
    codes |= set(FORM_TYPES)
    return {c for c in codes if "-" in c or "_" in c}


class _Visible(HTMLParser):
    """The texts of a page a person sees or hears."""

    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
    SKIPPED = ("script", "style")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0
        self._skipped_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # lang="zxx" marks content in no language: the record as stored, shown verbatim.
        if tag in self.SKIPPED or ("lang", "zxx") in attrs:
            self._skipping += 1
            self._skipped_tags.append(tag)
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skipped_tags and tag == self._skipped_tags[-1]:
            self._skipped_tags.pop()
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipping:
            self.texts.append(text)


@dataclass
class Finder:
    """The English or code-like texts of the pages, by page."""

    english_ids: set[str] = field(default_factory=_english_ids)
    codes: set[str] = field(default_factory=_known_codes)
    allowed: set[str] = field(default_factory=set)
    found: dict[str, list[str]] = field(default_factory=dict)
    # The same texts (menus, headings, labels) come back on every page: each is checked once.
    _seen: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A text is compared only with the ids that share a word with it: each id is indexed by
        # the longest word inside one of its parts (not at a part's edge, where a filled-in
        # value may join it), so a text holding the part holds that word.
        self._by_word: dict[str, list[tuple[str, list[str]]]] = {}
        self._always: list[tuple[str, list[str]]] = []
        for english in self.english_ids:
            if not (parts := [p for p in english.split("\0") if len(p.strip()) > 12]):
                continue
            inner = [w.lower() for part in parts for w in WORD.findall(part)[1:-1]]
            if inner:
                self._by_word.setdefault(max(inner, key=len), []).append((english, parts))
            else:
                self._always.append((english, parts))

    def problems(self, text: str) -> list[str]:
        if text not in self._seen:
            self._seen[text] = self._problems(text)
        return self._seen[text]

    def _problems(self, text: str) -> list[str]:
        out = []
        plain = text
        for allowed in self.allowed:
            plain = plain.replace(allowed, "")
        words = {w.lower() for w in WORD.findall(plain)}
        candidates = [*self._always]
        for word in words & self._by_word.keys():
            candidates += self._by_word[word]
        for english, parts in candidates:
            if all(p in plain for p in parts):
                out.append(f"English text {english!r}")
        # Words in capitals are ids ("DEMO-BORDER-1"), not English.
        words = {w.lower() for w in WORD.findall(DIGEST.sub("", plain)) if not w.isupper()}
        if found := sorted(words & ENGLISH_WORDS):
            out.append(f"English words {found}")
        out += [f"English citation {m!r}" for m in ENGLISH_CITATION.findall(plain)]
        out += [f"code {m!r}" for m in SNAKE.findall(plain)]
        out += [f"code {m!r}" for m in KEY_VALUE.findall(plain)]
        out += [f"code {m!r}" for m in KEBAB.findall(plain) if m in self.codes]
        return out

    def problems_of(self, html: str) -> list[str]:
        """The problems of a page's visible texts, each with the text it is in."""
        parser = _Visible()
        parser.feed(html)
        return [
            f"{problem} in {text[:160]!r}"
            for text in parser.texts
            for problem in self.problems(text)
        ]

    def check(self, page: str, html: str) -> None:
        for problem in self.problems_of(html):
            self.found.setdefault(page, []).append(problem)


@dataclass(frozen=True)
class Demo:
    app: object
    store: EventStore
    case_ids: dict[str, str]  # a case id by stage
    monitor_files: tuple[str, ...] = ()  # the demo register's files, of both bodies
    inspections: tuple[str, ...] = ()  # the demo register's inspections, of both bodies


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    path: Path = tmp_path_factory.mktemp("dutch") / "demo.db"
    url = f"sqlite:///{path}"
    service.upgrade_database(url)
    store = service.open_store(url)
    load_demo(store=store, today=TODAY, cases=40, per_story=1)
    hashed = CHEAP.hash(PASSWORD)
    users = UserDirectory(
        [
            User(u.username, u.name, u.organisation, u.role, hashed, "nl", u.sites)
            for u in DEMO_USERS
        ]
    )
    key_dir = demo_key_dir(path.parent)
    # Every demo user signs in, some several times, from one test client within a minute: more
    # than the default rate per client (20 a minute), which is not what these tests are about.
    settings = ServiceSettings(
        database_url=url, cookie_secure=True, monitor_key_dir=key_dir, signin_rate=1000
    )
    register = demo_register(path.parent)
    signals = load_demo_signals(register)
    load_demo_feed(register, store)  # the indicators page's figures
    patch = pytest.MonkeyPatch()  # the monitors' reads sealed to the demo's keys, as serve --demo
    for name, value in demo_read_keys(key_dir).items():
        patch.setenv(name, value)
    services = Services.build(
        settings,
        store=store,
        users=users,
        issuer=DevIssuer.generate(issuer=settings.public_url),
        register=register,
    )
    by_stage: dict[str, str] = {}
    for summary in service.list_cases(store=store, limit=1000):
        by_stage.setdefault(summary.stage, summary.case_id)
    files = tuple(ref for refs in signals.files.values() for ref in refs)
    visits = tuple(ref for body in BODIES for ref in inspection_references(register, body))
    yield Demo(create_app(settings, services=services), store, by_stage, files, visits)
    store.engine.dispose()
    register.engine.dispose()
    patch.undo()


def _signed_in(demo: Demo, username: str) -> TestClient:
    return sign_in(TestClient(demo.app, base_url=BASE_URL), username)  # type: ignore[arg-type]


def _pages(demo: Demo) -> list[str]:
    cases = sorted(set(demo.case_ids.values()))
    pages = ["/", "/worklist", "/cases", "/access-log", "/statistics"]
    pages += ["/cases/new", "/cases/new/application_made", "/cases/new/screening_started"]
    pages += ["/cases/C-ONBEKEND"]
    for case_id in cases:
        pages += [f"/cases/{case_id}", f"/cases/{case_id}/account", f"/cases/{case_id}/events/1"]
    # finding work, what a step changed, the exceeded limits, a person's cases
    pages += ["/cases?q=a&overdue=true&sort=nextDue", "/worklist?sort=stage&overdue=true"]
    pages += [f"/cases/{case_id}?recorded=2" for case_id in cases]
    pages += ["/exceeded-limits", "/exceeded-limits?kind=met-late&kind=lapsed&kind=overdue"]
    with demo.store.engine.connect() as conn:
        pseudonym = conn.execute(
            select(case_people.c.pseudonym).where(case_people.c.pseudonym.is_not(None)).limit(1)
        ).scalar_one()
    pages += [f"/people/{pseudonym}"]
    # COA's reception pages (the demo's network: a Dublin site waiting for consent, minors' units)
    pages += ["/reception/worklist", "/reception/worklist?need=place&overdue=true"]
    pages += ["/reception/sites", "/reception/sites?type=DOL", "/reception/placement"]
    pages += [f"/reception/sites/{site}" for site in RECEPTION_SITES]
    # the charts: the plan (a site held back for consent), occupancy by each grouping, the need
    pages += ["/reception/plan", "/reception/plan?months=0", "/reception/need"]
    pages += ["/reception/occupancy", "/reception/occupancy?by=site&every=week"]
    pages += ["/reception/occupancy?by=regime", "/reception/occupancy?every=hour"]
    # The monitoring register (the demo monitors open them; everyone else gets "not found")
    pages += ["/monitoring", "/monitoring/closed", "/monitoring/intake"]
    pages += ["/monitoring/indicators", "/monitoring/indicators?period=month"]
    pages += ["/monitoring/case-reads", f"/monitoring/case-reads?case_id={cases[0]}"]
    pages += [f"/monitoring/files/{reference}" for reference in demo.monitor_files]
    pages += ["/monitoring/report", "/monitoring/report?scope=joint&public=1"]
    pages += ["/monitoring/inspections"]
    pages += [f"/monitoring/inspections/{reference}" for reference in demo.inspections]
    # the chain twin (the analyst): the demo's finished run, compared with itself, in the plan
    pages += ["/twin/runs", "/twin/runs/1", "/twin/runs/compare?base=1&alt=1"]
    pages += ["/twin/runs/99", "/reception/plan?twinRun=1"]
    return pages


def test_the_demo_has_cases_in_many_stages(demo: Demo) -> None:
    assert len(demo.case_ids) >= 6, demo.case_ids


#: Sites of the demo network whose pages are checked: a central location with a minors' unit, a
#: Dublin site still waiting for its municipality's consent, an AZC with special units.
RECEPTION_SITES = ("TER-APEL-COL-AMV", "DOL-BUDEL", "AZC-AMSTERDAM")

#: Pages that are the same for everybody signed in (the rule book): checked as the first user.
SHARED_PAGES = ("/rules", "/route", "/rules/APR-13", "/rules/AMMR-01", "/rules/APR-14",
                "/rules/SCR-01", "/rules/XX-99")  # fmt: skip


@pytest.fixture(scope="module")
def finder() -> Finder:
    """One finder for every user's pages: a text seen on an earlier page is not checked again."""
    return Finder(allowed={u.username for u in DEMO_USERS})


#: The event forms are the same within an organisation (or refused): all of them are opened by
#: the organisation's first user, the others open one.
FIRST_OF_ORGANISATION = {
    next(u for u in DEMO_USERS if u.organisation == org).username
    for org in {u.organisation for u in DEMO_USERS}
}


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda u: u.username)
def test_no_english_and_no_codes_on_the_dutch_pages(
    demo: Demo, finder: Finder, user: DemoUser
) -> None:
    forms = [f"/cases/{min(demo.case_ids.values())}/record/{t}" for t in FORM_TYPES]
    client = _signed_in(demo, user.username)
    visited = _pages(demo) + (forms if user.username in FIRST_OF_ORGANISATION else forms[:1])
    shared = SHARED_PAGES if user == DEMO_USERS[0] else ()
    found: dict[str, list[str]] = {}
    for page in (*visited, *shared):
        for problem in finder.problems_of(client.get(page).text):
            found.setdefault(problem, []).append(page)
    route = client.get("/route")
    if route.status_code == 200:
        answer = client.post(
            "/route",
            data={
                "csrf_token": hidden(route.text, "csrf_token"),
                "entry": "border-crossing-point",
                "nationality": "SYR",
                "date_of_application": "2026-11-02",
                "security_risk": "no",
                "misled_authorities": "yes",
            },
        )
        for problem in finder.problems_of(answer.text):
            found.setdefault(problem, []).append("POST /route")
    client.close()
    report = sorted(f"{problem} (on {pages[0]})" for problem, pages in found.items())
    assert not report, f"{len(report)} problems:\n" + "\n".join(report[:300])


def test_the_pages_say_it_in_dutch(demo: Demo) -> None:
    """The other side of the check above: the derivation, the citations, the rule page and the
    routing explanation are there, in Dutch (so the check is not passing on empty pages)."""
    client = _signed_in(demo, "ind-supervisor")
    case = client.get(f"/cases/{demo.case_ids['registered']}").text
    assert "De dag van de gebeurtenis" in case
    assert "telt niet mee" in case
    assert "Procedureverordening" in case
    rule = client.get("/rules/APR-16").text
    assert "max. 12 weken" in rule
    assert "Telling" in rule
    assert "Procedureverordening" in rule
    account = client.get(f"/cases/{demo.case_ids['registered']}/account").text
    assert "Welke regels op deze zaak van toepassing zijn" in account
    log = client.get("/access-log").text
    assert "zaak gelezen" in log
    client.close()


def test_the_rule_books_texts_have_dutch_translations() -> None:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="nl")
    texts = rule_book_texts()
    missing = [t for t in texts.all() if not getattr(catalog.get(t), "string", None)]
    assert not missing, "add these to the Dutch catalog:\n" + "\n".join(sorted(missing))


def test_the_reception_pages_say_it_in_dutch(demo: Demo) -> None:
    """The reception pages the check above visits are there for COA, with content, in Dutch."""
    client = _signed_in(demo, "coa-planner")
    sites = client.get("/reception/sites")
    assert sites.status_code == 200
    assert "Asielzoekerscentrum" in sites.text
    assert "Amsterdam" in sites.text
    planned = client.get("/reception/sites/DOL-BUDEL").text
    assert "Dublinonderdaklocatie" in planned
    assert "Locatie geregistreerd" in planned
    worklist = client.get("/reception/worklist")
    assert worklist.status_code == 200
    assert "Een opvangplek" in worklist.text
    proposal = client.get("/reception/placement")
    assert proposal.status_code == 200
    assert "Huishouden" in proposal.text
    assert "punten" in proposal.text
    plan = client.get("/reception/plan").text
    assert "Benodigde plaatsen en capaciteit op locaties met instemming" in plan  # the chart
    assert "Niet meegetelde locaties" in plan
    occupancy = client.get("/reception/occupancy?by=regime").text
    assert "noodopvang" in occupancy
    assert "Aandeel noodopvang" in occupancy
    client.close()


def test_the_twin_pages_say_it_in_dutch(demo: Demo) -> None:
    """The analyst finds the demo's finished run, with its tables, in Dutch."""
    client = _signed_in(demo, "analyst")
    runs = client.get("/twin/runs").text
    assert "Doorrekening 1" in runs
    assert "Klein: 2 procent van de basisinstroom" in runs
    run = client.get("/twin/runs/1").text
    assert "Klaar" in run
    assert "Eerste aanvragen" in run
    assert "Uitkomsten over de hele periode: gemiddelde en band (95 procent)" in run
    assert "jul 2026" in run
    plan = client.get("/reception/plan?twinRun=1").text
    assert "doorrekening 1 van de ketentweeling" in plan
    client.close()


@pytest.mark.parametrize("username", ["inspectie-monitor", "crm-monitor"])
def test_the_demo_monitors_see_their_register_in_dutch(demo: Demo, username: str) -> None:
    client = _signed_in(demo, username)
    worklist = client.get("/monitoring")
    assert worklist.status_code == 200
    assert "Werkvoorraad monitoring" in worklist.text
    mine = [ref for ref in demo.monitor_files if ref in worklist.text]
    assert len(mine) == 3  # the demo gives each body three files
    page = client.get(f"/monitoring/files/{mine[0]}")
    assert page.status_code == 200
    assert "Signaal ontvangen" in page.text
    assert "Toegewezen door de intake" in page.text
    report = client.get("/monitoring/report?scope=joint")
    assert report.status_code == 200
    assert "van het monitoringsmechanisme" in report.text
    assert "Signalen naar fase" in report.text
    assert "Aanbevelingen naar instantie" in report.text  # the inspections' section
    assert "Indicatoren uit de zaakgegevens" in report.text
    assert 'id="report-indicator-' in report.text  # the demo feed's indicators, as tables
    # The inspections (same sign-in: the demo's sign-in rate is the default one).
    listed = client.get("/monitoring/inspections").text
    visits = [ref for ref in demo.inspections if ref in listed]
    assert len(visits) == 2  # the demo gives each body a visit done and one planned
    awaited = worklist.text.split('id="monitoring-responses"')[1].split("</table>")[0]
    visited = [ref for ref in visits if ref in awaited]
    assert len(visited) == 1  # one recommendation answered, one awaited
    shown = client.get(f"/monitoring/inspections/{visited[0]}").text
    assert "Bevindingen" in shown
    assert "overgenomen" in shown  # the response received
    assert "verwacht" in shown  # the response awaited
    client.close()


#: The register's own app (``monitor serve``): its sign-in and every page, as its demo users.
REGISTER_APP_PAGES = ("/monitoring", "/monitoring/closed", "/monitoring/intake",
                      "/monitoring/files/MON-2222-2222")  # fmt: skip


def test_the_registers_own_app_says_it_in_dutch(demo: Demo) -> None:
    from migrationpact.demo.monitoring_users import REGISTER_USERS
    from migrationpact.monitor_app import create_monitor_app
    from migrationpact.services.monitoring_serve import RegisterServices

    register = demo.app.state.services.monitor_register  # type: ignore[attr-defined]
    hashed = CHEAP.hash(PASSWORD)
    users = UserDirectory(
        [User(u.username, u.name, u.organisation, u.role, hashed, "nl") for u in REGISTER_USERS]
    )
    settings = ServiceSettings(database_url="sqlite:///nowhere/cases.db")
    app = create_monitor_app(
        settings, services=RegisterServices.build(settings, register=register, users=users)
    )
    finder = Finder(allowed={u.username for u in REGISTER_USERS})
    with TestClient(app, base_url=BASE_URL) as anonymous:
        finder.check("register /login", anonymous.get("/login?lang=nl").text)
    for user in REGISTER_USERS:
        with sign_in(TestClient(app, base_url=BASE_URL), user.username) as client:
            worklist = client.get("/monitoring").text
            assert "Werkvoorraad monitoring" in worklist
            assert "Monitoringsdossiers" in worklist  # the register's own menu
            files = [f"/monitoring/files/{ref}" for ref in demo.monitor_files]
            for page in (*REGISTER_APP_PAGES, *files):
                finder.check(f"register {user.username} {page}", client.get(page).text)
    report = sorted(f"{p} (on {page})" for page, found in finder.found.items() for p in found)
    assert not report, f"{len(report)} problems:\n" + "\n".join(report[:100])
