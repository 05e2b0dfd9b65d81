"""Dutch municipalities by their CBS code: the list is ``law.municipalities`` (a case's family
listing names them too); reception code keeps reading it from here."""

from __future__ import annotations

from migrationpact.law.municipalities import codes, known, name

__all__ = ["codes", "known", "name"]
