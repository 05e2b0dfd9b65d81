"""The error a refused event raises: it names the rule the event would break.

The reason is English. It is given as a template with named placeholders and their values, so
that a page can show it in another language: the template is a gettext message id (the web's
catalog extraction finds the literal templates of ``Draft.refuse`` and ``TransitionError``
calls) and ``reason`` is the template filled in. A reason without values is its template.

>>> err = TransitionError("APR Art. 28(1)", "application_lodged", "it is not registered")
>>> str(err)
'application_lodged refused: it is not registered (APR Art. 28(1))'
>>> err.rule
'APR Art. 28(1)'
>>> late = TransitionError(
...     "AMMR Art. 39(1)", "take_charge_request_sent", "it was due on %(due)s", {"due": "30 Nov"}
... )
>>> late.reason
'it was due on 30 Nov'
>>> late.template, late.params
('it was due on %(due)s', {'due': '30 Nov'})
"""

from __future__ import annotations

from collections.abc import Mapping


class TransitionError(ValueError):
    """An event that the case's state or routing does not allow; nothing is written."""

    def __init__(
        self,
        rule: str,
        event_type: str,
        reason: str,
        params: Mapping[str, str] | None = None,
    ) -> None:
        self.rule = rule
        self.event_type = event_type
        self.template = reason
        self.params = dict(params or {})
        # Only a template with values is formatted: a "%" in a plain reason is a "%".
        self.reason = reason % self.params if self.params else reason
        text = f"{event_type} refused: {self.reason} ({rule})"
        super().__init__(" ".join(text.split()))

    def __reduce__(
        self,
    ) -> tuple[type[TransitionError], tuple[str, str, str, dict[str, str]]]:
        """Pickle by the arguments (a parallel rebuild sends the error between processes)."""
        return (type(self), (self.rule, self.event_type, self.template, self.params))
