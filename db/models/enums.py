"""Allowed values of the string status/kind columns.

Columns store the plain string value (``DebtStatus.OPEN == "open"``); a CHECK
constraint built from these enums keeps both engines in agreement. Adding a value
therefore needs a migration that recreates the constraint.
"""

from __future__ import annotations

from enum import StrEnum


class DebtKind(StrEnum):
    OPERATOR = "operator"
    PERSONAL = "personal"


class DebtStatus(StrEnum):
    OPEN = "open"
    IN_PLAN = "in_plan"
    SETTLED = "settled"
    PAID = "paid"
    CANCELLED = "cancelled"


class PlanKind(StrEnum):
    INSTALLMENTS = "installments"
    SETTLEMENT = "settlement"
    PARTIAL = "partial"


class PlanStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    BROKEN = "broken"


class InstallmentStatus(StrEnum):
    OPEN = "open"
    REPORTED_PAID = "reported_paid"
    PAID = "paid"
    CANCELLED = "cancelled"


class PaymentSource(StrEnum):
    TELEGRAM = "telegram"
    OPERATOR = "operator"
    USER_REPORT = "user_report"


class OfferKind(StrEnum):
    SETTLEMENT = "settlement"
    COUNTEROFFER_ACCEPTED = "counteroffer_accepted"
    PARTIAL = "partial"


class OfferStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"


class ThreadStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class ThreadItemType(StrEnum):
    MESSAGE = "message"
    FUNCTION_CALL = "function_call"
    FUNCTION_CALL_OUTPUT = "function_call_output"
    REASONING = "reasoning"


class ReminderKind(StrEnum):
    """The default reminder kinds: "before_N", "due" and "after_N" say how many days from
    the due date (REMINDER_DAYS_BEFORE / _AFTER choose N). The column is deliberately
    unconstrained, so other days need no migration."""

    BEFORE_3 = "before_3"
    DUE = "due"
    AFTER_1 = "after_1"
    AFTER_7 = "after_7"


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"
