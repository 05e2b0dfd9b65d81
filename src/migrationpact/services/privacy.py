"""Retention, erasure and subject access (GDPR Art. 5(1)(e), 15 and 17) as use cases.

``due`` lists the cases whose personal data are due for erasure; ``erase`` erases one case's
person (``store.privacy``: the key is destroyed, the chain stays) and logs it: one access-log
row (``privacy.erase``, in the log's hash chain) and one structured log line, neither with
personal data. ``subject_access`` gathers what the store holds about the person of one case, in
a readable form with Dutch or English labels (``subject_access_html`` writes it as a page), and
logs the read. A principal, when given (a person signed in), must be allowed by the policy
(``Action.PRIVACY_ERASE``, ``Action.PRIVACY_EXPORT``); the command line's operator acts as the
store's operator (``cli.privacy_cmd``), whose read and erasure the access log names.
"""

from __future__ import annotations

import html
import logging
from datetime import date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.cases.events import CATALOGUE
from migrationpact.law.retention import RetentionFacts, erasure_due
from migrationpact.services.errors import refuse_unless
from migrationpact.services.translations import translations
from migrationpact.store.accesslog import log_operator_action
from migrationpact.store.errors import CaseNotFoundError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.privacy import DueCase, Erasure, due_cases, erase_case, erased_cases
from migrationpact.store.reseal import Reseal, reseal_cases

log = logging.getLogger("migrationpact.privacy")

#: The person's fields in the export, with their labels (message ids of the catalogs).
PERSON_LABELS = {
    "pseudonym": "Pseudonym",
    "v_number": "V-number",
    "names": "Names",
    "date_of_birth": "Date of birth",
    "place_of_birth": "Place of birth",
    "nationality": "Nationality",
    "sex": "Sex",
    "languages": "Languages",
}


def _allowed(principal: Principal | None, action: Action) -> None:
    if principal is not None:
        refuse_unless(principal, action)


def due(store: EventStore, *, on: date, principal: Principal | None = None) -> list[DueCase]:
    """The cases due for erasure on ``on`` (``store.privacy.due_cases``)."""
    _allowed(principal, Action.PRIVACY_ERASE)
    return due_cases(store, on=on)


def erase(
    store: EventStore,
    *,
    case_id: str,
    reason: str,
    on: date,
    operator: str,
    force_before_due: bool = False,
    principal: Principal | None = None,
) -> Erasure:
    """Erase the person of ``case_id`` and log it (see the module text)."""
    _allowed(principal, Action.PRIVACY_ERASE)
    actor = principal.actor if principal is not None else f"cli:{operator}"
    organisation = principal.organisation.value if principal is not None else "operator"
    done = erase_case(
        store, case_id=case_id, reason=reason, actor=actor, organisation=organisation, on=on,
        force_before_due=force_before_due,
    )  # fmt: skip
    log_operator_action(
        store.engine, operator=operator, action=Action.PRIVACY_ERASE.value,
        resource=f"case:{case_id}", purpose="erasure after retention (GDPR Art. 17)",
        case_id=case_id, fields=["person"],
    )  # fmt: skip
    # No case id or pseudonym in the log (they may name a case from a path): the erasure's row
    # in person_erasures, which the privacy officer reads, says which case it was.
    log.info(
        "person erased",
        extra={"fields": {"erasure": done.id, "rule_id": done.rule_id, "forced": done.forced}},
    )
    return done


