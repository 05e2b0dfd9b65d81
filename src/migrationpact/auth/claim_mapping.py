"""The claim mapping: which organisation and role a person from the identity provider has.

An identity provider knows people's groups (or app roles, or departments); this service needs
an ``access.model.Organisation`` and a ``Role``. The mapping file says which claim of the ID
token (and of the API's access tokens) holds those groups, and which group means which
organisation and role:

.. code-block:: yaml

    claim: groups                 # the claim: a string or a list of strings
    subject_claim: sub            # optional: the claim that names the person (default sub)
    rules:
      - value: ind-caseworkers    # a person whose "groups" holds this value …
        organisation: IND         # … is an IND caseworker
        role: caseworker
      - value: coa-ter-apel
        organisation: COA
        role: site-manager
        sites: [TER-APEL-COL]     # a site manager's sites (role site-manager only, required)

A person matches the rules whose ``value`` is among the claim's values. Exactly one
organisation and role must come out: no matching rule, or rules that disagree, refuse the
sign-in (``UnmappedError``, an ``AuthenticationError``), so nobody is let in with a guessed
role. The file is checked as a whole when it is read (``load_claim_mapping``): an unknown
organisation or role, a duplicate value, a bad site id or an unknown field is refused with a
``ClaimMappingError`` whose one line names the file and the rule.

>>> mapping = ClaimMapping("groups", (Rule("ind-cw", Organisation.IND, Role.CASEWORKER),))
>>> mapping.principal({"sub": "u-1", "groups": ["all", "ind-cw"]}, via="session").role
<Role.CASEWORKER: 'caseworker'>
>>> try:
...     mapping.principal({"sub": "u-2", "groups": ["all"]}, via="session")
... except UnmappedError as refused:
...     print(refused)
no rule of the claim mapping matches the "groups" claim
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.auth.tokens import AuthenticationError
from migrationpact.auth.users import organisation_and_role
from migrationpact.reception.sites.events import ID as SITE_ID

_SITE_ID = re.compile(SITE_ID)
_CLAIM = re.compile(r"^[A-Za-z0-9_:/.\-]{1,200}$")


class ClaimMappingError(ValueError):
    """The mapping file cannot be used; the message is one line naming the file and rule."""


class UnmappedError(AuthenticationError):
    """The person's claims name no organisation and role this service knows."""

    def __init__(self, message: str, subject: str) -> None:
        super().__init__(message)
        #: Who was refused (the provider's subject, never a secret), for the log.
        self.subject = subject


@dataclass(frozen=True)
class Rule:
    """A claim value and the organisation and role it stands for."""

    value: str
    organisation: Organisation
    role: Role
    sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimMapping:
    """Maps the ``claim`` of verified claims to one organisation and role by ``rules``."""

    claim: str
    rules: tuple[Rule, ...]
    subject_claim: str = "sub"

    def principal(self, claims: Mapping[str, Any], *, via: str) -> Principal:
        """The principal the verified ``claims`` name; ``UnmappedError`` if none or several."""
        subject = claims.get(self.subject_claim)
        if not isinstance(subject, str) or not subject.strip():
            raise AuthenticationError(f'token lacks the "{self.subject_claim}" claim')
        values = _values(claims.get(self.claim))
        matched = {(r.organisation, r.role, r.sites) for r in self.rules if r.value in values}
        if not matched:
            raise UnmappedError(
                f'no rule of the claim mapping matches the "{self.claim}" claim', subject
            )
        if len(matched) > 1:
            raise UnmappedError(
                f'rules of the claim mapping disagree on the "{self.claim}" claim '
                "(several organisations or roles)",
                subject,
            )
        organisation, role, sites = matched.pop()
        name = claims.get("name")
        return Principal(
            subject=subject.strip()[:128],
            name=name.strip() if isinstance(name, str) and name.strip() else subject.strip(),
            organisation=organisation,
            role=role,
            via=via,
            sites=frozenset(sites),
        )


def _values(raw: object) -> frozenset[str]:
    if isinstance(raw, str):
        return frozenset({raw})
    if isinstance(raw, list):
        return frozenset(item for item in raw if isinstance(item, str))
    return frozenset()


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    value: str = Field(min_length=1, max_length=256)
    organisation: str
    role: str
    sites: list[str] = Field(default_factory=list, max_length=200)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    claim: str = Field(min_length=1)
    subject_claim: str = "sub"
    rules: list[Any] = Field(min_length=1)


def load_claim_mapping(path: Path) -> ClaimMapping:
    """Read and check the mapping file at ``path``; ``ClaimMappingError`` on any mistake."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClaimMappingError(f"{path}: cannot read the claim mapping: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ClaimMappingError(f"{path}: not valid YAML") from exc
    try:
        document = _File.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise ClaimMappingError(
            f"{path}: expected claim, rules (and optionally subject_claim): {where}: {first['msg']}"
        ) from exc
    for name in (document.claim, document.subject_claim):
        if not _CLAIM.match(name):
            raise ClaimMappingError(f"{path}: {name!r} is not a claim name")
    rules: list[Rule] = []
    for number, item in enumerate(document.rules, start=1):
        rule = _rule(path, number, item)
        if any(known.value == rule.value for known in rules):
            raise ClaimMappingError(f"{path}: rule {number}: duplicate value {rule.value!r}")
        rules.append(rule)
    return ClaimMapping(document.claim, tuple(rules), document.subject_claim)


def _rule(path: Path, number: int, item: Any) -> Rule:
    label = f"rule {number}"

    def bad(message: str) -> ClaimMappingError:
        return ClaimMappingError(f"{path}: {label}: {message}")

    if not isinstance(item, dict):
        raise bad("expected a mapping with value, organisation and role")
    try:
        entry = _Rule.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "rule"
        raise bad(f"{where}: {first['msg']}") from exc
    label += f" ({entry.value})"
    try:
        organisation, role = organisation_and_role(entry.organisation, entry.role)
    except ValueError as exc:
        raise bad(str(exc)) from None
    sites = tuple(entry.sites)
    if (role is Role.SITE_MANAGER) != bool(sites):
        raise bad("a site manager (and only a site manager) names the sites they manage: sites")
    if bad_id := next((s for s in sites if not _SITE_ID.match(s)), None):
        raise bad(f"sites: {bad_id!r} is not a site id")
    return Rule(entry.value, organisation, role, sites)
