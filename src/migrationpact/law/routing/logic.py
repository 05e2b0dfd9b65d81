"""Three-valued answers: yes, no, or "cannot tell yet — these facts are missing".

A routing rule often depends on facts the officer has not recorded yet. Rather than guess, every
condition is a ``Tri``: ``True``, ``False`` or ``None`` (undetermined) together with the names of
the facts whose absence made it undetermined. Combining conditions keeps only the missing facts
that actually matter: if one ground already applies, a missing second ground is not reported.

>>> known, unknown = Tri.known(True), Tri.missing_fact("security_risk")
>>> any_of(known, unknown)
Tri(value=True, missing=())
>>> any_of(Tri.known(False), unknown)
Tri(value=None, missing=('security_risk',))
>>> all_of(Tri.known(False), unknown)
Tri(value=False, missing=())
>>> Tri.of(None, "age").negate()
Tri(value=None, missing=('age',))
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tri:
    """A yes / no / undetermined answer and the facts that would settle it."""

    value: bool | None
    missing: tuple[str, ...] = ()

    @staticmethod
    def known(value: bool) -> Tri:
        return Tri(value)

    @staticmethod
    def missing_fact(*names: str) -> Tri:
        return Tri(None, tuple(dict.fromkeys(names)))

    @staticmethod
    def of(value: bool | None, name: str) -> Tri:
        """The value of one fact; ``None`` means that fact is missing."""
        return Tri(value) if value is not None else Tri(None, (name,))

    def negate(self) -> Tri:
        return Tri(None if self.value is None else not self.value, self.missing)


def _merge(parts: tuple[Tri, ...]) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for part in parts:
        if part.value is None:
            names.update(dict.fromkeys(part.missing))
    return tuple(names)


def any_of(*parts: Tri) -> Tri:
    """True if one part is true; False if all are false; otherwise undetermined."""
    if any(p.value is True for p in parts):
        return Tri(True)
    if all(p.value is False for p in parts):
        return Tri(False)
    return Tri(None, _merge(parts))


def all_of(*parts: Tri) -> Tri:
    """False if one part is false; True if all are true; otherwise undetermined."""
    if any(p.value is False for p in parts):
        return Tri(False)
    if all(p.value is True for p in parts):
        return Tri(True)
    return Tri(None, _merge(parts))
