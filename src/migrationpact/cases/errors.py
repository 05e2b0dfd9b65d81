"""The error a refused event raises: it names the rule the event would break.

>>> err = TransitionError("APR Art. 28(1)", "application_lodged", "it is not registered")
>>> str(err)
'application_lodged refused: it is not registered (APR Art. 28(1))'
>>> err.rule
'APR Art. 28(1)'
"""

from __future__ import annotations


class TransitionError(ValueError):
    """An event that the case's state or routing does not allow; nothing is written."""

    def __init__(self, rule: str, event_type: str, reason: str) -> None:
        self.rule = rule
        self.event_type = event_type
        self.reason = reason
        text = f"{event_type} refused: {reason} ({rule})"
        super().__init__(" ".join(text.split()))

    def __reduce__(self) -> tuple[type[TransitionError], tuple[str, str, str]]:
        """Pickle by the three arguments (a parallel rebuild sends the error between processes)."""
        return (type(self), (self.rule, self.event_type, self.reason))
