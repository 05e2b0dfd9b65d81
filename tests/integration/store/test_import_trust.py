"""``cases import`` trusts nothing in the file (finding F14 of the December 2026 probe): only a
verified export of this store keeps its times, chain and system events; everything else is
hand-written, recorded now; every bad file ends in one line and exit code 2, nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrationpact.store import service, transfer
from migrationpact.store.errors import ImportRefusedError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.sealing import Keyring, open_payload
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import EXPORT_KEY, TO_DECISION, counts, drive, snapshot
from tests.support.cli import RunCli

_EMPTY = {"events": 0, "case_states": 0, "deadlines": 0}


@pytest.fixture
def target(make_db: Callable[[], str]) -> Iterator[EventStore]:
    opened = open_test_store(make_db())
    yield opened
    opened.engine.dispose()


def _exported(store: EventStore) -> list[dict[str, Any]]:
    drive(store, "C-A", TO_DECISION)
    service.record_lapses(store=store, as_of=date(2027, 6, 1))
    return list(transfer.export_events(store=store))


def _texts(lines: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(line, ensure_ascii=False) for line in lines]


def _hand_written(line: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The line as a person writes it: no times or links, and its fields in plain text (an
    export keeps the sealed fields sealed, under a key bound to the case)."""
    dropped = ("recorded_at", "prev_hash", "hash", "data_key")
    kept = {k: v for k, v in line.items() if k not in dropped}
    if "data_key" in line:
        key = Keyring().line_key(line["case_id"], line["data_key"])
        event = line["event"]
        kept["event"] = {**event, **open_payload(event["type"], line["case_id"], event, key)}
    return {**kept, **changes}


def test_a_verified_export_keeps_its_times_chain_and_lapses(
    store: EventStore, target: EventStore
) -> None:
    lines = _exported(store)
    assert any(line["actor"] == "system" for line in lines)
    signed = list(transfer.signed(_texts(lines), EXPORT_KEY))
    transfer.import_events(store=target, lines=signed, key=EXPORT_KEY)
    assert snapshot(target) == snapshot(store)
    assert list(transfer.export_events(store=target)) == lines


def test_hand_written_events_are_recorded_now(store: EventStore, target: EventStore) -> None:
    lines = [_hand_written(line) for line in _exported(store) if line["actor"] != "system"]
    transfer.import_events(store=target, lines=_texts(lines), hand_written=True)
    assert counts(target)["events"] == len(TO_DECISION)
    assert service.verify_chain(store=target).ok


