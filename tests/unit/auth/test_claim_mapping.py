"""The claim mapping: the provider's groups to one organisation and role, or a refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.claim_mapping import (
    ClaimMapping,
    ClaimMappingError,
    Rule,
    UnmappedError,
    load_claim_mapping,
)
from migrationpact.auth.tokens import AuthenticationError

MAPPING = ClaimMapping(
    "groups",
    (
        Rule("ind-cw", Organisation.IND, Role.CASEWORKER),
        Rule("ind-all-cw", Organisation.IND, Role.CASEWORKER),
        Rule("ind-sup", Organisation.IND, Role.SUPERVISOR),
        Rule("coa-ta", Organisation.COA, Role.SITE_MANAGER, ("TER-APEL-COL",)),
    ),
)


def test_a_group_names_organisation_role_and_name() -> None:
    who = MAPPING.principal(
        {"sub": "u-1", "name": "Anna Jansen", "groups": ["all", "ind-cw"]}, via="session"
    )
    assert (who.subject, who.name, who.organisation, who.role, who.via) == (
        "u-1",
        "Anna Jansen",
        Organisation.IND,
        Role.CASEWORKER,
        "session",
    )
    assert who.sites == frozenset()


def test_a_single_string_claim_and_a_site_manager_with_sites() -> None:
    who = MAPPING.principal({"sub": "u-2", "groups": "coa-ta"}, via="token")
    assert (who.role, who.sites, who.name) == (
        Role.SITE_MANAGER,
        frozenset({"TER-APEL-COL"}),
        "u-2",  # no name claim: the subject
    )


def test_two_groups_meaning_the_same_are_one_answer() -> None:
    who = MAPPING.principal({"sub": "u-3", "groups": ["ind-cw", "ind-all-cw"]}, via="token")
    assert who.role is Role.CASEWORKER


def test_no_matching_group_or_disagreeing_groups_are_refused() -> None:
    with pytest.raises(UnmappedError, match="no rule") as none:
        MAPPING.principal({"sub": "u-4", "groups": ["all"]}, via="token")
    assert none.value.subject == "u-4"
    with pytest.raises(UnmappedError, match="disagree"):
        MAPPING.principal({"sub": "u-5", "groups": ["ind-cw", "ind-sup"]}, via="token")
    with pytest.raises(UnmappedError):
        MAPPING.principal({"sub": "u-6", "groups": [7, None]}, via="token")
    with pytest.raises(UnmappedError):
        MAPPING.principal({"sub": "u-7"}, via="token")


def test_a_missing_subject_is_refused() -> None:
    with pytest.raises(AuthenticationError, match='lacks the "sub" claim'):
        MAPPING.principal({"groups": ["ind-cw"]}, via="token")


@given(st.sets(st.sampled_from(["ind-cw", "ind-all-cw", "ind-sup", "coa-ta", "x", "y"])))
def test_a_person_is_let_in_exactly_when_their_groups_agree_on_one_role(
    groups: set[str],
) -> None:
    meanings = {(r.organisation, r.role) for r in MAPPING.rules if r.value in groups}
    try:
        who = MAPPING.principal({"sub": "p", "groups": sorted(groups)}, via="token")
    except UnmappedError:
        assert len(meanings) != 1
    else:
        assert meanings == {(who.organisation, who.role)}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mapping_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "claim: roles\nsubject_claim: preferred_username\nrules:\n"
        "  - {value: IND.Caseworker, organisation: IND, role: caseworker}\n"
        "  - {value: COA.TerApel, organisation: COA, role: site-manager, sites: [TER-APEL-COL]}\n",
    )
    mapping = load_claim_mapping(path)
    assert mapping.claim == "roles"
    assert mapping.subject_claim == "preferred_username"
    assert mapping.rules[1] == Rule(
        "COA.TerApel", Organisation.COA, Role.SITE_MANAGER, ("TER-APEL-COL",)
    )
    who = mapping.principal(
        {"sub": "opaque", "preferred_username": "anna", "roles": ["IND.Caseworker"]}, via="token"
    )
    assert who.subject == "anna"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("claim: g\nrules:\n  - {value: a, organisation: XYZ, role: caseworker}\n",
         "rule 1 (a): unknown organisation 'XYZ'"),
        ("claim: g\nrules:\n  - {value: a, organisation: IND, role: boss}\n",
         "rule 1 (a): unknown role 'boss'"),
        ("claim: g\nrules:\n  - {value: a, organisation: IND, role: caseworker}\n"
         "  - {value: a, organisation: COA, role: planner}\n",
         "rule 2: duplicate value 'a'"),
        ("claim: g\nrules:\n  - {value: a, organisation: COA, role: site-manager}\n",
         "rule 1 (a): a site manager (and only a site manager) names the sites"),
        ("claim: g\nrules:\n  - {value: a, organisation: IND, role: caseworker, sites: [X-1]}\n",
         "rule 1 (a): a site manager (and only a site manager) names the sites"),
        ("claim: g\nrules:\n  - {value: a, organisation: COA, role: site-manager, sites: [a b]}\n",
         "rule 1 (a): sites: 'a b' is not a site id"),
        ("claim: g\nrules:\n  - {value: a, organisation: IND, role: caseworker, colour: red}\n",
         "rule 1: colour: Extra inputs are not permitted"),
        ("claim: g\nrules: []\n", "expected claim, rules"),
        ("claim: 'a b'\nrules:\n  - {value: a, organisation: IND, role: caseworker}\n",
         "'a b' is not a claim name"),
        ("claim: [g\n", "not valid YAML"),
    ],
)  # fmt: skip
def test_a_bad_mapping_file_is_refused_in_one_line_naming_the_rule(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ClaimMappingError) as refused:
        load_claim_mapping(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_missing_mapping_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ClaimMappingError, match="cannot read the claim mapping"):
        load_claim_mapping(tmp_path / "nowhere.yaml")


def test_the_documented_example_is_a_valid_mapping() -> None:
    example = Path(__file__).resolve().parents[3] / "docs" / "examples" / "oidc-claims.yaml"
    mapping = load_claim_mapping(example)
    who = mapping.principal({"sub": "k", "groups": ["kmar-border-screening"]}, via="token")
    assert (who.organisation, who.role) == (Organisation.KMAR, Role.CASEWORKER)
