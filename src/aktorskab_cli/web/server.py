"""Serving a session's room: the laptop's LAN address, the sockets, uvicorn in a background thread.

`start_room(...)` binds first (a taken port is a clear Danish message, not a traceback), then runs
uvicorn on those sockets in a daemon thread of the same process; `WebServer.stop()` ends the open live
streams and the server within seconds. uvicorn logs nothing here: no access log (nothing that could hold
an answer's text), and no log lines over the live screen.
"""

from __future__ import annotations

import errno
import gc
import ipaddress
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from aktorskab_cli.errors import AktorskabError, BadInput
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_store

DEFAULT_PORT = 8000
LOOPBACK = "127.0.0.1"
# Seconds a thread waiting for the GIL waits before it asks the holder to hand it over (Python's default: 5 ms).
# The store's thread gives the GIL up and takes it back around every SQL statement of an answer's transaction;
# behind an event loop busy with other phones, each take waited up to the default 5 ms (a lone answer's
# transaction took 16 ms instead of 2 ms at the median, benchmarks/phones.py's case of a busy room).
SWITCH_INTERVAL = 0.0005


def short_gil_switches() -> None:
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))


def settle_process() -> None:
    """Once a room is up, in a process that serves it (`serve`, `run --web`; benchmarks/phones.py's floor app does
    the same, so that neither side gains by it): the short GIL switches, and the objects that live as long as the
    process (the modules, the compiled pages, the app) taken out of the garbage collector's scans (gc.freeze), so
    that a full collection in a burst of answers walks only what the requests made (it took 14–19 ms)."""
    short_gil_switches()
    gc.collect()  # nothing that is garbage already is kept for ever
    gc.freeze()


def lan_address() -> str:
    """The address this laptop has on the network it would use to go out (no packet is sent);
    127.0.0.1 when there is no network at all."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        return probe.getsockname()[0]
    except OSError:
        return LOOPBACK
    finally:
        probe.close()


def is_private(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_private
    except ValueError:
        return False


def raise_open_files() -> None:
    """More open files where the OS allows (macOS starts a terminal at 256): each phone costs a socket."""
    try:
        import resource
    except ImportError:  # Windows has no such limit to raise
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
    if soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        except (ValueError, OSError):
            pass


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket. Made with proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on an
    accepted socket whose proto says TCP, and without it every response waits ~40 ms (Nagle + delayed ACK)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: never share a port with another program
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)) or "in use" in str(exc):
            raise BadInput(f"Port {port} er optaget (kører mødets side måske allerede i et andet vindue?). "
                           "Vælg en anden med --port, fx --port 0 for en hvilken som helst ledig port") from None
        if exc.errno == errno.EACCES:
            raise BadInput(f"Port {port} må ikke bruges af en almindelig bruger; vælg fx --port 8000") from None
        raise BadInput(f"Adressen {host} findes ikke på denne computer ({exc.strerror}); "
                       "udelad --host for at bruge netværksadressen") from None
    sock.listen(512)
    sock.setblocking(False)
    return sock


def bind_all(hosts: list[str], port: int) -> list[socket.socket]:
    """The same port on every address (port 0: the first gets a free one, the others take it too)."""
    first = bind(hosts[0], port)
    port = first.getsockname()[1]
    sockets = [first]
    try:
        sockets += [bind(h, port) for h in hosts[1:]]
    except BadInput:
        for s in sockets:
            s.close()
        raise
    return sockets


def quiet_uvicorn() -> None:
    """No uvicorn lines on the terminal (they would land over the live screen); a failing request
    is answered with a short Danish page by the app itself."""
    import logging

    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False


@dataclass
class WebServer:
    """uvicorn serving one room in a background thread."""

    server: object  # uvicorn.Server
    thread: threading.Thread
    state: object  # RoomState
    host: str
    port: int

    @property
    def join_url(self) -> str:
        return self.state.join_url

    @property
    def facilitator_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}{self.state.facilitator_path}"

    def stop(self, timeout: float = 5.0) -> None:
        """End the live streams and the server; returns within `timeout` seconds."""
        self.state.closing = True
        self.server.should_exit = True
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.server.force_exit = True
            self.thread.join(1.0)
        self.state.close()


def start_room(db: Path, session_id: int, *, host: str | None, port: int | None,
               groups: int | None = None) -> WebServer:
    """Open the session's room (same join code as before) and serve it; returns once it answers."""
    import uvicorn

    from aktorskab_cli.web.app import create_app
    from aktorskab_cli.web.connections import GuardedListener, Limits, guarded_protocol
    from aktorskab_cli.web.room import RoomState

    raise_open_files()
    quiet_uvicorn()
    short_gil_switches()
    store = open_store(db)
    try:
        session = store.session(session_id)
        room = rooms.ensure_room(store, session.id)
        rooms.forget_old_withdrawals(store)  # a text withdrawn before a crash is wiped once it cannot come back
        lan = host or lan_address()
        hosts = [lan] if lan in (LOOPBACK, "0.0.0.0", "::") else [lan, LOOPBACK]  # noqa: S104
        sockets = bind_all(hosts, DEFAULT_PORT if port is None and room.port is None else
                           port if port is not None else room.port)
        real_port = sockets[0].getsockname()[1]
        if lan in ("0.0.0.0", "::"):  # noqa: S104 - the user asked for every interface; name the real one
            lan = lan_address()
        rooms.set_port(store, session.id, real_port)
    except BaseException:
        store.close()
        raise
    shown = f"[{lan}]" if ":" in lan else lan
    names = (shown, LOOPBACK, "localhost")
    allowed = set(names)  # the Host a phone sends names one of these (TrustedHostMiddleware leaves the port out)
    laptop = {lan, LOOPBACK, "::1", "localhost"}
    state = RoomState(store, session.id, session.agenda, room, f"http://{shown}:{real_port}", laptop,
                      groups if groups is not None else session.groups)
    limits = Limits(laptop, refused=state.limits.refused)  # slow or half-open connections, caps, open files
    sockets = [GuardedListener.around(s, limits) for s in sockets]
    config = uvicorn.Config(create_app(state, allowed), http=guarded_protocol(limits), loop="asyncio", proxy_headers=False,
                            log_config=None, access_log=False, lifespan="off", timeout_graceful_shutdown=2,
                            timeout_keep_alive=5, server_header=False, date_header=False, ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": sockets}, name="aktorskab-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise AktorskabError("Mødets side kunne ikke starte.")
        time.sleep(0.02)
    return WebServer(server, thread, state, lan, real_port)
