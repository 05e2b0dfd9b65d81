"""The sign-in door that counts every refused password sign-in, by its reason.

Every password sign-in, the web form's and the token endpoint's, passes the door of
``auth.door``; the services build this one in its place (``services.container``), so the metric
``migrationpact_signin_failures_total`` (``observe.metrics``) counts them all, by reason:
``password`` (a wrong username or password), ``locked`` (too many recent failures), ``rate`` (too
many attempts from the client) and ``busy`` (the password checks were full). The username, the
password and the client's address are never part of a metric.
"""

from __future__ import annotations

from migrationpact.auth.door import SignInDoor
from migrationpact.auth.throttle import BusyError, TooManyAttemptsError
from migrationpact.auth.users import SignInAttempt
from migrationpact.observe.metrics import SIGNIN_FAILURES


class CountedDoor(SignInDoor):
    """The sign-in door, counting each refused password sign-in by its reason."""

    async def attempt(self, username: str, password: str, client: str) -> SignInAttempt:
        try:
            answer = await super().attempt(username, password, client)
        except TooManyAttemptsError:
            SIGNIN_FAILURES.labels(reason="rate").inc()
            raise
        except BusyError:
            SIGNIN_FAILURES.labels(reason="busy").inc()
            raise
        if answer.locked:
            SIGNIN_FAILURES.labels(reason="locked").inc()
        elif answer.user is None:
            SIGNIN_FAILURES.labels(reason="password").inc()
        return answer
