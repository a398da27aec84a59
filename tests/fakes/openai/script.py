"""What the fake model "says" next: a queue of scripted replies."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError
from .shapes import Item, complete_output_item, function_call_item, message_item


@dataclass(frozen=True)
class Text:
    """An assistant message with one `output_text` part."""

    text: str


@dataclass(frozen=True)
class ToolCall:
    """A `function_call` output item. `arguments` may be a dict (JSON-encoded) or a raw string."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    call_id: str | None = None


OutputSpec = Text | ToolCall | str | dict[str, Any]
Responder = Callable[[dict[str, Any]], OutputSpec | list[OutputSpec] | ApiError]


def build_item(spec: OutputSpec) -> Item:
    if isinstance(spec, str):
        spec = Text(spec)
    if isinstance(spec, Text):
        return message_item(spec.text)
    if isinstance(spec, ToolCall):
        args = spec.arguments
        encoded = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)
        return function_call_item(spec.name, encoded, call_id=spec.call_id)
    if isinstance(spec, dict):
        return complete_output_item(spec)
    raise TypeError(f"fake_openai: cannot turn {spec!r} into an output item")


@dataclass
class Reply:
    """One scripted model turn: fixed outputs or a responder called with the request body."""

    outputs: list[OutputSpec] | Responder
    usage: dict[str, int] | None = None
    label: str = ""

    def materialize(self, body: dict[str, Any]) -> list[Item] | ApiError:
        specs: Any = self.outputs(body) if callable(self.outputs) else self.outputs
        if isinstance(specs, ApiError):
            return specs
        if not isinstance(specs, list):
            specs = [specs]
        return [build_item(spec) for spec in specs]


def _as_call(call: ToolCall | tuple[Any, ...]) -> ToolCall:
    return call if isinstance(call, ToolCall) else ToolCall(*call)


class Script:
    """FIFO of replies for `POST /v1/responses`.

    Methods chain: `script.call_tool(...).reply_text(...)`.
    """

    def __init__(self) -> None:
        self._queue: deque[Reply] = deque()
        self.consumed: list[Reply] = []

    # --- scripting ---------------------------------------------------------------------------

    def reply_text(self, text: str, *, usage: dict[str, int] | None = None) -> Script:
        return self._push(Reply([Text(text)], usage, f"text {text[:40]!r}"))

    def call_tool(
        self,
        name: str,
        arguments: dict[str, Any] | str | None = None,
        *,
        call_id: str | None = None,
        usage: dict[str, int] | None = None,
    ) -> Script:
        call = ToolCall(name, {} if arguments is None else arguments, call_id)
        return self._push(Reply([call], usage, f"call {name}"))

    def call_tools(
        self, *calls: ToolCall | tuple[Any, ...], usage: dict[str, int] | None = None
    ) -> Script:
        """Several function calls in one response: ToolCall objects or (name, args[, call_id])."""
        specs: list[OutputSpec] = [_as_call(call) for call in calls]
        names = ", ".join(spec.name for spec in specs if isinstance(spec, ToolCall))
        return self._push(Reply(specs, usage, f"calls {names}"))

    def reply(self, *outputs: OutputSpec, usage: dict[str, int] | None = None) -> Script:
        """Any mix of Text, ToolCall, plain strings and raw output-item dicts."""
        return self._push(Reply(list(outputs), usage, f"reply of {len(outputs)} item(s)"))

    def respond_with(self, responder: Responder, *, usage: dict[str, int] | None = None) -> Script:
        """`responder(body)` returns output spec(s) or an ApiError; it sees the decoded request."""
        label = f"responder {getattr(responder, '__name__', responder)!r}"
        return self._push(Reply(responder, usage, label))

    def extend(self, replies: Iterable[Reply]) -> Script:
        for reply in replies:
            self._push(reply)
        return self

    # --- consumption -------------------------------------------------------------------------

    def _push(self, reply: Reply) -> Script:
        self._queue.append(reply)
        return self

    def peek(self) -> Reply | None:
        return self._queue[0] if self._queue else None

    def pop(self) -> Reply | None:
        if not self._queue:
            return None
        reply = self._queue.popleft()
        self.consumed.append(reply)
        return reply

    @property
    def pending(self) -> list[str]:
        """Labels of the replies not consumed yet."""
        return [reply.label for reply in self._queue]

    def __len__(self) -> int:
        return len(self._queue)

    def clear(self) -> None:
        self._queue.clear()
