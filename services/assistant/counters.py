"""The assistant's Prometheus counters (the bot's own metrics are in bot/runtime/metrics.py).
Counting is all these do; the bot serves them on HEALTH_PORT at /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

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
OPERATOR_TOKENS_TODAY = Gauge(
    "finbot_model_operator_tokens_today",
    "Tokens spent and reserved on the operator's model today (the operator's day), "
    "against ASSISTANT_OPERATOR_DAILY_TOKENS",
)
REFUSALS = Counter(
    "finbot_assistant_refusals",
    "Assistant turns or model calls refused, by limit "
    "(person_budget, operator_budget, turn_rate, not_allowed)",
    ["limit"],
)
