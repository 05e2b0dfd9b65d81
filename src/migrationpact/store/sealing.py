"""Sealing personal fields at the store's edge: envelope encryption with a data key per case.

Before an event of a case is hashed and written, each of its personal fields
(``cases.personal``) that holds something is replaced by an *envelope*: ``{"$sealed": "v1." +
base64url(nonce ‖ ciphertext)}``, AES-256-GCM under the case's own data key, a random 96-bit
nonce, and as associated data the case id and the field's path (an envelope copied to another
case or field does not open). The hash chain covers the envelope, not the plain text, so
destroying the key later never breaks ``audit verify``.

Keys (``person_keys``, revision 0022): one random 256-bit data key per case, the unit the store
finds at every append (a person is one case here: a second application is a case of its own,
linked by ``previous_case_id``). The key is kept *wrapped*, AES-256-GCM under the
key-encryption key (KEK) from ``MIGRATIONPACT_DATA_KEY`` (base64 of 32 bytes; a fixed
development key when unset, which production refuses: ``services.settings``), with the case id
as associated data; ``kek_id`` names which KEK wrapped it. Erasing the person (``store.privacy``)
empties the wrapped key, after which every sealed field of the case reads as *erased*: its
default (None or an empty list). For a replay (``Keyring.replay``) the date of birth reads as
the surrogate the erasure recorded (``store.privacy``: the earliest day that gives the same ages
the case's routing and statistics used), so the rebuild and the statistics stay what they were.

A ``Keyring`` holds the unwrapped keys of one unit of work (one transaction, one read): nothing
is cached across transactions, so an erased key is gone for every later read at once. Only
events that carry personal fields pay for sealing or opening.

>>> ring = Keyring(kek=bytes(32))
>>> key = ring.fresh("C-1")
>>> payload = {"person": {"pseudonym": "P-1", "names": ["Amal", "Haddad"]}, "note": None}
>>> sealed = seal_payload("application_made", "C-1", payload, key)
>>> "Haddad" in str(sealed), sealed["person"]["pseudonym"], sealed["note"]
(False, 'P-1', None)
>>> open_payload("application_made", "C-1", sealed, key) == payload
True
>>> open_payload("application_made", "C-1", sealed, ERASED)["person"]["names"]
[]
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, insert, select

from migrationpact.cases.personal import Path, erased_value, personal_paths
from migrationpact.jsontext import dumps, loads
from migrationpact.store.errors import StoreError
from migrationpact.store.hashing import canonical_json
from migrationpact.store.records import EventRecord
from migrationpact.store.tables import person_keys

#: The environment variable of the key-encryption key (base64 of 32 bytes).
KEK_VARIABLE = "MIGRATIONPACT_DATA_KEY"
#: The development KEK used when the variable is unset (production refuses to start so).
DEVELOPMENT_KEK = hashlib.sha256(b"migrationpact development data key").digest()
ENVELOPE = "$sealed"
_VERSION = "v1."
_CASE = "case"


class SealError(StoreError):
    """An envelope does not open: the wrong key, or a changed ciphertext or place."""


@dataclass(frozen=True)
class Erased:
    """The key of an erased case: its sealed fields read as erased (``surrogate_birth``: what
    a sealed date of birth reads as, None: erased too)."""

    surrogate_birth: date | None = None


#: An erased key without a surrogate date of birth.
ERASED: Final = Erased()

#: A case's key as a keyring holds it: the cipher, or the mark that it was erased.
Key = AESGCM | Erased


def kek_from_environment(env: Mapping[str, str] | None = None) -> bytes:
    """The KEK from ``MIGRATIONPACT_DATA_KEY`` (the development key when unset)."""
    text = (os.environ if env is None else env).get(KEK_VARIABLE, "").strip()
    if not text:
        return DEVELOPMENT_KEK
    try:
        kek = base64.b64decode(text, validate=True)
    except ValueError:
        kek = b""
    if len(kek) != 32:
        raise StoreError(f"{KEK_VARIABLE} must be 32 bytes in base64 (44 characters)")
    return kek


def kek_id(kek: bytes) -> str:
    """Which KEK wrapped a key, without giving it away: 16 hex digits of a hash."""
    return hashlib.sha256(b"migrationpact-kek:" + kek).hexdigest()[:16]


def is_envelope(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {ENVELOPE}


def _aad(case_id: str, path: Path) -> bytes:
    return f"{case_id}\x1f{'.'.join(path)}".encode()


def seal_value(value: Any, case_id: str, path: Path, key: AESGCM) -> dict[str, str]:
    """The envelope of one field's JSON value."""
    nonce = os.urandom(12)
    sealed = key.encrypt(nonce, canonical_json(value).encode(), _aad(case_id, path))
    return {ENVELOPE: _VERSION + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")}


def open_value(envelope: dict[str, str], case_id: str, path: Path, key: AESGCM) -> Any:
    """The JSON value in ``envelope``; ``SealError`` when it does not open."""
    text = envelope[ENVELOPE]
    if not text.startswith(_VERSION):
        raise SealError(f"case {case_id}: {'.'.join(path)}: unknown envelope version")
    raw = base64.urlsafe_b64decode(text[len(_VERSION) :])
    try:
        plain = key.decrypt(raw[:12], raw[12:], _aad(case_id, path))
    except InvalidTag:
        raise SealError(
            f"case {case_id}: {'.'.join(path)}: the envelope does not open (wrong key, or the "
            "ciphertext or its place was changed)"
        ) from None
    return loads(plain)


def _walk(payload: dict[str, Any], event_type: str, change: Any) -> dict[str, Any]:
    """A copy of ``payload`` with ``change(path, value)`` applied to every personal field that
    is present (nested dicts copied on the way down, the rest shared)."""
    paths = personal_paths(event_type)
    if not paths:
        return payload
    result = dict(payload)
    for path in paths:
        holder = result
        for name in path[:-1]:
            inner = holder.get(name)
            if not isinstance(inner, dict):
                holder = {}
                break
            holder[name] = holder = dict(inner)
        last = path[-1]
        if last in holder:
            holder[last] = change(path, holder[last])
    return result


def _empty(event_type: str, path: Path, value: Any) -> bool:
    return value is None or value == erased_value(event_type, path)


def seal_payload(
    event_type: str, case_id: str, payload: dict[str, Any], key: AESGCM
) -> dict[str, Any]:
    """``payload`` with every personal field that holds something sealed."""

    def seal(path: Path, value: Any) -> Any:
        if _empty(event_type, path, value) or is_envelope(value):
            return value
        return seal_value(value, case_id, path, key)

    return _walk(payload, event_type, seal)


def open_payload(
    event_type: str, case_id: str, payload: dict[str, Any], key: Key | None
) -> dict[str, Any]:
    """``payload`` with its envelopes opened (``key`` None: the case has no key, and an
    envelope is an error), or read as erased when ``key`` is an ``Erased``."""

    def unseal(path: Path, value: Any) -> Any:
        if not is_envelope(value):
            return value
        if isinstance(key, Erased):
            if path[-1] == "date_of_birth" and key.surrogate_birth is not None:
                return key.surrogate_birth.isoformat()
            return erased_value(event_type, path)
        if key is None:
            raise SealError(f"case {case_id}: a sealed field but no key for the case")
        return open_value(value, case_id, path, key)

    return _walk(payload, event_type, unseal)


def _present(event_type: str, payload: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """Each personal field of ``payload`` that is present, with its value (nothing copied)."""
    for path in personal_paths(event_type):
        holder: Any = payload
        for name in path[:-1]:
            holder = holder.get(name)
            if not isinstance(holder, dict):
                break
        else:
            if path[-1] in holder:
                yield path, holder[path[-1]]


def has_plain_personal(event_type: str, payload: dict[str, Any]) -> bool:
    """True when a personal field of ``payload`` holds something in clear (written before
    sealing, revision 0022)."""
    return any(
        not _empty(event_type, path, value) and not is_envelope(value)
        for path, value in _present(event_type, payload)
    )


@dataclass
class Keyring:
    """The data keys of one unit of work, unwrapped once each (see the module text)."""

    kek: bytes = field(default_factory=kek_from_environment)
    keys: dict[str, Key] = field(default_factory=dict)
    #: Cases known to have no key row.
    missing: set[str] = field(default_factory=set)
    #: Key rows made or taken over in this unit of work, not yet written, by case id.
    new: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Every key of the store was read (``load_all``): a case not held has none.
    complete: bool = False
    #: For a replay (rebuild, import, erasure): an erased date of birth reads as the erasure's
    #: surrogate, which gives the ages the projections were made with; for a reader it reads
    #: as erased (None), like every other erased field.
    replay: bool = False

    def __post_init__(self) -> None:
        self._wrapper = AESGCM(self.kek)

    def _wrap(self, case_id: str, data_key: bytes) -> str:
        nonce = os.urandom(12)
        sealed = self._wrapper.encrypt(nonce, data_key, b"data-key\x1f" + case_id.encode())
        return base64.b64encode(nonce + sealed).decode("ascii")

    def _unwrap(self, case_id: str, wrapped: str, wrapped_by: str) -> AESGCM:
        return AESGCM(self.unwrap_raw(case_id, wrapped, wrapped_by))

    def unwrap_raw(self, case_id: str, wrapped: str, wrapped_by: str) -> bytes:
        """The data key of ``case_id`` as bytes (``SealError``: another KEK, or changed)."""
        if wrapped_by != kek_id(self.kek):
            raise SealError(
                f"case {case_id}: its data key was wrapped by KEK {wrapped_by}, not by the "
                f"key in {KEK_VARIABLE} ({kek_id(self.kek)})"
            )
        raw = base64.b64decode(wrapped)
        try:
            return self._wrapper.decrypt(raw[:12], raw[12:], b"data-key\x1f" + case_id.encode())
        except InvalidTag:
            raise SealError(f"case {case_id}: its data key does not unwrap") from None

    def wrap(self, case_id: str, data_key: bytes) -> dict[str, str]:
        """The key row's ``wrapped`` and ``kek_id`` of ``data_key`` under this KEK."""
        return {"wrapped": self._wrap(case_id, data_key), "kek_id": kek_id(self.kek)}

    def fresh(self, case_id: str) -> AESGCM:
        """A new data key for ``case_id``, written with the unit of work (``write_new``)."""
        data_key = AESGCM.generate_key(bit_length=256)
        self.new[case_id] = {
            "wrapped": self._wrap(case_id, data_key), "kek_id": kek_id(self.kek),
            "surrogate_birth": None,
        }  # fmt: skip
        self.missing.discard(case_id)
        self.keys[case_id] = key = AESGCM(data_key)
        return key

    def load(self, conn: Connection, case_ids: Iterable[str]) -> None:
        """Read and unwrap the keys of ``case_ids`` not held yet."""
        if self.complete:
            return
        wanted = sorted({c for c in case_ids if c not in self.keys and c not in self.missing})
        k = person_keys.c
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(k.case_id, k.wrapped, k.kek_id, k.erased_at, k.surrogate_birth)
            for row in conn.execute(query.where(k.case_id.in_(chunk))):
                self._hold(row)
            self.missing.update(c for c in chunk if c not in self.keys)

    def line_key(self, case_id: str, given: Any) -> Key:
        """The key an export line carries (``data_key``: the wrapped key and its KEK, or the
        mark of an erased case), unwrapped with this keyring's KEK."""
        if not isinstance(given, dict):
            raise SealError("data_key must be a JSON object")
        if given.get("erased"):
            born = given.get("surrogate_birth")
            return Erased(date.fromisoformat(born) if isinstance(born, str) else None)
        wrapped, by = given.get("wrapped"), given.get("kek_id")
        if not isinstance(wrapped, str) or not isinstance(by, str):
            raise SealError("data_key needs wrapped and kek_id")
        return self._unwrap(case_id, wrapped, by)

    def adopt(self, conn: Connection, case_id: str, given: dict[str, Any]) -> None:
        """Take over the key of an imported case (a verified export of a store with the same
        KEK): the store's own key row, if it has one, must be that key."""
        key = self.line_key(case_id, given)
        k = person_keys.c
        row = conn.execute(select(k.wrapped, k.erased_at).where(k.case_id == case_id)).first()
        if row is not None:
            same = (row.erased_at is not None) if isinstance(key, Erased) else (
                row.wrapped == given.get("wrapped"))  # fmt: skip
            if not same:
                raise SealError(f"case {case_id}: the file's data key is not this store's key")
        elif case_id not in self.new:
            erased = isinstance(key, Erased)
            self.new[case_id] = {
                "wrapped": None if erased else given["wrapped"],
                "kek_id": "-" if erased else given["kek_id"],
                "erased": erased,
                "surrogate_birth": key.surrogate_birth if isinstance(key, Erased) else None,
            }
        self.keys[case_id] = key
        self.missing.discard(case_id)

    def load_all(self, conn: Connection) -> None:
        """Read and unwrap every key of the store (a rebuild, a verify of the projections),
        before the events are streamed."""
        k = person_keys.c
        query = select(k.case_id, k.wrapped, k.kek_id, k.erased_at, k.surrogate_birth)
        for row in conn.execute(query):
            self._hold(row)
        self.complete = True

    def _hold(self, row: Any) -> None:
        if row.erased_at is not None or row.wrapped is None:
            self.keys[row.case_id] = Erased(row.surrogate_birth)
        else:
            self.keys[row.case_id] = self._unwrap(row.case_id, row.wrapped, row.kek_id)

    def key(self, conn: Connection, case_id: str) -> Key | None:
        """The case's key (None: it has none)."""
        self.load(conn, [case_id])
        return self.keys.get(case_id)

    def for_append(self, conn: Connection, case_id: str) -> AESGCM:
        """The key new events of ``case_id`` are sealed with (made when the case has none);
        an erased case takes no new personal data."""
        found = self.key(conn, case_id)
        if isinstance(found, Erased):
            raise StoreError(f"case {case_id}: the person's data was erased; it takes no new data")
        return found if found is not None else self.fresh(case_id)

    def write_new(self, conn: Connection, case_ids: Iterable[str], at: datetime) -> None:
        """Insert the keys made for ``case_ids`` (the streams whose events are written)."""
        rows = []
        for c in dict.fromkeys(case_ids):
            if c in self.new:
                row = {"case_id": c, "created_at": at, "erased_at": None, **self.new.pop(c)}
                if row.pop("erased", False):  # an erased case taken over: erased as of now
                    row["erased_at"] = at
                rows.append(row)
        if rows:
            conn.execute(insert(person_keys), rows)

    def seal(self, conn: Connection, stream_type: str, case_id: str, type_: str,
             payload: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
        """``payload`` sealed for appending (cases only; nothing to seal: unchanged)."""
        if stream_type != _CASE or not has_plain_personal(type_, payload):
            return payload
        return seal_payload(type_, case_id, payload, self.for_append(conn, case_id))

    def open(self, conn: Connection, record: EventRecord) -> EventRecord:
        """``record`` with its payload opened (the hash stays the stored one)."""
        if record.stream_type != _CASE or not sealed(record.type, record.payload):
            return record
        key = self.key(conn, record.case_id)
        if isinstance(key, Erased) and not self.replay:
            key = ERASED
        return replace(record, payload=open_payload(record.type, record.case_id,
                                                    record.payload, key))  # fmt: skip

    def open_text(self, case_id: str, type_: str, text: str) -> str:
        """A payload's JSON text opened (after ``load_all``), for the rebuild's raw rows."""
        if not sealed_text(text):
            return text
        return dumps(open_payload(type_, case_id, loads(text), self.keys.get(case_id)))

    def open_all(self, conn: Connection, records: Iterable[EventRecord]) -> list[EventRecord]:
        """``open`` of every record, the keys of their cases read at once."""
        records = list(records)
        self.load(conn, {r.case_id for r in records if r.stream_type == _CASE
                         and sealed(r.type, r.payload)})  # fmt: skip
        return [self.open(conn, r) for r in records]


def sealed(event_type: str, payload: dict[str, Any]) -> bool:
    """Whether ``payload`` holds an envelope."""
    return any(is_envelope(value) for _, value in _present(event_type, payload))


def sealed_text(text: str) -> bool:
    """Whether a payload's JSON text may hold an envelope (a cheap test before parsing)."""
    return ENVELOPE in text
