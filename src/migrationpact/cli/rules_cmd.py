"""``migrationpact rules``: explore the rule book — which rules are in force, and what each says.

``rules list [--at DATE]`` lists the rules in force on a day with the rule-set version;
``rules show RULE`` shows every version of one rule with its legal basis, validity and
verification status. Unverified rules are marked ``UNVERIFIED`` in both.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.output import emit
from migrationpact.law.periods.moments import dutch_today
from migrationpact.law.rulebook import Rule, RuleBookError, RuleVersion, default_book
from migrationpact.law.rulebook.present import period_text, rule_summary, version_detail

app = typer.Typer(
    name="rules",
    help="Explore the rule book: rules in force, legal basis, validity, verification.",
    no_args_is_help=True,
)


def _marker(rule: Rule) -> str:
    return "" if rule.fully_verified() else "UNVERIFIED"


@app.command("list")
def list_rules(
    at: Annotated[
        str | None, typer.Option("--at", help="Day whose rules to list (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """List the rules in force on a day, with the rule-set version."""
    try:
        day = date.fromisoformat(at) if at else dutch_today()
    except ValueError:
        raise InputError(f"--at must be a date YYYY-MM-DD, got {at!r}") from None
    with reported(RuleBookError):
        rule_set = default_book().at(day)
    rules = list(rule_set)
    unverified = sum(1 for r in rules if not r.fully_verified())
    lines = [
        f"Rules in force on {day.isoformat()}: {len(rules)} ({unverified} UNVERIFIED)",
        f"Rule-set version: {rule_set.short_version} ({rule_set.version})",
    ]
    for rule in rules:
        cites = "; ".join(c.cite() for c in rule.legal_basis[:2])
        lines.append(
            f"  {rule.id:<10} {_marker(rule):<10} {period_text(rule):<36} {rule.title.en} [{cites}]"
        )
    data = {
        "at": day.isoformat(),
        "rule_set_version": rule_set.version,
        "rules": [rule_summary(r) for r in rules],
    }
    emit(data, "\n".join(lines), as_json=as_json)


def _describe(version: RuleVersion) -> list[str]:
    rule = version.rule
    status = "verified" if rule.fully_verified() else "UNVERIFIED"
    lines = [
        f"{rule.id} — {rule.title.en}",
        f"  ({rule.title.nl})",
        f"  Kind: {rule.kind.value}; period: {period_text(rule)}"
        + (f"; starts: {rule.start_event.value}" if rule.start_event else ""),
    ]
    if rule.counting:
        c = rule.counting
        regime = c.regime + (f" ({c.instrument})" if c.instrument else "")
        lines.append(f"  Counting: {regime}; reference end rule: {c.end_rule}")
        if not c.verified:
            lines.append(f"  UNVERIFIED counting: {c.note or ''}")
    lines.append("  Legal basis:")
    for citation in rule.legal_basis:
        d = citation.to_dict()
        lines.append(f"    {citation.cite()} — CELEX {d['celex'] or '—'}; {d['eli'] or 'no ELI'}")
    lines.append(f"  In force: {rule.validity()} (edition {version.source})")
    lines.append(
        f"  Status: {status} — reference Ver. {rule.verification.reference}; "
        f"source: {rule.verification.source}"
    )
    if rule.verification.note:
        lines.append(f"  Verification note: {rule.verification.note}")
    for label, value in (
        ("Extends", rule.extends),
        ("Implements", rule.implements),
        ("Replaces", ", ".join(rule.replaces)),
        ("Crisis derogation", rule.derogation),
        ("Only under a Council decision for", ", ".join(rule.situations)),
        ("Only under the initial decision in", ", ".join(rule.initial_decision_only)),
        ("Parts", ", ".join(rule.parts)),
        ("If missed", rule.consequence),
        ("Note", rule.note),
    ):
        if value:
            lines.append(f"  {label}: {value}")
    for condition in rule.conditions:
        lines.append(f"  Ground {condition.key}: {condition.text}")
    return lines


@app.command("show")
def show_rule(
    rule: Annotated[str, typer.Argument(help="Rule id, e.g. APR-13.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show every version of one rule: legal basis, validity and verification status."""
    with reported(RuleBookError):
        book = default_book()
        versions = book.versions(rule)
    lines: list[str] = []
    for version in versions:
        lines += _describe(version)
    data = {"rule": versions[0].rule.id, "versions": [version_detail(v) for v in versions]}
    emit(data, "\n".join(lines), as_json=as_json)