def _edited(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The probe's edited export: renamed, the decision changed, the hashes stripped."""
    edited = []
    for line in lines:
        line = {k: v for k, v in line.items() if k not in ("prev_hash", "hash")}
        line["case_id"] = "SEC-IMP-EDIT"
        if line["event"]["type"] == "decision_taken":
            line["event"] = {**line["event"], "outcome": "unfounded"}
        edited.append(line)
    return edited


def _system_back_dated(line: dict[str, Any]) -> dict[str, Any]:
    return {
        **_hand_written(line),
        "actor": "system",
        "organisation": "migrationpact",
        "recorded_at": "2020-01-01T00:00:00Z",
    }


def _lapse_by_a_person(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lapse = next(x for x in lines if x["event"]["type"] == "deadline_lapsed")
    person = {"actor": "caseworker", "organisation": "IND"}
    return [_hand_written(x) for x in lines[:2]] + [_hand_written(lapse, seq=3, **person)]


@pytest.mark.parametrize(
    ("make", "hand_written", "line", "reason"),
    [
        (lambda ls: ls, False, 1, "not a verified export of this store"),
        (_edited, False, 1, "not a verified export of this store"),
        (_edited, True, 1, "recorded_at: kept only from a verified export"),
        (lambda ls: [_system_back_dated(ls[0])], True, 1, "recorded_at: kept only"),
        (
            lambda ls: [{**_hand_written(ls[0]), "actor": "system", "organisation": "system"}],
            True,
            1,
            "only the system records",
        ),
        (_lapse_by_a_person, True, 3, "only the system records"),
        (
            lambda ls: [{**_hand_written(ls[0]), "rule_set_version": "sha256:forged"}],
            True,
            1,
            "rule_set_version sha256:forged… is not the rule set the law gives",
        ),
        (
            lambda ls: [{**_hand_written(ls[0]), "case_id": "../../etc/passwd <script>"}],
            True,
            1,
            "is not a case id",
        ),
        (lambda ls: [{**_hand_written(ls[0]), "case_id": "C" * 300}], True, 1, "longer than 64"),
        (lambda ls: [{**_hand_written(ls[0]), "actor": "a" * 300}], True, 1, "longer than 128"),
        (
            lambda ls: [{**_hand_written(ls[0]), "organisation": "o" * 100}],
            True,
            1,
            "organisation is longer than 64",
        ),
    ],
)
def test_an_untrusted_file_is_refused(
    store: EventStore,
    target: EventStore,
    make: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
    hand_written: bool,
    line: int,
    reason: str,
) -> None:
    lines = make(_exported(store))
    with pytest.raises(ImportRefusedError, match=f"line {line}: .*{reason}"):
        transfer.import_events(
            store=target, lines=_texts(lines), key=EXPORT_KEY, hand_written=hand_written
        )
    assert counts(target) == _EMPTY


@pytest.mark.parametrize(
    ("sign", "key", "reason"),
    [
        (lambda ts: [*ts[:2], ts[3], *ts[2:]], EXPORT_KEY, "does not verify"),  # a line added
        (lambda ts: ts[1:], EXPORT_KEY, "does not verify"),  # the signature of another file
        (lambda ts: ts, b"another-store-key-of-32-characters-or-more", "does not verify"),
        (lambda ts: ts, None, "this store has no export key"),
    ],
)
def test_a_signature_that_does_not_verify_refuses_the_file(
    store: EventStore,
    target: EventStore,
    sign: Callable[[list[str]], list[str]],
    key: bytes | None,
    reason: str,
) -> None:
    texts = list(transfer.signed(_texts(_exported(store)), EXPORT_KEY))
    with pytest.raises(ImportRefusedError, match=reason):
        transfer.import_events(store=target, lines=[*sign(texts[:-1]), texts[-1]], key=key)
    assert counts(target) == _EMPTY


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"case_id": "C-1", "seq": 1, "actor": "\xff\xfe"}\n', "line 1: the line is not valid"),
        (b"\n" + b" " * (transfer.MAX_LINE + 1) + b"\n", "line 2: the line is longer than"),
        (b'{"case_id": "C-1", "seq": 1}\n', "line 1: not a verified export"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(
    store: EventStore, run_cli: RunCli, db_url: str, tmp_path: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    done = run_cli("cases", "import", str(bad), "--database", db_url)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert reason in done.stderr
    assert counts(store) == _EMPTY


def test_the_cli_signs_with_the_store_key_and_imports_hand_written_on_request(
    store: EventStore, target: EventStore, run_cli: RunCli, db_url: str, tmp_path: Path
) -> None:
    lines = _exported(store)
    target_url = target.engine.url.render_as_string(hide_password=False)
    env = {"MIGRATIONPACT_EXPORT_KEY": EXPORT_KEY.decode()}
    export = tmp_path / "export.jsonl"
    done = run_cli("cases", "export", "-o", str(export), "--database", db_url, env=env)
    assert done.returncode == 0, done.stderr
    assert "(signed)" in done.stderr
    done = run_cli("cases", "import", str(export), "--database", target_url)  # no key here
    assert (done.returncode, "no export key" in done.stderr) == (2, True)
    done = run_cli("cases", "import", str(export), "--database", target_url, env=env)
    assert done.returncode == 0, done.stderr
    assert counts(target) == counts(store)
    hand = tmp_path / "hand.jsonl"
    written = [_hand_written(line, case_id="C-H") for line in lines if line["actor"] != "system"]
    hand.write_text("\n".join(_texts(written)) + "\n", encoding="utf-8")
    assert run_cli("cases", "import", str(hand), "--database", target_url).returncode == 2
    done = run_cli("cases", "import", str(hand), "--hand-written", "--database", target_url)
    assert done.returncode == 0, done.stderr
    assert target.state("C-H") is not None
