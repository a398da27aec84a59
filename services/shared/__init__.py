"""Money, amounts, time, errors, the audit log and multi-step flows: what every capability uses."""

from services.shared.amounts import (
    InvalidAmount,
    parse_amount,
    parse_day_of_month,
    parse_months,
    parse_rate,
)
from services.shared.clock import Clock, FixedClock, local_today, system_clock, time_zone
from services.shared.errors import DomainError, NotFound
from services.shared.flows import (
    FLOW_TIMEOUT,
    FlowState,
    current_flow,
    finish_flow,
    go_to_step,
    purge_old_flows,
)
from services.shared.money import ZERO, format_money, format_percent, locale_for, to_cents
from services.shared.phones import InvalidPhone, normalise_phone

__all__ = [
    "FLOW_TIMEOUT",
    "ZERO",
    "Clock",
    "DomainError",
    "FixedClock",
    "FlowState",
    "InvalidAmount",
    "InvalidPhone",
    "NotFound",
    "current_flow",
    "finish_flow",
    "format_money",
    "format_percent",
    "go_to_step",
    "local_today",
    "locale_for",
    "normalise_phone",
    "parse_amount",
    "parse_day_of_month",
    "parse_months",
    "parse_rate",
    "purge_old_flows",
    "system_clock",
    "time_zone",
    "to_cents",
]
