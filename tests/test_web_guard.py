"""One participant cannot spoil the room: each check against real uvicorn on 127.0.0.1.

A participant on the meeting's network is another address than the laptop's: the whole of 127.0.0.0/8 is
this machine, so a phone here connects from 127.0.0.2, 127.0.0.3, … to the server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import socket
import sys

import pytest

from aktorskab_cli.web.server import bind

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="127.0.0.2 and /proc are Linux's")


def test_every_accepted_connection_has_tcp_nodelay() -> None:
    """Without TCP_NODELAY a response written in two pieces waits ~40 ms for the phone's delayed ACK."""
    seen: list[int] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            seen.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Probe, sock=bind("127.0.0.1", 0))
        port = server.sockets[0].getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(200):
            if seen:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    asyncio.run(main())
    assert seen == [1]
