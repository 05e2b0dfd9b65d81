"""Backups that prove themselves: a copy of the store and a manifest of what it holds.

``backup`` writes the whole store to one file and, beside it, ``FILE.manifest.json``: the file's
SHA-256, the schema revision, and the head of every hash chain (each stream's last seq and hash,
and the access log's last row and hash) *as the copy holds them*. ``restore`` puts a copy back
and then reads the heads of the restored database: they must equal the manifest's, or the
restore is reported as failed. Together with ``audit verify`` (every chain recomputed, the
projections replayed) that proves the restored store is the one that was backed up, whole.

- **SQLite**: SQLite's online backup API copies the database page by page while the service
  runs (writers wait only for the moments a page is copied); the heads are then read from the
  copy itself. Restoring copies the file back the same way.
- **PostgreSQL**: ``pg_dump`` in its custom format, of the store's schema, run on a snapshot
  exported by a ``REPEATABLE READ`` transaction that reads the heads from the same snapshot, so
  the manifest describes exactly what the dump holds even while appends go on. Restoring runs
  ``pg_restore --clean --if-exists --no-owner --single-transaction``: all or nothing. Both
  programs must be on ``PATH`` (Debian: ``postgresql-client``, of the server's major version);
  without them the command says so in one line.

A restore refuses a database that already holds events unless told ``force``: restoring
replaces everything in it. A PostgreSQL dump is restored only into the schema it was taken
from (the URL's ``search_path`` must lead there), since its statements name that schema. Run a
restore with the service stopped (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, inspect, select, text
from sqlalchemy.engine import make_url

from migrationpact.store.database import database_url, make_engine, read_transaction, utc_now
from migrationpact.store.errors import StoreError
from migrationpact.store.hashing import GENESIS
from migrationpact.store.migrate import stored_revision
from migrationpact.store.tables import access_log, events

FORMAT = "migrationpact-backup/1"
MANIFEST_SUFFIX = ".manifest.json"
#: A chain's head: (stream kind, stream id, last seq, last hash).
Head = tuple[str, str, int, str]


class BackupError(StoreError):
    """A backup or a restore could not be made or did not prove itself; one line."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds: enough to prove a restore brought back exactly this."""

    backend: str
    made_at: str
    revision: str | None
    events: int
    heads: list[Head]
    access_log_rows: int
    access_log_head: str
    sha256: str = ""
    format: str = FORMAT
    file: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def streams(self) -> int:
        return len(self.heads)

    def same_record(self, other: Manifest) -> bool:
        """Whether ``other`` describes the same events and access log (not the same file)."""
        return (self.events, self.heads, self.access_log_rows, self.access_log_head) == (
            other.events, other.heads, other.access_log_rows, other.access_log_head,
        )  # fmt: skip

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "streams": self.streams}, indent=1) + "\n"

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BackupError(f"cannot read the manifest {path}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise BackupError(f"the manifest {path} is not JSON: {exc.msg}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{path} is not a manifest of {FORMAT}")
        data.pop("streams", None)
        data["heads"] = [(str(k), str(i), int(s), str(h)) for k, i, s, h in data["heads"]]
        return cls(**data)


def manifest_path(backup: Path) -> Path:
    """Where the manifest of ``backup`` lies: beside it, ``FILE.manifest.json``."""
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def read_heads(conn: Connection, backend: str) -> Manifest:
    """The chains' heads as ``conn`` sees them (a manifest without its file's hash)."""
    e = events.c
    last = (
        select(e.stream_type, e.case_id, func.max(e.seq).label("seq"))
        .group_by(e.stream_type, e.case_id)
        .subquery()
    )
    query = (
        select(last.c.stream_type, last.c.case_id, last.c.seq, e.hash)
        .join(
            events,
            and_(
                e.stream_type == last.c.stream_type,
                e.case_id == last.c.case_id,
                e.seq == last.c.seq,
            ),
        )
        .order_by(last.c.stream_type, last.c.case_id)
    )
    heads = [(str(k), str(i), int(s), str(h)) for k, i, s, h in conn.execute(query)]
    count = int(conn.execute(select(func.count()).select_from(events)).scalar_one())
    rows = int(conn.execute(select(func.count()).select_from(access_log)).scalar_one())
    head = conn.execute(select(access_log.c.hash).order_by(access_log.c.id.desc()).limit(1))
    return Manifest(
        backend=backend,
        made_at=utc_now().isoformat(timespec="seconds") + "Z",
        revision=stored_revision(conn),
        events=count,
        heads=heads,
        access_log_rows=rows,
        access_log_head=head.scalar_one_or_none() or GENESIS,
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def holds_events(engine: Engine) -> bool:
    """Whether the database has an ``events`` table with at least one row."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(events.name):
            return False
        return conn.execute(select(events.c.id).limit(1)).first() is not None


def backup(url: str | None, target: Path) -> Manifest:
    """Back the store at ``url`` up to ``target`` and write its manifest beside it."""
    resolved = database_url(url)
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"cannot write {target}: {target.parent} is not a directory")
    engine = make_engine(resolved)
    try:
        if not holds_events(engine) and stored_revision_of(engine) is None:
            raise BackupError(f"{_shown(resolved)} is not a migrated store: nothing to back up")
        if engine.dialect.name == "sqlite":
            manifest = _sqlite_backup(resolved, target)
        else:
            manifest = _postgres_backup(engine, resolved, target)
    finally:
        engine.dispose()
    manifest = _with_file(manifest, target)
    manifest_path(target).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def restore(url: str | None, source: Path, *, force: bool = False) -> Manifest:
    """Restore the backup ``source`` into the database at ``url`` and prove it: the restored
    heads must equal the manifest's. Refused over a database with events unless ``force``."""
    resolved = database_url(url)
    manifest = Manifest.read(manifest_path(source))
    if not source.is_file():
        raise BackupError(f"no backup file {source}")
    if file_sha256(source) != manifest.sha256:
        raise BackupError(f"{source} is not the file its manifest describes (SHA-256 differs)")
    engine = make_engine(resolved)
    try:
        if engine.dialect.name != manifest.backend:
            raise BackupError(
                f"{source} is a {manifest.backend} backup; {_shown(resolved)} is "
                f"{engine.dialect.name}"
            )
        if manifest.backend == "postgresql":
            _check_schema(engine, manifest, source)
        if not force and holds_events(engine):
            raise BackupError(
                f"{_shown(resolved)} already holds events; restoring replaces them all: "
                "give --force to do so"
            )
    finally:
        engine.dispose()
    if manifest.backend == "sqlite":
        _sqlite_restore(source, resolved)
    else:
        _postgres_restore(source, resolved)
    engine = make_engine(resolved)
    try:
        with read_transaction(engine) as conn:
            restored = read_heads(conn, manifest.backend)
    finally:
        engine.dispose()
    if not restored.same_record(manifest):
        raise BackupError(
            f"the restored store differs from the manifest of {source}: "
            f"{restored.events} event(s) in {restored.streams} stream(s), expected "
            f"{manifest.events} in {manifest.streams}"
        )
    return manifest


def stored_revision_of(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return stored_revision(conn)


def _with_file(manifest: Manifest, target: Path) -> Manifest:
    return Manifest(**{**asdict(manifest), "sha256": file_sha256(target), "file": target.name})


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_file(url: str) -> Path:
    name = make_url(url).database
    if name in (None, "", ":memory:"):
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(name)


def _sqlite_backup(url: str, target: Path) -> Manifest:
    source = _sqlite_file(url)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with _sqlite(source) as src, _sqlite(partial) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    engine = make_engine(f"sqlite:///{partial}")
    try:
        with read_transaction(engine) as conn:
            manifest = read_heads(conn, "sqlite")
    finally:
        engine.dispose()
    partial.replace(target)
    return manifest


def _sqlite_restore(source: Path, url: str) -> None:
    target = _sqlite_file(url)
    with _sqlite(source) as src, _sqlite(target) as dst:
        src.backup(dst)


@contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, timeout=30)
    try:
        yield conn
    finally:
        conn.close()


# --- PostgreSQL -------------------------------------------------------------------------------


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (not on PATH): install the PostgreSQL client programs "
            "of the server's major version (Debian: apt-get install postgresql-client)"
        )
    return found


def libpq_url(url: str) -> str:
    """The URL for ``pg_dump`` and ``pg_restore``: the SQLAlchemy driver name taken out.

    >>> libpq_url("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    'postgresql://postgres@127.0.0.1:5432/test'
    """
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit code {done.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {reason}")


def _postgres_backup(engine: Engine, url: str, target: Path) -> Manifest:
    pg_dump = _program("pg_dump")
    partial = target.with_name(target.name + ".partial")
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            manifest = read_heads(conn, "postgresql")
            _run(
                [
                    pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--schema={schema}",
                    f"--file={partial}", f"--dbname={libpq_url(url)}",
                ]
            )  # fmt: skip
    partial.replace(target)
    return Manifest(**{**asdict(manifest), "extra": {"schema": schema}})


def _check_schema(engine: Engine, manifest: Manifest, source: Path) -> None:
    """The dump names its schema in every statement: restore it only where the URL's schema is
    that one, so that a restore never writes anywhere but the database it was told."""
    with engine.connect() as conn:
        here = conn.execute(text("SELECT current_schema()")).scalar_one()
    there = manifest.extra.get("schema")
    if here != there:
        raise BackupError(
            f"{source} holds the schema {there!r}; the database's schema is {here!r}: restore "
            f"into a database whose search_path starts with {there!r}"
        )


def _postgres_restore(source: Path, url: str) -> None:
    pg_restore = _program("pg_restore")
    _run(
        [
            pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
            "--exit-on-error", f"--dbname={libpq_url(url)}", str(source),
        ]
    )  # fmt: skip
