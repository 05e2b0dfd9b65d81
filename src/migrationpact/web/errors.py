"""What a web page answers when it cannot show what was asked: an HTML page, never JSON.

The API answers errors as problem documents; a person in a browser gets a page in their
language that says what went wrong and where to go next. Two exceptions carry that:

- ``LoginRequiredError``: nobody is signed in (or the session ended) — the browser is sent to the
  sign-in page, which returns them to the page they asked for afterwards;
- ``WebError``: a status (403, 404, 409, …) and a message. The message is either a message id
  of the catalog (translated when shown) or a reason given by the policy or the domain (shown
  as it is, because it names the rule).

``refusals`` turns the refusals of the use cases (``services.errors``: ``Forbidden``,
``NotFound``, …) and the store's "not found" into ``WebError`` inside a page route.

An event the state machine refuses (``TransitionError``) comes back with its form; ``refused``
says why in the page's language. The reason's English template is a message id of the catalog
(extracted from ``cases``, see docs/web.md), filled in with the refusal's values; a reason the
catalog lacks (one made from another error's text) is shown in English. The rule citation is
shown as the law writes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import EventError
from migrationpact.law.rulebook import RuleBookError
from migrationpact.law.text import Text
from migrationpact.services.errors import Conflict, Forbidden, NotFound, ServiceError
from migrationpact.store.errors import CaseNotFoundError
from migrationpact.store.sealed_reads import UnsealedReadError
from migrationpact.web.i18n import translations
from migrationpact.web.labels import EVENT_LABELS, N_

#: Why a monitor's read is refused when it cannot be sealed (``store.sealed_reads``).
UNSEALED = N_(
    "Your read cannot be logged sealed: the monitoring bodies' public keys are not configured "
    "in this system, so nothing is shown."
)


class LoginRequiredError(Exception):
    """No live session: sign in first, then come back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in first")
        self.next_path = next_path

    @property
    def location(self) -> str:
        return "/login?next=" + quote(self.next_path, safe="/")


class WebError(Exception):
    """A page that cannot be shown: ``status`` and what to tell the person."""

    def __init__(self, status: int, message: str, *, detail: str | Text | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message  # a message id of the catalog
        self.detail = detail  # a reason (policy, domain) below it, said with i18n.say


@contextmanager
def refusals() -> Iterator[None]:
    """Turn the use cases' refusals and the store's "not found" into ``WebError`` pages."""
    try:
        yield
    except Forbidden as exc:
        raise WebError(403, "You may not open this page.", detail=exc.message) from exc
    except NotFound as exc:
        # The store's message repeats the title in English; the title says it in the page's.
        raise WebError(404, "There is no such case.") from exc
    except ServiceError as exc:
        status = 409 if isinstance(exc, Conflict) else 400
        detail = exc.text if exc.text is not None else exc.message
        raise WebError(status, "The request cannot be carried out.", detail=detail) from exc
    except CaseNotFoundError as exc:
        raise WebError(404, "There is no such case.") from exc
    except UnsealedReadError as exc:  # a monitor's read, never logged in clear
        raise WebError(503, UNSEALED) from exc
    except RuleBookError as exc:
        raise WebError(404, "There is no such rule.") from exc


def refused(exc: TransitionError | EventError, language: str) -> str:
    """Why the event was refused, in ``language``: the event, the reason, the rule.

    An ``EventError`` (the event itself is malformed) is the model's English text.

    >>> stopped = TransitionError("APR Art. 41(4)", "clock_suspended",
    ...     "the clock of %(key)s is already stopped", {"key": "APR-04"})
    >>> refused(stopped, "nl").removeprefix("De gebeurtenis is geweigerd: ")
    'Termijn opgeschort — de termijn APR-04 is al opgeschort (APR Art. 41(4))'
    >>> refused(stopped, "en").removeprefix("The event was refused: ")
    'Clock suspended — the clock of APR-04 is already stopped (APR Art. 41(4))'
    """
    t = translations(language)
    if isinstance(exc, EventError):
        return f"{t.gettext('The event was refused:')} {exc}"
    # gettext("") is the catalog's header, not "": an empty reason stays empty.
    text = t.gettext(exc.template) if exc.template else exc.template
    reason = text % exc.params if exc.params else text
    label = EVENT_LABELS.get(exc.event_type)
    return t.gettext("The event was refused: %(event)s — %(reason)s (%(rule)s)") % {
        "event": t.gettext(label) if label else exc.event_type,
        "reason": reason,
        "rule": exc.rule,
    }


def safe_next(path: str | None) -> str:
    """A local path to return to after sign-in; anything else (other sites) becomes '/'.

    >>> safe_next("/cases/C-1"), safe_next("https://evil.example/"), safe_next("//evil")
    ('/cases/C-1', '/', '/')
    """
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
