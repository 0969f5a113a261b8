"""The connections themselves: a participant cannot hold the server's sockets, nor its open files.

uvicorn has no timeout for a request that never finishes arriving, and no cap per client: 300 connections
that send half a header (or trickle a body, a byte now and then) stay open for ever, and a few hundred of
them use up the process' open files. Then asyncio's accept loop (CPython 3.11) logs »Too many open files«
up to 2,048 times per wake-up and no phone is served at all. Two small pieces keep the files free:

- `GuardedListener`, the listening socket, decides at `accept()`, before asyncio makes a transport of it:
  at most `per_address` connections from one address, and at most `budget` participants' connections in
  all, well below the open-file limit, so the laptop's own pages, the store and the server always have
  files left. At a cap, a kept-alive connection that waits idle between two requests (the oldest such of
  that address, or of anyone at the budget) is closed to make room, as uvicorn closes it after 5 s anyway
  and as browsers expect (they send again on a new connection); only when there is none is the new
  connection closed at once. Should the files run out all the same, one waiting connection is dropped
  with a spare file, quietly.
- `guarded_protocol`, uvicorn's own h11 protocol plus one rule: a request must arrive whole (head and body)
  within REQUEST_TIMEOUT seconds of its first byte, and a new connection must bring one within as long;
  else it is dropped. Decided when bytes arrive, with one timer per request (no polling).

One address is often a whole room (a guest Wi-Fi behind NAT, a reverse proxy): 200 phones with a
connection or two each, not one participant. So the cap per address is PER_ADDRESS, but never more than
half the budget, which keeps the other half for every other address; and idle connections, not busy
ones, give way. A connection refused is counted (`refused`, shown to the facilitator).

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
PER_ADDRESS = 256  # open connections from one address (a room behind NAT), at most half the budget
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
                self.limits.refused["connection"] += 1
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
    """The open connections per address, shared by every connection of one server; the idle ones (a
    kept-alive connection between two requests) oldest first, to give way when a cap is reached."""

    def __init__(self, laptop: set[str], per_address: int | None = None, budget: int | None = None,
                 timeout: float = REQUEST_TIMEOUT, refused: Counter[str] | None = None) -> None:
        self.laptop = laptop
        self.budget = file_budget() if budget is None else budget
        self.per_address = min(PER_ADDRESS, max(1, self.budget // 2)) if per_address is None else per_address
        self.timeout = timeout
        self.refused: Counter[str] = Counter() if refused is None else refused  # "connection": refused here
        self.open: Counter[str] = Counter()
        self.total = 0
        self._idle: dict[str, dict[object, None]] = {}  # address -> its idle connections, oldest first
        self._idle_all: dict[object, str] = {}  # every idle connection -> its address, oldest first

    def admit(self, address: str) -> bool:
        """True (and counted) when a new connection from `address` may stay, if need be by closing an idle one."""
        if address in self.laptop:
            return True
        if (self.open[address] >= self.per_address and not self._reap(self._idle.get(address, {}))) or \
                (self.total >= self.budget and not self._reap(self._idle_all)):
            self.refused["connection"] += 1
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

    def idle(self, connection: object, address: str) -> None:
        """`connection` waits for its next request: it may be closed to make room (its `reap()`)."""
        if address not in self.laptop:
            self._idle.setdefault(address, {})[connection] = None
            self._idle_all[connection] = address

    def busy(self, connection: object) -> None:
        """`connection` has a request coming in (or is gone): not to be closed for room."""
        address = self._idle_all.pop(connection, None)
        if address is not None:
            del self._idle[address][connection]
            if not self._idle[address]:
                del self._idle[address]

    def _reap(self, idle: dict) -> bool:  # type: ignore[type-arg]
        """Close the oldest connection of `idle` (its place is free at once); False when there is none."""
        if not idle:
            return False
        next(iter(idle)).reap()  # calls busy() and release(): it leaves both lists
        return True


class CorkedTransport:
    """A connection's transport whose writes within one turn of the event loop leave together: uvicorn writes a
    response's head, its body and its end each as it comes, one send() (one packet, one wake-up of the phone)
    apiece; here the head and body of a response go out in one, when the response is complete, or at the latest
    at the loop's next turn (a live stream's event is never held back longer). Everything else is the transport's."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport, self._loop = transport, loop
        self._held: list[bytes] = []

    def write(self, data: bytes) -> None:
        if data:
            if not self._held:
                self._loop.call_soon(self.flush)
            self._held.append(data)

    def flush(self) -> None:
        if self._held:
            data, self._held = b"".join(self._held), []
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = []
        self._transport.abort()

    def __getattr__(self, name: str) -> object:
        return getattr(self._transport, name)


def guarded_protocol(limits: Limits) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with the request timeout, giving each connection's place back to `limits`
    when it closes: pass it as `uvicorn.Config(http=...)`, with the sockets made `GuardedListener`s."""

    class GuardedH11Protocol(H11Protocol):
        _address: str | None = None
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.transport = CorkedTransport(transport, self.loop)  # type: ignore[assignment]
            peer = transport.get_extra_info("peername")  # as accepted: the address `admit` counted
            self._address = peer[0] if peer else ""
            self._arm()  # a connection that never says anything is dropped too

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            self._give_back()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            limits.busy(self)
            if self._deadline is None:
                self._arm()  # the first byte of a request
            super().data_received(data)
            if not self._receiving():
                self._disarm()

        def on_response_complete(self) -> None:
            self.transport.flush()  # the response, whole, in one send
            super().on_response_complete()
            if self.timeout_keep_alive_task is not None and self._address is not None:  # kept alive, waiting
                limits.idle(self, self._address)

        def reap(self) -> None:
            """Closed to make room for a new connection: idle, so nothing is lost (as uvicorn's keep-alive
            timeout closes it); its place is given back now, not when the transport is gone."""
            self._give_back()
            self._unset_keepalive_if_required()
            try:
                self.timeout_keep_alive_handler()  # h11 says »closed«, the transport closes
            except h11.LocalProtocolError:  # a state that cannot say it: close all the same, never fail accept()
                self.transport.close()

        def _give_back(self) -> None:
            limits.busy(self)
            if self._address is not None:
                limits.release(self._address)
                self._address = None

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
