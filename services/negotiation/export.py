"""The operator's export of negotiation outcomes (``finbot export-agreements FILE.csv``):
every accepted offer with its agreement (a broken one shows ``plan_status``
"broken"), then every broken installment plan agreed outside a negotiation (with
/plan), then every hardship case."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from db.unit_of_work import UnitOfWork

AGREEMENT = "agreement"
BROKEN_PLAN = "broken_plan"
HARDSHIP = "hardship"


@dataclass(frozen=True, kw_only=True)
class OperatorCaseRow:
    """One line of the export. `case` is "agreement", "broken_plan" or "hardship"; the
    columns that do not apply to the case are None. A broken plan fills the plan's
    columns: `agreed_amount` is its total, `months` its number of installments."""

    case: str
    debt_id: int
    debt_reference: str | None
    creditor: str
    debtor_name: str | None
    user_id: int | None
    currency: str
    balance: Decimal
    """Agreements: the balance the offer was made on. Otherwise: the debt's balance now."""
    offer_id: int | None = None
    offer_kind: str | None = None
    plan_id: int | None = None
    plan_status: str | None = None
    agreed_amount: Decimal | None = None
    discount_pct: Decimal | None = None
    upfront_amount: Decimal | None = None
    remaining_amount: Decimal | None = None
    months: int | None = None
    agreed_at: datetime | None = None
    hardship_requested_at: datetime | None = None
    hardship_note: str | None = None
    paused: bool | None = None

    def csv_values(self) -> list[str]:
        """The row as CSV cells: money as plain "1234.56", times in ISO 8601 UTC, None empty."""
        return [_cell(getattr(self, name)) for name in EXPORT_COLUMNS]


EXPORT_COLUMNS = tuple(field.name for field in fields(OperatorCaseRow))
"""The CSV header, in column order."""


async def list_agreements_and_hardship(uow: UnitOfWork) -> list[OperatorCaseRow]:
    """Every agreement reached by negotiation (oldest first), then every broken plan not
    negotiated, then every hardship case."""
    repository = uow.negotiations
    rows = [
        OperatorCaseRow(
            case=AGREEMENT,
            debt_id=debt.id,
            debt_reference=debt.reference,
            creditor=debt.creditor,
            debtor_name=debtor.full_name if debtor is not None else None,
            user_id=offer.user_id,
            currency=debt.currency,
            balance=offer.balance if offer.balance is not None else debt.balance,
            offer_id=offer.id,
            offer_kind=offer.kind,
            plan_id=plan.id if plan is not None else None,
            plan_status=plan.status if plan is not None else None,
            agreed_amount=offer.amount,
            discount_pct=offer.discount_pct,
            upfront_amount=offer.upfront_amount,
            remaining_amount=offer.remaining_amount,
            months=offer.months,
            agreed_at=offer.decided_at,
        )
        for offer, plan, debt, debtor in await repository.agreements()
    ]
    rows.extend(await _broken_plans(uow))
    rows.extend(
        OperatorCaseRow(
            case=HARDSHIP,
            debt_id=debt.id,
            debt_reference=debt.reference,
            creditor=debt.creditor,
            debtor_name=debtor.full_name if debtor is not None else None,
            user_id=negotiation.user_id,
            currency=debt.currency,
            balance=debt.balance,
            hardship_requested_at=negotiation.hardship_requested_at,
            hardship_note=negotiation.hardship_note,
            paused=negotiation.paused_at is not None,
        )
        for negotiation, debt, debtor in await repository.hardship_cases()
    )
    return rows


async def _broken_plans(uow: UnitOfWork) -> list[OperatorCaseRow]:
    """Broken plans of operator debts agreed without an offer, oldest agreed first."""
    return [
        OperatorCaseRow(
            case=BROKEN_PLAN,
            debt_id=debt.id,
            debt_reference=debt.reference,
            creditor=debt.creditor,
            debtor_name=debtor.full_name if debtor is not None else None,
            user_id=plan.user_id,
            currency=debt.currency,
            balance=debt.balance,
            plan_id=plan.id,
            plan_status=plan.status,
            agreed_amount=plan.total,
            months=count,
            agreed_at=plan.agreed_at,
        )
        for plan, debt, debtor, count in await uow.negotiations.broken_plans_without_offer()
    ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
