"""``migrationpact privacy``: retention, erasure and subject access.

``privacy due [--on DAY] [--format table|json]`` lists the closed cases whose personal data
are due for erasure on a day (today unless told), with the retention rule that decided it
(``law.retention``). ``privacy erase CASE --reason TEXT`` erases the person of a case
(``store.privacy``: their data key is destroyed, their events and chain stay, their fields read
as erased), refusing before the due day unless ``--force-before-due``; it asks first unless
``--yes``, says what it did in one line, and logs it without personal data. ``privacy export
CASE --format json|html [--language nl|en]`` writes what the store holds about the person of a
case (GDPR Art. 15) to standard output. ``privacy rotate-key --old-key-file FILE`` wraps every
data key with the key-encryption key now in ``MIGRATIONPACT_DATA_KEY`` instead of the old one
(in the file, base64), all or nothing. ``privacy reseal [--dry-run] [--yes]`` seals the
personal fields that events recorded before sealing (revision 0022) hold in clear, rewriting
those cases' chains and recording the old and new heads (``store.reseal``); it runs as the
tables' owner (``MIGRATIONPACT_OWNER_DATABASE_URL`` unless ``--database``). Bad input or a
refusal: one line on standard error, exit code 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from migrationpact.cli.errors import InputError
from migrationpact.cli.operator import os_user
from migrationpact.cli.output import emit
from migrationpact.cli.store_common import DatabaseOption, parse_day, store_at, store_errors

app = typer.Typer(
    name="privacy",
    help="Retention, erasure and subject access of personal data.",
    no_args_is_help=True,
)

OnOption = Annotated[
    str | None, typer.Option("--on", help="The day (YYYY-MM-DD; default: today, Dutch time).")
]


@app.command("due")
def due(
    on: OnOption = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    database: DatabaseOption = None,
) -> None:
    """List the cases whose personal data are due for erasure."""
    from migrationpact.services import privacy

    if output not in ("table", "json"):
        raise InputError(f"--format must be table or json, not {output!r}")
    day = parse_day(on, "--on")
    store = store_at(database)
    with store_errors():
        found = privacy.due(store, on=day)
    lines = [f"{len(found)} case(s) due for erasure on {day.isoformat()}."]
    for case in found:
        mark = "" if case.due.verified else " [unverified rule]"
        lines.append(
            f"{case.case_id}  {case.pseudonym or '-'}  closed {case.closed_on}  due "
            f"{case.due.due_on}  {case.due.rule_id}{mark}"
        )
    data = {"on": day.isoformat(), "cases": [c.to_dict() for c in found]}
    emit(data, "\n".join(lines), as_json=output == "json")


@app.command("erase")
def erase(
    case_id: Annotated[str, typer.Argument(help="The case whose person is erased.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why (no names: the reason is kept in clear).")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    force_before_due: Annotated[
        bool, typer.Option("--force-before-due", help="Erase although the retention has not ended.")
    ] = False,
    on: OnOption = None,
    database: DatabaseOption = None,
) -> None:
    """Erase the personal data of a case's person by destroying their key."""
    from migrationpact.services import privacy

    if not reason.strip():
        raise InputError("--reason must say why (without names)")
    day = parse_day(on, "--on")
    store = store_at(database)
    if not yes and not typer.confirm(
        f"Erase the personal data of case {case_id}? This cannot be undone.", err=True
    ):
        raise InputError("not erased: not confirmed")
    with store_errors():
        done = privacy.erase(
            store, case_id=case_id, reason=reason, on=day, operator=os_user(),
            force_before_due=force_before_due,
        )  # fmt: skip
    typer.echo(done.line())


@app.command("export")
def export(
    case_id: Annotated[str, typer.Argument(help="The case whose person asked for access.")],
    output: Annotated[str, typer.Option("--format", help="json or html.")] = "json",
    language: Annotated[str, typer.Option("--language", help="nl or en (html).")] = "nl",
    database: DatabaseOption = None,
) -> None:
    """Write what the store holds about the person of a case (GDPR Art. 15)."""
    from migrationpact.services import privacy

    if output not in ("json", "html"):
        raise InputError(f"--format must be json or html, not {output!r}")
    if language not in ("nl", "en"):
        raise InputError(f"--language must be nl or en, not {language!r}")
    store = store_at(database)
    with store_errors():
        data = privacy.subject_access(store, case_id=case_id, operator=os_user())
    if output == "html":
        typer.echo(privacy.subject_access_html(data, language), nl=False)
    else:
        emit(data, "", as_json=True)


@app.command("rotate-key")
def rotate_key(
    old_key_file: Annotated[
        Path, typer.Option("--old-key-file", help="The old key-encryption key (base64).")
    ],
    database: DatabaseOption = None,
) -> None:
    """Wrap every data key with the key in MIGRATIONPACT_DATA_KEY instead of the old one."""
    import os

    from migrationpact.store.privacy import rotate_kek
    from migrationpact.store.sealing import KEK_VARIABLE, kek_from_environment

    if not os.environ.get(KEK_VARIABLE, "").strip():
        raise InputError(f"{KEK_VARIABLE} must hold the new key-encryption key")
    try:
        text = old_key_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(f"cannot read {old_key_file}: {exc.strerror}") from None
    store = store_at(database)
    with store_errors():
        old = kek_from_environment({KEK_VARIABLE: text})
        done = rotate_kek(store, old=old, new=kek_from_environment())
    typer.echo(f"rewrapped {done} data key(s) with the key in {KEK_VARIABLE}")


@app.command("reseal")
def reseal(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say which cases would be resealed; write nothing.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            help="The owner's database URL (default: $MIGRATIONPACT_OWNER_DATABASE_URL, else "
            "$MIGRATIONPACT_DATABASE_URL).",
        ),
    ] = None,
) -> None:
    """Seal the personal fields of events recorded in clear, rewriting their cases' chains."""
    from migrationpact.services import privacy
    from migrationpact.store.database import owner_url

    if output not in ("table", "json"):
        raise InputError(f"--format must be table or json, not {output!r}")
    store = store_at(owner_url(database))
    if (
        not dry_run
        and not yes
        and not typer.confirm(
            "Seal the personal fields recorded in clear and rewrite those cases' chains? "
            "Heads kept from before are recorded beside the new ones.",
            err=True,
        )
    ):
        raise InputError("not resealed: not confirmed")
    with store_errors():
        done = privacy.reseal(store, operator=os_user(), dry_run=dry_run)
    verb = "would be resealed" if dry_run else "resealed"
    lines = [f"{len(done)} case(s) {verb}."]
    lines += [
        f"{r.case_id}  {r.sealed} of {r.events} event(s) sealed  head {r.old_head[:12]}"
        + (f" -> {r.new_head[:12]}" if r.new_head else "")
        for r in done
    ]
    data = {"dry_run": dry_run, "cases": [r.to_dict() for r in done]}
    emit(data, "\n".join(lines), as_json=output == "json")