def subject_access(
    store: EventStore, *, case_id: str, operator: str, principal: Principal | None = None
) -> dict[str, Any]:
    """What the store holds about the person of ``case_id`` (GDPR Art. 15), as plain data."""
    _allowed(principal, Action.PRIVACY_EXPORT)
    state = store.state(case_id)
    if state is None:
        raise CaseNotFoundError(case_id)
    records = store.records(case_id)
    erased = erased_cases(store).get(case_id)
    person = state.person.model_dump(mode="json") if state.person else {}
    if erased is not None:  # the fields read as erased; the surrogate birth date is no fact
        person["date_of_birth"] = None
    days = {r.type: r.occurred_at.date() for r in reversed(records)}  # each type's first
    retention = erasure_due(
        RetentionFacts(days.get("biometrics_taken"), days.get("application_registered"),
                       days.get("case_closed"))
    )  # fmt: skip
    log_operator_action(
        store.engine, operator=operator, action=Action.PRIVACY_EXPORT.value,
        resource=f"case:{case_id}", purpose="subject access (GDPR Art. 15)", case_id=case_id,
        fields=["person", "timeline", "payload"],
    )  # fmt: skip
    return {
        "legal_basis": "Regulation (EU) 2016/679 (GDPR), Art. 15",
        "case_id": case_id,
        "erased": erased is not None,
        "erased_at": erased.isoformat() if erased else None,
        "person": {k: person.get(k) for k in PERSON_LABELS},
        "stage": state.stage,
        "procedure": state.procedure,
        "retention": {
            "due_on": retention.due_on.isoformat() if retention.due_on else None,
            "rule_id": retention.rule_id,
            "verified": retention.verified,
            "steps": list(retention.steps),
        },
        "events": [
            {
                "seq": r.seq,
                "type": r.type,
                "occurred_at": r.occurred_at.isoformat(),
                "organisation": r.organisation,
                "details": r.payload,
            }
            for r in records
        ],
    }


def _text(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def subject_access_html(data: dict[str, Any], language: str) -> str:
    """The export of ``subject_access`` as one self-contained HTML page in ``language``."""
    t = translations(language).gettext
    e = html.escape
    rows = "".join(
        f"<tr><th>{e(t(label))}</th><td>{e(_text(data['person'].get(key)))}</td></tr>"
        for key, label in PERSON_LABELS.items()
    )
    erased = f"<p><strong>{e(t('Data erased'))}</strong></p>" if data["erased"] else ""
    labels = CATALOGUE.labels
    history = "".join(
        f"<tr><td>{ev['seq']}</td><td>{e(ev['occurred_at'])}</td>"
        f"<td>{e(t(labels.get(ev['type'], ev['type'])))}</td><td>{e(ev['organisation'])}</td>"
        f"<td><code>{e(_details(ev['details']))}</code></td></tr>"
        for ev in data["events"]
    )
    due_on = data["retention"]["due_on"] or "—"
    return (
        f'<!doctype html><html lang="{e(language)}"><head><meta charset="utf-8">'
        f"<title>{e(t('Subject access export'))} {e(data['case_id'])}</title></head><body>"
        f"<h1>{e(t('Subject access export'))}: {e(data['case_id'])}</h1>"
        f"<p>{e(data['legal_basis'])}</p>{erased}"
        f"<h2>{e(t('Person'))}</h2><table>{rows}</table>"
        f"<h2>{e(t('Retention'))}</h2><p>{e(t('Due for erasure on'))}: {e(due_on)}"
        f" ({e(data['retention']['rule_id'] or '—')})</p>"
        f"<h2>{e(t('History'))}</h2><table><tr><th>#</th><th>{e(t('Date'))}</th>"
        f"<th>{e(t('Event'))}</th><th>{e(t('Organisation'))}</th><th>{e(t('Details'))}</th>"
        f"</tr>{history}</table></body></html>\n"
    )


def _details(payload: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in payload.items() if v not in (None, [], {}, False))


def reseal(store: EventStore, *, operator: str, dry_run: bool = False) -> list[Reseal]:
    """Seal the personal fields recorded in clear before revision 0022 (``store.reseal``),
    an operator's act at the command line: each case is logged in the access log
    (``privacy.reseal``) and the whole in one log line, without case ids or names."""
    done = reseal_cases(store, actor=f"cli:{operator}", dry_run=dry_run)
    if dry_run:
        return done
    for case in done:
        log_operator_action(
            store.engine, operator=operator, action="privacy.reseal",
            resource=f"case:{case.case_id}", case_id=case.case_id, fields=["person"],
            purpose="personal data recorded in clear sealed, so that it can be erased",
        )  # fmt: skip
    log.info("cases resealed", extra={"fields": {"cases": len(done)}})
    return done
