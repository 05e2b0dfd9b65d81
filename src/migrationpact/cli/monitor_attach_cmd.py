"""``migrationpact monitor``: attachments and key rotation at the command line.

- ``signal submit … --attach FILE`` (repeatable; ``read_attachments`` below) sends files with
  the signal; the type the file's extension names is its declared type, and the register checks
  the bytes against it. A refused file is one line, exit code 2, nothing written.
- ``file attachment REF N --body B --out PATH`` writes the keeping body's attachment N of the
  file (logged in the register's ``monitor_reads``); it never overwrites a file.
- ``keys rotate --body B``: a new key for the body, every data key of the body re-wrapped with
  it in one transaction, the old key file retired as ``<BODY>.key.retired-<id>`` (remove it
  once the register reads well with the new key). Stop the register's other writers first: a
  record written meanwhile with the old key stops the rotation before any key file moves.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.monitor_common import (
    BodyOption,
    Reference,
    errors,
    file_app,
    keys_app,
    known_body,
    open_register,
    principal,
    setting,
)

if TYPE_CHECKING:
    from migrationpact.monitoring.attachments import Upload

AttachOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--attach",
        help="A file to send with the signal: PDF, JPEG, PNG or plain text (repeatable).",
    ),
]


def read_attachments(paths: Sequence[Path] | None) -> list[Upload]:
    """The files of ``--attach``, each read to one byte past the register's limit."""
    from migrationpact.monitoring.attachments import Upload
    from migrationpact.monitoring.events import MAX_ATTACHMENT_BYTES

    found = []
    for path in paths or ():
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_ATTACHMENT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"--attach {path}: {exc.strerror or exc}") from None
        declared = mimetypes.guess_type(path.name)[0] or ""
        found.append(Upload(path.name, declared, data))
    return found


@keys_app.command("rotate")
def keys_rotate(ctx: typer.Context, body: BodyOption) -> None:
    """A new key for BODY; every data key of BODY re-wrapped with it, the old key retired."""
    from migrationpact.services.monitoring_attachments import rotate_body_key

    register = open_register(ctx, with_keys=False)
    with reported(*errors()):
        done = rotate_body_key(
            register=register, body=known_body(body), directory=setting(ctx).key_dir
        )
    retired = (
        f"; the old key is {done.retired}: remove it once the register reads well"
        if done.retired
        else ""
    )
    typer.echo(
        f"key of {body} rotated: {done.rewrapped} data keys re-wrapped with key {done.key_id} "
        f"({done.key_path}){retired}"
    )


@file_app.command("attachment")
def file_attachment(
    ctx: typer.Context,
    reference: Reference,
    number: Annotated[int, typer.Argument(help="Which attachment of the signal, from 1.")],
    body: BodyOption,
    out: Annotated[Path, typer.Option("--out", help="Where to write it (not over a file).")],
) -> None:
    """Write attachment NUMBER of the file's signal (the keeping body only)."""
    from migrationpact.services.monitoring_attachments import read_attachment

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        got = read_attachment(
            register=register, principal=who, body=body, reference=reference, number=number
        )
    try:
        with out.open("xb") as handle:
            handle.write(got.data)
    except OSError as exc:
        raise InputError(f"--out {out}: {exc.strerror or exc}") from None
    typer.echo(f"{got.attachment.name} ({got.attachment.media_type}, "
               f"{got.attachment.size_bytes} bytes) written to {out}")  # fmt: skip
