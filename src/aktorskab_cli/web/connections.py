"""The connections themselves: a participant cannot hold the server's sockets, nor its open files.

uvicorn has no timeout for a request that never finishes arriving, and no cap per client: 300 connections
that send half a header (or trickle a body, a byte now and then) stay open for ever, and a few hundred of
them use up the process' open files. Then asyncio's accept loop (CPython 3.11) logs »Too many open files«
up to 2,048 times per wake-up and no phone is served at all. Two small pieces keep the files free:

- `GuardedListener`, the listening socket, decides at `accept()`, before asyncio makes a transport of it:
  at most PER_ADDRESS connections from one participant's address (a phone's browser opens up to six), and
  at most `budget` participants' connections in all, well below the open-file limit, so the laptop's own
  pages, the store and the server always have files left. A connection over a cap is closed at once. Should
  the files run out all the same, one waiting connection is dropped with a spare file, quietly.
- `guarded_protocol`, uvicorn's own h11 protocol plus one rule: a request must arrive whole (head and body)
  within REQUEST_TIMEOUT seconds of its first byte, and a new connection must bring one within as long;
  else it is dropped. Decided when bytes arrive, with one timer per request (no polling).

The laptop's own addresses (the facilitator, the projector, `run --web`) are under neither cap.
Chosen over uvicorn's `limit_concurrency` (it answers 503 only once a request's head is complete, so
half-open connections are never counted, and it does not keep the files from running out), h11's size
limits (a slow sender stays under them) and another ASGI server (hypercorn has read timeouts but no cap per
address, and would be a second server to know). The server runs on asyncio's own loop (`loop="asyncio"`):
uvloop would accept on the file descriptor itself, past `GuardedListener.accept`.
"""

from __future__ import annotations

import asyncio
import errno
import os
import socket
from collections import Counter

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_TIMEOUT = 10.0  # seconds for one request to arrive whole
PER_ADDRESS = 24  # open connections from one participant's address
RESERVED_FILES = 100  # open files kept for the laptop's pages, SQLite and the server itself


def file_budget() -> int:
    """How many participants' connections the process' open-file limit leaves room for."""
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return 4096
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    soft = 4096 if soft == resource.RLIM_INFINITY else soft
    return max(16, soft - RESERVED_FILES)


class GuardedListener(socket.socket):
    """A listening socket whose `accept()` closes at once what is over `limits` (see the module's text)."""

    limits: Limits
    _spare: int = -1

    @classmethod
    def around(cls, sock: socket.socket, limits: Limits) -> GuardedListener:
        """The same listening socket (same file, already bound and listening), guarded by `limits`."""
        listener = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        listener.limits = limits
        listener._spare = os.open(os.devnull, os.O_RDONLY)
        return listener

    def accept(self) -> tuple[socket.socket, object]:
        while True:
            try:
                conn, address = super().accept()
            except OSError as exc:
                if exc.errno not in (errno.EMFILE, errno.ENFILE):
                    raise
                self._drop_one()
                raise BlockingIOError(errno.EAGAIN, "no file for a connection now") from None
            if self.limits.admit(address[0]):
                return conn, address
            conn.close()

    def _drop_one(self) -> None:
        """Out of files: take one waiting connection with the spare file and close it, so the queue moves."""
        os.close(self._spare)
        try:
            conn, _ = super().accept()
            conn.close()
        except OSError:
            pass
        finally:
            self._spare = os.open(os.devnull, os.O_RDONLY)

    def close(self) -> None:
        if self._spare >= 0:
            os.close(self._spare)
            self._spare = -1
        super().close()


class Limits:
    """The open connections per participant's address, shared by every connection of one server."""

    def __init__(self, laptop: set[str], per_address: int = PER_ADDRESS, budget: int | None = None,
                 timeout: float = REQUEST_TIMEOUT) -> None:
        self.laptop = laptop
        self.per_address = per_address
        self.budget = file_budget() if budget is None else budget
        self.timeout = timeout
        self.open: Counter[str] = Counter()
        self.total = 0

    def admit(self, address: str) -> bool:
        """True (and counted) when a new connection from `address` may stay."""
        if address in self.laptop:
            return True
        if self.open[address] >= self.per_address or self.total >= self.budget:
            return False
        self.open[address] += 1
        self.total += 1
        return True

    def release(self, address: str) -> None:
        if address in self.laptop:
            return
        self.total -= 1
        self.open[address] -= 1
        if not self.open[address]:
            del self.open[address]


def guarded_protocol(limits: Limits) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with the request timeout, giving each connection's place back to `limits`
    when it closes: pass it as `uvicorn.Config(http=...)`, with the sockets made `GuardedListener`s."""

    class GuardedH11Protocol(H11Protocol):
        _address: str | None = None
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            peer = transport.get_extra_info("peername")  # as accepted: the address `admit` counted
            self._address = peer[0] if peer else ""
            self._arm()  # a connection that never says anything is dropped too

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._address is not None:
                limits.release(self._address)
                self._address = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._deadline is None:
                self._arm()  # the first byte of a request
            super().data_received(data)
            if not self._receiving():
                self._disarm()

        def _receiving(self) -> bool:
            """A request is on its way in: its body is still coming, or part of its head is held."""
            state = self.conn.their_state
            return state is h11.SEND_BODY or (state is h11.IDLE and bool(self.conn.trailing_data[0]))

        def _arm(self) -> None:
            self._deadline = self.loop.call_later(limits.timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.abort()

    return GuardedH11Protocol
