"""What the store refuses, each with a one-line message fit for the command line and the API."""

from __future__ import annotations


class StoreError(Exception):
    """A store operation cannot be carried out; nothing was written."""


class SchemaError(StoreError):
    """The database is unreachable or not migrated to the revision this code needs."""


class CaseNotFoundError(StoreError):
    """No event has been recorded for the case id."""

    def __init__(self, case_id: str) -> None:
        super().__init__(f"case {case_id} does not exist (no events recorded for it)")
        self.case_id = case_id


class ConcurrencyError(StoreError):
    """The case moved on since the writer read it (optimistic concurrency; HTTP 409)."""

    def __init__(self, case_id: str, *, expected: int | None, actual: int | None) -> None:
        if expected is None or actual is None:
            text = (
                f"case {case_id} was changed by another writer at the same time; reload and retry"
            )
        else:
            text = (
                f"case {case_id} is at seq {actual}, but the write expected seq {expected}; "
                "reload the case and retry"
            )
        super().__init__(text)
        self.case_id = case_id
        self.expected = expected
        self.actual = actual


class IdempotencyError(StoreError):
    """The writer used the idempotency key before, for a different case or event.

    Keys are the writer's own (unique per actor), so the earlier event is the writer's too; the
    message still names neither its case nor its seq, so a refusal never tells a caller about a
    case they may not read. ``case_id`` and ``seq`` are kept for the store's own callers.
    """

    def __init__(self, key: str, *, case_id: str, seq: int) -> None:
        super().__init__(
            f"idempotency key {key!r} was already used for a different event; "
            "use a new key for a new event"
        )
        self.key = key
        self.case_id = case_id
        self.seq = seq


class ImportRefusedError(StoreError):
    """An import file has an invalid line; the whole file is refused and nothing is written."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"import refused, nothing written: line {line}: {reason}")
        self.line = line
        self.reason = reason
