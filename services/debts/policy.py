"""The negotiation limits that apply to an operator's debt.

An import stores ``max_months``, ``min_installment`` and ``max_discount_pct`` only
when the CSV gives them; an empty cell is stored as NULL, which means "whatever the
policy defaults are when the limit is used" (``POLICY_MAX_MONTHS``,
``POLICY_MIN_INSTALLMENT``, ``POLICY_MAX_DISCOUNT_PCT``). Changing a setting thus
changes every debt that did not set its own limit, without a re-import.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class DebtPolicy:
    """Limits of one negotiation: the longest plan, the smallest installment and the
    largest settlement discount (in percent)."""

    max_months: int
    min_installment: Decimal
    max_discount_pct: Decimal


def resolve_policy(
    *,
    max_months: int | None,
    min_installment: Decimal | None,
    max_discount_pct: Decimal | None,
    default_policy: DebtPolicy,
) -> DebtPolicy:
    """A debt's own limits, each falling back to ``default_policy`` where it is ``None``."""
    return DebtPolicy(
        max_months=default_policy.max_months if max_months is None else max_months,
        min_installment=default_policy.min_installment
        if min_installment is None
        else min_installment,
        max_discount_pct=(
            default_policy.max_discount_pct if max_discount_pct is None else max_discount_pct
        ),
    )
