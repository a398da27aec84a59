"""The operator's window into a running bot, on a port of its own (HEALTH_PORT): `GET
/healthz` (the database answers and its schema is the code's) and `GET /metrics`
(Prometheus). It runs in polling and webhook modes alike, in the bot's event loop."""

from __future__ import annotations

import asyncio
import json
import logging

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

from db.migrations import head_revision

log = logging.getLogger(__name__)

DATABASE_TIMEOUT_SECONDS = 2.0


class _Health(RequestHandler):
    def initialize(self, engine: AsyncEngine, head: str, server: OpsServer) -> None:
        self._engine, self._head, self._server = engine, head, server

    async def get(self) -> None:
        if self._server.stopping:  # the load balancer should send updates elsewhere now
            self.set_status(503)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"status": "stopping"}))
            return
        report = {"database": "ok", "migrations": "ok", "head": self._head}
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
                async with self._engine.connect() as connection:
                    current = await connection.scalar(
                        text("SELECT version_num FROM alembic_version")
                    )
        except Exception as error:  # any failure to reach the database is "down"
            log.warning("health check: the database did not answer (%s)", type(error).__name__)
            report["database"] = "unreachable"
            current = None
        if report["database"] == "ok" and current != self._head:
            report["migrations"] = f"at {current}, the code needs {self._head}"
        healthy = report["database"] == "ok" and report["migrations"] == "ok"
        report["status"] = "ok" if healthy else "failing"
        self.set_status(200 if healthy else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(report))


class _Metrics(RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(generate_latest())


class OpsServer:
    def __init__(self, engine: AsyncEngine, *, host: str, port: int) -> None:
        self.stopping = False  # set on SIGTERM: /healthz answers 503 from then on
        app = Application(
            [
                (r"/healthz", _Health, {"engine": engine, "head": head_revision(), "server": self}),
                (r"/metrics", _Metrics),
            ]
        )
        self._server = HTTPServer(app)
        self._host, self._port = host, port

    def start(self) -> None:
        self._server.listen(self._port, address=self._host)
        log.info("health and metrics on http://%s:%s/", self._host, self._port)

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
