"""The assistant's Prometheus counters (the bot's own metrics are in bot/runtime/metrics.py).
Counting is all these do; the bot serves them on HEALTH_PORT at /metrics."""

from __future__ import annotations

from prometheus_client import Counter

MODEL_CALLS = Counter(
    "finbot_model_calls", "Responses API calls, by outcome (ok, failed)", ["outcome"]
)
MODEL_TOKENS = Counter(
    "finbot_model_tokens", "Tokens the model used, by kind (input, cached, output)", ["kind"]
)
TOOL_ERRORS = Counter(
    "finbot_tool_errors",
    "Assistant tool calls that returned an error, by tool and code",
    ["tool", "code"],
)
