"""Rotating a body's key, on SQLite and PostgreSQL: every wrap re-wrapped in one transaction,
everything reads back with the new key, the old key opens nothing, the chains still verify, and
a rotation that breaks half-way leaves the old wrapping (and the old key file) as they were."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from migrationpact.monitoring_store import rotation
from migrationpact.monitoring_store.keys import KeyRing, create_key, key_id, load_key
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.sealing import SealError
from migrationpact.monitoring_store.sealing import wrap as real_wrap
from migrationpact.monitoring_store.tables import monitor_events, monitor_keys
from migrationpact.services import monitoring as svc
from migrationpact.services.errors import Invalid
from migrationpact.services.monitoring_attachments import read_attachment, rotate_body_key
from tests.integration.conftest import StepClock
from tests.integration.monitoring.conftest import CRM, INSPECTIE, SIGNAL
from tests.support.attachments import PDF, PNG, photo, statement

IJ = "InspectieJenV"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    keys = tmp_path / "keys"
    for body in (IJ, "CRM"):
        create_key(body, keys)
    return keys


@pytest.fixture
def reg(empty_url: str, folder: Path) -> Iterator[Register]:
    opened = Register.open(empty_url, KeyRing.load(folder, env={}))
    opened.clock = StepClock(datetime(2026, 12, 7, 8, 0))
    yield opened
    opened.engine.dispose()


@pytest.fixture
def files(reg: Register) -> dict[str, str]:
    """The Inspectie's file with two attachments, shared with the College; and a College file."""
    kept = svc.submit_signal(
        register=reg, signal=SIGNAL, submitted_by="desk", attachments=[statement(), photo()]
    )
    svc.triage_file(register=reg, principal=INSPECTIE, body=IJ, reference=kept,
                    kind="allegation", phase="detention", rights=["6"])  # fmt: skip
    svc.share_file(register=reg, principal=INSPECTIE, body=IJ, reference=kept, with_body="CRM")
    other = svc.submit_signal(
        register=reg, signal={**SIGNAL, "phase": None, "rights": ["18"]}, submitted_by="desk"
    )
    return {"kept": kept, "other": other}


def wraps(reg: Register) -> list[tuple[Any, ...]]:
    with reg.engine.connect() as conn:
        rows = conn.execute(select(monitor_keys).order_by(*monitor_keys.primary_key)).all()
    return [tuple(r) for r in rows]


def everything(reg: Register, body: str, files: dict[str, str]) -> list[Any]:
    """Every event the body reads, opened."""
    return [
        (r.seq, r.event)
        for ref in reg.references(body, include_closed=True)
        for r in reg.history(ref, body)
    ]


def test_rotation_rewraps_every_key_of_the_body_and_nothing_else(
    reg: Register, folder: Path, files: dict[str, str]
) -> None:
    old = load_key(IJ, folder, env={})
    before_events = everything(reg, IJ, files)
    before = wraps(reg)
    with reg.engine.connect() as conn:
        sealed_before = conn.execute(select(monitor_events.c.sealed)).scalars().all()

    done = rotate_body_key(register=reg, body=IJ, directory=folder, env={})

    new = load_key(IJ, folder, env={})
    assert new != old
    assert done.key_id == key_id(new)
    assert done.rewrapped == sum(1 for r in before if r[2] == IJ)
    assert done.retired == folder / f"{IJ}.key.retired-{key_id(old)}"
    assert done.retired.read_text().strip()  # kept for the operator to remove
    assert not (folder / f"{IJ}.next.key").exists()
    after = wraps(reg)
    assert [r for r in after if r[2] == "CRM"] == [r for r in before if r[2] == "CRM"]
    assert all(a[3] != b[3] for a, b in zip(after, before, strict=True) if a[2] == IJ)
    with reg.engine.connect() as conn:  # the records themselves are not re-encrypted
        assert conn.execute(select(monitor_events.c.sealed)).scalars().all() == sealed_before
    assert reg.verify() == []

    # A fresh process with the key files reads everything back, attachments included.
    fresh = Register(reg.engine, KeyRing.load(folder, env={}), reg.clock)
    assert everything(fresh, IJ, files) == before_events
    got = [read_attachment(register=fresh, principal=INSPECTIE, body=IJ,
                           reference=files["kept"], number=n).data for n in (1, 2)]  # fmt: skip
    assert got == [PDF, PNG]
    assert svc.show_file(register=fresh, principal=CRM, body="CRM", reference=files["kept"])


