"""The edge of the service: what every request and every answer passes through first and last.

``Edge`` is a pure ASGI middleware that ``server.create_app`` wraps around the whole
application, outside the error handling that answers a 500, so that nothing it does depends on a
route running well:

- **The request id.** A client's ``X-Request-ID`` is kept only when it matches ``REQUEST_ID``
  (letters, digits, ``._-``, at most 64); otherwise, or when there is none, the service makes one.
  The id is put in the request's state (``request.state.request_id``) and in
  ``observe.logs.REQUEST_ID`` for the log lines written while the request is answered, and sent
  back on every answer, so a logged request can be found again and no over-long id reaches the
  access log.
- **Bounded input.** A body larger than ``max_body`` bytes (1 MiB by default, the setting
  ``MIGRATIONPACT_MAX_BODY_BYTES``) is refused with a 413 problem document *before* anything
  reads it: a ``Content-Length`` over the limit is refused at once, unread; a body without one
  (chunked) is read up to one byte past the limit and then refused. Either way no route, no
  authentication and no JSON parser ever sees it.
- **The headers every answer carries.** The security headers (``SECURITY_HEADERS``), the
  request id, the fixed ``extra`` headers the composition root gives (the API version) and, when
  the request came over TLS or the public URL is ``https``, ``Strict-Transport-Security``. They
  are added to the answer's start message, so a 413 from here and a 500 from the error handler
  carry them too. A header a route set itself is left as it is.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from migrationpact.observe.logs import REQUEST_ID as LOGGED_REQUEST_ID
from migrationpact.services.problems import PROBLEM_JSON, TYPE_BASE

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The largest request body the service reads, unless the settings say otherwise.
MAX_BODY_BYTES = 1 << 20
#: A client's request id is kept only when it is of this form.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
HSTS = "max-age=31536000; includeSubDomains"


def security_policy(*, form_origins: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy of every answer. Forms post to this site only, and the
    redirects after them stay here too, unless ``form_origins`` names other origins: the
    OpenID Connect provider, where signing out goes on (``web.signin``).

    >>> security_policy(form_origins=("https://idp.example",)).endswith(
    ...     "form-action 'self' https://idp.example")
    True
    """
    targets = " ".join(("'self'", *form_origins))
    return (
        f"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action {targets}"
    )


SECURITY_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Content-Security-Policy": security_policy(),
}


def request_id_of(given: str | None) -> str:
    """The client's request id when it is a safe one, else a fresh one.

    >>> request_id_of("abc-1.2_3")
    'abc-1.2_3'
    >>> len(request_id_of("x" * 65)), request_id_of("x" * 65) == "x" * 65
    (32, False)
    """
    if given is not None and REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class Edge:
    """The outermost ASGI layer: request id, body limit and the headers of every answer."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int = MAX_BODY_BYTES,
        https: bool = False,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.https = https
        self.extra = dict(extra or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(_header(scope, b"x-request-id"))
        scope.setdefault("state", {})["request_id"] = request_id
        token = LOGGED_REQUEST_ID.set(request_id)  # every log line written meanwhile carries it
        try:
            await self._answer(scope, receive, send, request_id)
        finally:
            LOGGED_REQUEST_ID.reset(token)

    async def _answer(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        headers = self._headers(scope, request_id)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {bytes(k).lower() for k, _ in message.get("headers", ())}
                added = [(k, v) for k, v in headers if k not in present]
                message["headers"] = [*message.get("headers", ()), *added]
            await send(message)

        length = _header(scope, b"content-length")
        if length is not None:
            if not length.strip().isdigit() or int(length) > self.max_body:
                await self._too_large(scope, send_with_headers, request_id)
                return
            await self.app(scope, receive, send_with_headers)
            return
        buffered = await self._read_bounded(receive)
        if buffered is None:
            await self._too_large(scope, send_with_headers, request_id)
            return
        await self.app(scope, _replay(buffered, receive), send_with_headers)

    def _headers(self, scope: Scope, request_id: str) -> list[tuple[bytes, bytes]]:
        fixed = {**SECURITY_HEADERS, **self.extra, "X-Request-ID": request_id}
        if self.https or scope.get("scheme") == "https":
            fixed["Strict-Transport-Security"] = HSTS
        return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in fixed.items()]

    async def _read_bounded(self, receive: Receive) -> list[Message] | None:
        """A body without a length, read to its end or one byte past the limit (None)."""
        messages: list[Message] = []
        total = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages
            total += len(message.get("body", b""))
            if total > self.max_body:
                return None
            if not message.get("more_body", False):
                return messages

    async def _too_large(self, scope: Scope, send: Send, request_id: str) -> None:
        body = json.dumps(
            {
                "type": TYPE_BASE + "request-too-large",
                "title": "Content too large",
                "status": 413,
                "detail": f"the request body is larger than the limit of {self.max_body} bytes "
                "(or its Content-Length is not a number)",
                "instance": scope.get("path", ""),
                "request_id": request_id,
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that hands out the buffered messages first, then the real ones."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
