"""What a user owes: the operator's debts linked to them and the debts they track.

Every function takes the user's id from the caller (the Telegram update), never from
what the user typed or a model proposed, and finds only that user's debts: asking for
anyone else's debt is indistinguishable from asking for one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from db.models import Debt
from db.repositories.debts import DebtRepository
from db.unit_of_work import UnitOfWork
from services.debts.policy import DebtPolicy, resolve_policy
from services.shared import audit
from services.shared.errors import DomainError
from services.shared.money import to_cents

OPERATOR = "operator"
PERSONAL = "personal"
EDITABLE_FIELDS = ("creditor", "balance", "annual_rate", "minimum_payment", "due_day")


class DebtNotFound(DomainError):
    code = "debt_not_found"


class NotAPersonalDebt(DomainError):
    code = "not_a_personal_debt"


class PersonalDebtsDisabled(DomainError):
    code = "personal_debts_disabled"


class InvalidDebtTerm(DomainError):
    code = "invalid_debt_term"


@dataclass(frozen=True, kw_only=True)
class DebtView:
    id: int
    kind: str
    creditor: str
    concept: str | None
    reference: str | None
    balance: Decimal
    currency: str
    annual_rate: Decimal
    status: str
    minimum_payment: Decimal | None
    due_day: int | None
    policy: DebtPolicy | None
    next_due: date | None
    next_amount: Decimal | None

    @property
    def is_personal(self) -> bool:
        return self.kind == PERSONAL


async def list_debts(
    uow: UnitOfWork, *, user_id: int, default_policy: DebtPolicy
) -> list[DebtView]:
    debts = await uow.debts.visible_to(user_id)
    upcoming = await uow.debts.next_installments([debt.id for debt in debts])
    return [_view(debt, default_policy, upcoming.get(debt.id)) for debt in debts]


async def get_debt(
    uow: UnitOfWork, *, user_id: int, debt_id: int, default_policy: DebtPolicy
) -> DebtView:
    debt = await _owned(uow.debts, user_id, debt_id)
    upcoming = await uow.debts.next_installments([debt.id])
    return _view(debt, default_policy, upcoming.get(debt.id))


async def add_personal_debt(
    uow: UnitOfWork,
    *,
    user_id: int,
    creditor: str,
    balance: Decimal,
    annual_rate: Decimal,
    minimum_payment: Decimal,
    due_day: int,
    currency: str,
    now: datetime,
) -> int:
    debt = Debt(
        kind=PERSONAL,
        owner_user_id=user_id,
        currency=currency,
        created_at=now,
        updated_at=now,
        creditor="",
        balance=Decimal(0),
    )
    _apply(
        debt,
        creditor=creditor,
        balance=balance,
        annual_rate=annual_rate,
        minimum_payment=minimum_payment,
        due_day=due_day,
    )
    uow.debts.add(debt)
    await uow.flush()
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="personal_debt.added",
        entity_type="debt",
        entity_id=debt.id,
        now=now,
    )
    return debt.id


async def update_personal_debt(
    uow: UnitOfWork, *, user_id: int, debt_id: int, field: str, value: object, now: datetime
) -> None:
    if field not in EDITABLE_FIELDS:
        raise InvalidDebtTerm(field=field)
    debt = await _owned_personal(uow.debts, user_id, debt_id)
    _apply(debt, **{field: value})
    debt.updated_at = now
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="personal_debt.updated",
        entity_type="debt",
        entity_id=debt.id,
        details={"field": field},
        now=now,
    )


async def delete_personal_debt(
    uow: UnitOfWork, *, user_id: int, debt_id: int, now: datetime
) -> None:
    debt = await _owned_personal(uow.debts, user_id, debt_id)
    await uow.debts.delete(debt)
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="personal_debt.deleted",
        entity_type="debt",
        entity_id=debt_id,
        now=now,
    )


def _apply(debt: Debt, **terms: object) -> None:
    for field, value in terms.items():
        if field == "creditor":
            name = " ".join(str(value).split())
            if not 1 <= len(name) <= 120:
                raise InvalidDebtTerm(field=field)
            debt.creditor = name
        elif field in ("balance", "minimum_payment"):
            amount = to_cents(value)  # type: ignore[arg-type]
            if amount <= 0:
                raise InvalidDebtTerm(field=field)
            setattr(debt, field, amount)
        elif field == "annual_rate":
            rate = Decimal(value).quantize(Decimal("0.0001"))  # type: ignore[arg-type]
            if not 0 <= rate <= 100:
                raise InvalidDebtTerm(field=field)
            debt.annual_rate = rate
        elif field == "due_day":
            if not isinstance(value, int) or not 1 <= value <= 31:
                raise InvalidDebtTerm(field=field)
            debt.due_day = value


async def _owned(repository: DebtRepository, user_id: int, debt_id: int) -> Debt:
    debt = await repository.one_visible_to(user_id, debt_id)
    if debt is None:
        raise DebtNotFound()
    return debt


async def _owned_personal(repository: DebtRepository, user_id: int, debt_id: int) -> Debt:
    debt = await _owned(repository, user_id, debt_id)
    if debt.kind != PERSONAL:
        raise NotAPersonalDebt()
    return debt


def _view(
    debt: Debt, default_policy: DebtPolicy, upcoming: tuple[date, Decimal] | None
) -> DebtView:
    policy = None
    if debt.kind == OPERATOR:
        policy = resolve_policy(
            max_months=debt.max_months,
            min_installment=debt.min_installment,
            max_discount_pct=debt.max_discount_pct,
            default_policy=default_policy,
        )
    return DebtView(
        id=debt.id,
        kind=debt.kind,
        creditor=debt.creditor,
        concept=debt.concept,
        reference=debt.reference,
        balance=debt.balance,
        currency=debt.currency,
        annual_rate=debt.annual_rate,
        status=debt.status,
        minimum_payment=debt.minimum_payment,
        due_day=debt.due_day,
        policy=policy,
        next_due=upcoming[0] if upcoming else None,
        next_amount=upcoming[1] if upcoming else None,
    )