def test_the_old_key_opens_nothing_after_the_rotation(
    reg: Register, folder: Path, files: dict[str, str]
) -> None:
    old = load_key(IJ, folder, env={})
    rotate_body_key(register=reg, body=IJ, directory=folder, env={})
    stale = Register(reg.engine, KeyRing({IJ: old}), reg.clock)
    with pytest.raises(SealError, match="with another key"):
        stale.history(files["kept"], IJ)
    with pytest.raises(Invalid, match="another key"):
        read_attachment(register=stale, principal=INSPECTIE, body=IJ,
                        reference=files["kept"], number=1)  # fmt: skip


def test_a_rotation_broken_half_way_leaves_the_old_wrapping(
    reg: Register, folder: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = wraps(reg)
    old_file = (folder / f"{IJ}.key").read_text()
    calls = {"n": 0}

    def failing(*args: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the machine went down")
        return real_wrap(*args)

    monkeypatch.setattr(rotation, "wrap", failing)
    with pytest.raises(RuntimeError, match="went down"):
        rotate_body_key(register=reg, body=IJ, directory=folder, env={})
    assert calls["n"] == 3  # it got half-way
    assert wraps(reg) == before
    assert (folder / f"{IJ}.key").read_text() == old_file
    assert everything(reg, IJ, files)  # the old key still reads every record
    assert read_attachment(register=reg, principal=INSPECTIE, body=IJ,
                           reference=files["kept"], number=2).data == PNG  # fmt: skip

    # Run again: the new key left beside the old one is used, and the rotation finishes.
    pending = (folder / f"{IJ}.next.key").read_text()
    monkeypatch.setattr(rotation, "wrap", real_wrap)
    done = rotate_body_key(register=reg, body=IJ, directory=folder, env={})
    assert (folder / f"{IJ}.key").read_text() == pending
    assert done.rewrapped == sum(1 for r in before if r[2] == IJ)
    assert read_attachment(register=reg, principal=INSPECTIE, body=IJ,
                           reference=files["kept"], number=1).data == PDF  # fmt: skip


def test_a_rotation_stopped_after_its_commit_finishes_on_the_next_run(
    reg: Register, folder: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def stop(*args: Any) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "replace", stop)
    with pytest.raises(OSError, match="went away"):
        rotate_body_key(register=reg, body=IJ, directory=folder, env={})
    monkeypatch.setattr(os, "replace", real_replace)
    done = rotate_body_key(register=reg, body=IJ, directory=folder, env={})
    assert done.rewrapped == 0  # the commit had re-wrapped them all already
    fresh = Register(reg.engine, KeyRing.load(folder, env={}), reg.clock)
    assert everything(fresh, IJ, files)


def test_a_record_wrapped_under_an_unknown_key_stops_the_rotation(
    reg: Register, folder: Path, files: dict[str, str]
) -> None:
    before = wraps(reg)
    (folder / f"{IJ}.key").unlink()
    create_key(IJ, folder)  # a replaced key: the records are not its
    with pytest.raises(Invalid, match="neither the current key"):
        rotate_body_key(register=reg, body=IJ, directory=folder, env={})
    assert wraps(reg) == before


def test_a_key_from_the_environment_is_not_rotated(
    reg: Register, folder: Path, files: dict[str, str]
) -> None:
    before = wraps(reg)
    env = {"MIGRATIONPACT_MONITOR_KEY_INSPECTIEJENV": (folder / f"{IJ}.key").read_text()}
    with pytest.raises(Invalid, match="comes from \\$MIGRATIONPACT_MONITOR_KEY_INSPECTIEJENV"):
        rotate_body_key(register=reg, body=IJ, directory=folder, env=env)
    assert wraps(reg) == before
    assert not (folder / f"{IJ}.next.key").exists()
