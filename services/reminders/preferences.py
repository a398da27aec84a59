"""What a person can do about their reminders: see the next ones, turn them off or on
(all, or one debt), and answer one ("I've paid"). Only their own debts are found:
anyone else's id looks like nothing at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from db.models import Debt, PaymentPlan
from db.models.enums import DebtKind, DebtStatus, InstallmentStatus, PlanStatus
from db.unit_of_work import UnitOfWork
from services.accounts.users import NotRegistered
from services.debts.owed import DebtNotFound
from services.shared import audit
from services.shared.errors import DomainError

NEXT_SHOWN = 5


class InstallmentNotFound(DomainError):
    """No open installment with that id among the person's plans."""

    code = "installment_not_found"


@dataclass(frozen=True)
class UpcomingReminder:
    due_at: datetime
    creditor: str
    amount: Decimal
    currency: str
    due_date: date


@dataclass(frozen=True)
class DebtSwitch:
    debt_id: int
    creditor: str
    enabled: bool


@dataclass(frozen=True)
class ReminderOverview:
    enabled: bool
    timezone: str | None
    upcoming: tuple[UpcomingReminder, ...]
    debts: tuple[DebtSwitch, ...]


@dataclass(frozen=True)
class PaidAnswer:
    outcome: str  # "paid" (own debt), "reported" (the operator confirms), "already"
    number: int
    creditor: str
    amount: Decimal
    currency: str


async def reminder_overview(uow: UnitOfWork, *, user_id: int, now: datetime) -> ReminderOverview:
    user = await uow.users.get(user_id)
    if user is None or user.deleted_at is not None:
        raise NotRegistered()
    debts = await uow.reminders.debt_switches(user_id)
    upcoming = await uow.reminders.upcoming(user_id, limit=NEXT_SHOWN * 4)
    # The next reminder of each installment; the later ones only go if it stays unpaid.
    upcoming = list({(row.creditor, row.due_date): row for row in reversed(upcoming)}.values())
    upcoming = sorted(upcoming, key=lambda row: row.due_at)[:NEXT_SHOWN]
    return ReminderOverview(
        enabled=user.reminders_enabled,
        timezone=user.timezone,
        upcoming=tuple(UpcomingReminder(*row) for row in upcoming)
        if user.reminders_enabled
        else (),
        debts=tuple(DebtSwitch(*row) for row in debts),
    )


async def set_all_reminders(uow: UnitOfWork, *, user_id: int, enabled: bool, now: datetime) -> None:
    """Turning them on is consent given here and now; off stops every reminder."""
    user = await uow.users.get(user_id)
    if user is None or user.deleted_at is not None:
        raise NotRegistered()
    user.reminders_enabled = enabled
    if enabled and user.reminders_consent_at is None:
        user.reminders_consent_at = now
    action = "reminders.enabled" if enabled else "reminders.disabled"
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action=action,
        entity_type="user",
        entity_id=user_id,
        now=now,
    )
    await uow.flush()


async def set_debt_reminders(
    uow: UnitOfWork, *, user_id: int, debt_id: int, enabled: bool, now: datetime
) -> str:
    """Turn one debt's reminders off or on; returns its creditor."""
    row = await uow.reminders.owned_debt(user_id=user_id, debt_id=debt_id)
    if row is None:
        raise DebtNotFound()
    await uow.reminders.set_debt_reminders(debt_id, enabled=enabled)
    action = "reminders.debt_enabled" if enabled else "reminders.debt_disabled"
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action=action,
        entity_type="debt",
        entity_id=debt_id,
        now=now,
    )
    return row.creditor


async def answer_paid(
    uow: UnitOfWork, *, user_id: int, installment_id: int, now: datetime
) -> PaidAnswer:
    """ "I've paid": an own debt's installment is paid; an operator debt's is reported for
    the operator to confirm. Either way its reminders stop."""
    # Locked: an import may be paying it right now.
    found = await uow.reminders.lock_owned_installment(
        user_id=user_id, installment_id=installment_id
    )
    if found is None:
        raise InstallmentNotFound()
    installment, plan, debt = found
    answer = PaidAnswer(
        "already", installment.number, debt.creditor, installment.amount, debt.currency
    )
    if installment.status != InstallmentStatus.OPEN or plan.status != PlanStatus.ACTIVE:
        if installment.status in (InstallmentStatus.PAID, InstallmentStatus.REPORTED_PAID):
            return answer
        raise InstallmentNotFound()
    if debt.kind == DebtKind.PERSONAL:
        installment.status, installment.paid_at = InstallmentStatus.PAID, now
        await _complete_if_all_paid(uow, plan, debt)
        outcome = "paid"
    else:
        installment.status = InstallmentStatus.REPORTED_PAID
        installment.reported_paid_at = now
        outcome = "reported"
    await uow.reminders.cancel_pending_of_installment(
        installment_id, reason="paid" if outcome == "paid" else "reported paid"
    )
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action=f"installment.{outcome}",
        entity_type="installment",
        entity_id=installment_id,
        now=now,
        details={"amount": str(installment.amount), "debt_id": debt.id},
    )
    await uow.flush()
    return PaidAnswer(outcome, installment.number, debt.creditor, installment.amount, debt.currency)


async def set_reachable(
    uow: UnitOfWork, *, telegram_id: int, reachable: bool, now: datetime
) -> None:
    """The person blocked the bot (or unblocked it): reminders stop (or resume)."""
    await uow.reminders.set_unreachable_at(telegram_id, None if reachable else now)


async def _complete_if_all_paid(uow: UnitOfWork, plan: PaymentPlan, debt: Debt) -> None:
    """A person's own plan with nothing left to pay is complete, and so is the debt."""
    await uow.flush()
    left = await uow.reminders.count_open_installments(plan.id)
    if left == 0:
        plan.status = PlanStatus.COMPLETED
        debt.status = DebtStatus.PAID
