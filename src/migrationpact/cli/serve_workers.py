"""Worker processes that each listen on a socket of their own, so connections reach them all.

uvicorn's supervisor binds one socket and hands it to every worker. A worker's event loop
accepts every connection that is waiting when it wakes, so a burst of clients that keep their
connections open (a reverse proxy's pool, an API client, the load benchmark) lands on one
worker while the others stay idle: with 50 keep-alive clients on ``serve --workers 2``, one
worker held all 50 connections and the other none, so the second process added nothing.

Here every worker gets a socket of its own, bound to the same address with ``SO_REUSEPORT``,
and the kernel spreads new connections over the listening sockets by a hash of each
connection's addresses. Only processes of the same user can join such a group of sockets
(Linux), and ``serve`` refuses a port another program holds before it starts
(``check_port_free``). uvicorn's supervisor does the rest (starting, restarting a worker that
died, signals): it reads ``sockets`` each time it starts a worker, and here each read binds a
new socket.

Where the platform has no ``SO_REUSEPORT``, ``serve`` uses uvicorn's shared socket.
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

#: Whether the kernel can spread connections over several listening sockets of one port.
SPREADS = hasattr(socket, "SO_REUSEPORT")


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` that other sockets with ``SO_REUSEPORT`` may share; the
    worker's event loop makes it listen. Bound as uvicorn binds (``SO_REUSEADDR``, IPv6 for an
    address with a colon), and inheritable, as a worker process receives it.

    >>> first, second = reuse_port_socket("127.0.0.1", 0), None
    >>> port = first.getsockname()[1]
    >>> second = reuse_port_socket("127.0.0.1", port)
    >>> second.getsockname()[1] == port
    True
    >>> first.close(); second.close()
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class OwnSockets(Multiprocess):
    """uvicorn's supervisor, each worker started with a socket of its own (module docstring)."""

    def __init__(self, config: uvicorn.Config) -> None:
        self._handed: list[socket.socket] = []
        super().__init__(config, sockets=[])

    @property
    def sockets(self) -> list[socket.socket]:
        """The socket of the worker about to start. The supervisor starts each worker before it
        asks for the next socket, and a started worker holds its socket itself, so the copies
        handed out before are closed here: a worker that dies takes its socket with it, and
        the kernel sends its share to the others until its successor listens. (The copy of
        the worker started last stays open until the next start or the end: should that
        worker die, connections given to its socket wait until the supervisor replaces it.)"""
        self._close_handed()
        sock = reuse_port_socket(self.config.host, self.config.port)
        self._handed.append(sock)
        return [sock]

    @sockets.setter
    def sockets(self, given: list[socket.socket]) -> None:
        """uvicorn's ``__init__`` stores the one shared list; there is none here."""

    def run(self) -> None:
        try:
            super().run()
        finally:
            self._close_handed()

    def _close_handed(self) -> None:
        while self._handed:
            self._handed.pop().close()


def run_workers(config: uvicorn.Config) -> None:
    """Run ``config.workers`` worker processes, each on a socket of its own where the platform
    can spread connections (else on uvicorn's one shared socket)."""
    if not SPREADS:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    OwnSockets(config).run()
