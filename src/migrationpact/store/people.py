"""The people of the cases: the ``case_people`` projection and finding cases by their person.

A case is about one person (``cases.models.Person``), known by the pseudonym the system gave
out, by a V-number once the IND issued one, and by their names. ``person_row`` is what
``case_people`` holds for a case (one row each, kept by the ``CasePeople`` projector and
recreated by a rebuild); ``search_text`` is the form names are compared in, so that "Haddad",
"haddad" and "Háddad" find the same person.

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

from sqlalchemy import ColumnElement, and_, false, func, or_

from migrationpact.cases.models import Person
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


def person_row(case_id: str, person: Person | None) -> dict[str, Any]:
    """The ``case_people`` row of a case whose person is ``person`` (None: not yet known)."""
    if person is None:
        return {"case_id": case_id, "pseudonym": None, "v_number": None, "names": "",
                "search_names": ""}  # fmt: skip
    names = " ".join(person.names)
    return {
        "case_id": case_id,
        "pseudonym": person.pseudonym,
        "v_number": person.v_number,
        "names": names,
        "search_names": search_text(names),
    }


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
