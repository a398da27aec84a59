"""Plays batches of actions against the running bot and checks what it owes for each:
handled without an error, an answer to every private message, every button press and
pre-checkout answered, forged payments refused, and nothing the fake Telegram objects to.

"Handled" is read from the bot's own per-update log line (bot/runtime/logs.py): it is written
when the update's handling ends, with the handler that took it and its outcome.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from tests.faults.fuzz_push import Pushed, Pusher
from tests.faults.fuzz_world import FuzzWorld

ANSWERS = {"sendmessage", "sendphoto", "senddocument", "sendinvoice", "editmessagetext"}
BATCH_TIMEOUT = 60.0
MAX_PROBLEMS = 50
"""After this many problems the run stops pushing: enough to see what is wrong."""


class _Records(logging.Handler):
    def __init__(self, on_record, level: int) -> None:
        super().__init__(level)
        self.on_record = on_record

    def emit(self, record: logging.LogRecord) -> None:
        self.on_record(record)


class Driver:
    def __init__(self, application, fake, world: FuzzWorld) -> None:
        self.fake = fake
        self.pusher = Pusher(fake, application, world)
        self.handled: dict[int, logging.LogRecord] = {}
        self._waiting: set[int] = set()
        self._all_handled = asyncio.Event()
        self.problems: list[str] = []
        self.warnings: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.handlers: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.unanswered_presses: list[str] = []
        self.updates = 0
        self._fake_problems = 0

    # -- watching the bot's logs ---------------------------------------------------------
    @contextmanager
    def watching(self) -> Iterator[None]:
        updates_log = logging.getLogger("finbot.updates")
        saved = updates_log.level, updates_log.propagate
        on_update = _Records(self._on_update, logging.INFO)
        trouble = _Records(self._on_trouble, logging.WARNING)
        updates_log.setLevel(logging.INFO)
        updates_log.propagate = False  # 10,000 lines are not for pytest's report
        updates_log.addHandler(on_update)
        logging.getLogger().addHandler(trouble)
        try:
            yield
        finally:
            logging.getLogger().removeHandler(trouble)
            updates_log.removeHandler(on_update)
            updates_log.setLevel(saved[0])
            updates_log.propagate = saved[1]

    def _on_update(self, record: logging.LogRecord) -> None:
        self.handled[record.update_id] = record
        self._waiting.discard(record.update_id)
        if not self._waiting:
            self._all_handled.set()

    def _on_trouble(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR:
            self.warnings[f"{record.name}: {record.msg}"] += 1
            return
        error = ""
        if record.exc_info:
            error = "\n" + logging.Formatter().formatException(record.exc_info)
        # The same failure at the same place is one problem, however often it happens.
        ours = [line for line in error.splitlines() if "/bot/" in line or "/services/" in line]
        key = f"{record.name} {ours[-1:]} {error.strip().splitlines()[-1:]}"
        if key not in self.failures:
            self.problems.append(f"{record.name} logged: {record.getMessage()}{error}")
        self.failures[key] += 1

    # -- one batch -----------------------------------------------------------------------
    @property
    def stopped(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    async def play(self, batch: list[tuple]) -> None:
        if self.stopped:
            return
        first_request = len(self.fake.requests())
        pushed = []
        for action in batch:
            made = await self.pusher.push(action)
            pushed += made if isinstance(made, list) else [made]
            self.kinds[action[0]] += 1
        self.updates += len(pushed)
        await self._wait({p.update_id for p in pushed})
        self._check(pushed, self.fake.requests()[first_request:])

    async def _wait(self, update_ids: set[int]) -> None:
        self._waiting = update_ids - self.handled.keys()
        self._all_handled = asyncio.Event()
        if not self._waiting:
            return
        try:
            await asyncio.wait_for(self._all_handled.wait(), BATCH_TIMEOUT)
        except TimeoutError:
            self.problems.append(f"never handled: updates {sorted(self._waiting)}")
            self._waiting = set()

    def _check(self, pushed: list[Pushed], requests: list) -> None:
        for p in pushed:
            record = self.handled.get(p.update_id)
            if record is not None:
                self.handlers[record.handler] += 1
        self._check_replies(pushed, requests)
        for request in requests:
            text = request.params.get("text")
            if isinstance(text, str) and text.strip() in ("", "[]"):  # PTB sends "" as "[]"
                self.problems.append(f"a blank text: {request}")
        for p in pushed:
            self._check_answers(p)
        for problem in self.fake.problems[self._fake_problems :]:
            self.problems.append(f"fake Telegram: {problem}")
        self._fake_problems = len(self.fake.problems)

    def _check_replies(self, pushed: list[Pushed], requests: list) -> None:
        """Each private message got at least one message or edit back. Updates of a chat
        are handled one at a time, so a request belongs to the first update of its chat
        whose handling ended after the request arrived."""
        in_chat: dict[int, list[tuple[float, Pushed]]] = defaultdict(list)
        for p in pushed:
            record = self.handled.get(p.update_id)
            if p.chat_id is not None and record is not None:
                in_chat[p.chat_id].append((record.created, p))
        answered: set[int] = set()
        for request in requests:
            chat_id = request.params.get("chat_id")
            if request.method.lower() not in ANSWERS or not request.ok or chat_id is None:
                continue
            ends = sorted(in_chat.get(int(chat_id), []), key=lambda end: end[0])
            owner = next((p for end, p in ends if end >= request.time), None)
            if owner is not None:
                answered.add(owner.update_id)
        for chat_updates in in_chat.values():
            for _, p in chat_updates:
                if p.wants_reply and p.update_id not in answered:
                    self.problems.append(
                        f"no answer to message update {p.update_id} in chat {p.chat_id} "
                        f"(handled by {self.handled[p.update_id].handler}): "
                        f"{self._update_of(p.update_id)}"
                    )

    def _check_answers(self, p: Pushed) -> None:
        if p.query is not None and not p.query.answered and p.query.message.chat.type == "private":
            record = self.handled.get(p.update_id)
            handler = record.handler if record is not None else "?"
            self.unanswered_presses.append(f"{p.query.data!r} (by {handler})")
        if p.checkout is not None:
            answer = p.checkout.answer
            if answer is None:
                self.problems.append(f"pre-checkout {p.checkout.payload} never answered")
            elif answer["ok"]:
                self.problems.append(f"forged pre-checkout approved: {p.checkout.payload}")

    def _update_of(self, update_id: int) -> str:
        found = next((u for u in self.fake.updates.delivered if u["update_id"] == update_id), {})
        return repr(found)[:600]
