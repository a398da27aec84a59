"""A TCP proxy in front of PostgreSQL that can play a server restart: every open
connection is cut, and new ones are refused until it is back."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy.engine import make_url


class PostgresProxy:
    def __init__(self, upstream_host: str = "127.0.0.1", upstream_port: int = 5432) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port: int | None = None
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()
        self.connections = 0

    def url_for(self, database_url: str) -> str:
        """`database_url` pointed at this proxy."""
        url = make_url(database_url).set(host="127.0.0.1", port=self.port)
        return url.render_as_string(hide_password=False)

    async def start(self) -> PostgresProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port or 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def restart(self, down_for: float) -> None:
        """Cut every connection, refuse new ones for `down_for` seconds, then accept again."""
        assert self._server is not None
        self._server.close()
        for writer in list(self._pipes):
            writer.transport.abort()  # a reset, as a dying server leaves it
        self._pipes.clear()
        await self._server.wait_closed()
        await asyncio.sleep(down_for)
        await self.start()

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._pipes):
                writer.transport.abort()
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            return
        self._pipes.update((writer, up_writer))
        await asyncio.gather(
            self._pump(reader, up_writer), self._pump(up_reader, writer), return_exceptions=True
        )
        self._pipes.difference_update((writer, up_writer))

    @staticmethod
    async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            with contextlib.suppress(Exception):
                writer.close()
