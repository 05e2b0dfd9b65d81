"""The people of the cases: the ``case_people`` projection and finding cases by their person.

A case is about one person (``cases.models.Person``), known by the pseudonym the system gave
out, by a V-number once the IND issued one, and by their names. ``person_row`` is what
``case_people`` holds for a case (one row each, kept by the ``CasePeople`` projector and
recreated by a rebuild); ``search_text`` is the form names are compared in, so that "Haddad",
"haddad" and "Háddad" find the same person.

The row also says whether COA referred the person to a doctor or psychologist of its health
partner (``health_referral``, from the latest assessment of special reception needs): the
health partner opens only those cases (``referred_cases``, ``is_referred``).

``matching`` is the condition of a search text ``q``: the case id (or its beginning), the
V-number, the pseudonym, and, only for those allowed to see names (``by_name``), every word of
``q`` at the start of a word of the names. A name search never runs for someone who may not
see the names: the caller decides, from the policy.

>>> search_text(" Amal  HÁDDAD-Noor ")
' amal haddad noor '
>>> person_row("C-1", None)["names"]
''
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, false, func, or_, select

from migrationpact.cases.models import Person
from migrationpact.cases.state import CaseState
from migrationpact.store.database import read_transaction
from migrationpact.store.tables import case_people

_NOT_WORD = re.compile(r"[\W_]+")
#: A V-number as typed: ten digits, perhaps with spaces or dots between groups.
_V_NUMBER = re.compile(r"^[\d .]+$")


def search_text(text: str) -> str:
    """``text`` as a search compares it: lower case, accents removed, words separated by one
    space, with a space at either end (so a word's start is ``" " + word``)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", plain.casefold()).split()
    return f" {' '.join(words)} " if words else ""


def person_row(case_id: str, person: Person | None, referral: str | None = None) -> dict[str, Any]:
    """The ``case_people`` row of a case whose person is ``person`` (None: not yet known) and
    whom COA referred to ``referral`` (None: not referred)."""
    if person is None:
        return {"case_id": case_id, "pseudonym": None, "v_number": None, "names": "",
                "search_names": "", "health_referral": referral}  # fmt: skip
    names = " ".join(person.names)
    return {
        "case_id": case_id,
        "pseudonym": person.pseudonym,
        "v_number": person.v_number,
        "names": names,
        "search_names": search_text(names),
        "health_referral": referral,
    }


def referral_of(state: CaseState) -> str | None:
    """Where the latest assessment referred the person (only ever with their consent: the
    assessment is refused otherwise), or None."""
    needs = state.reception_needs
    return None if needs is None else needs.referral


def referred_cases(engine: Engine) -> list[str]:
    """The cases whose person COA referred to its health partner, sorted."""
    p = case_people.c
    query = select(p.case_id).where(p.health_referral.is_not(None)).order_by(p.case_id)
    with read_transaction(engine) as conn:
        return list(conn.execute(query).scalars())


def is_referred(engine: Engine, *, case_id: str) -> bool:
    p = case_people.c
    query = select(exists().where(p.case_id == case_id, p.health_referral.is_not(None)))
    with read_transaction(engine) as conn:
        return bool(conn.execute(query).scalar())


def v_number_of(q: str) -> str | None:
    """The V-number ``q`` names, if it is one (ten digits, spaces and dots ignored).

    >>> v_number_of("555 938 2849"), v_number_of("Amal")
    ('5559382849', None)
    """
    digits = re.sub(r"\D", "", q)
    return digits if _V_NUMBER.match(q) and len(digits) == 10 else None


def matching(q: str, *, by_name: bool) -> ColumnElement[bool]:
    """The condition on ``case_people`` (and its ``case_id``) of a search for ``q``."""
    p = case_people.c
    wanted = q.strip()
    if not wanted:
        return false()
    found: list[ColumnElement[bool]] = [
        p.case_id == wanted,
        p.case_id.startswith(wanted, autoescape=True),
        func.lower(p.pseudonym) == wanted.lower(),
    ]
    v_number = v_number_of(wanted)
    if v_number is not None:
        found.append(p.v_number == v_number)
    words = search_text(wanted).split()
    if by_name and words:
        found.append(and_(*(p.search_names.contains(f" {w}", autoescape=True) for w in words)))
    return or_(*found)
