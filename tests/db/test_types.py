"""UtcDateTime and Money/Percent behave the same on every engine."""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from db.models import AuditLogEntry, Debt, Payment, PaymentSource
from db.types import Money, Percent, UtcDateTime
from db.unit_of_work import UnitOfWork
from tests.support.builders import add_operator_debt

pytestmark = pytest.mark.filterwarnings("error")

MADRID_SUMMER = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_utc_datetime_rejects_naive_datetimes(dialect: object) -> None:
    with pytest.raises(ValueError, match="naive"):
        UtcDateTime().process_bind_param(dt.datetime(2025, 1, 1, 12, 0), dialect)


async def test_naive_datetime_is_rejected_by_the_database_layer(uow: UnitOfWork) -> None:
    entry = AuditLogEntry(
        actor="system",
        action="test",
        entity_type="test",
        occurred_at=dt.datetime(2025, 1, 1, 12, 0),
    )
    uow.session.add(entry)
    with pytest.raises(StatementError) as raised:
        await uow.flush()
    assert isinstance(raised.value.orig, ValueError)


async def test_aware_datetimes_are_stored_as_utc_and_read_back_aware(
    session_factory, database_backend: str
) -> None:
    local = dt.datetime(2025, 6, 1, 14, 30, 15, 123456, tzinfo=MADRID_SUMMER)
    async with UnitOfWork(session_factory) as uow:
        uow.session.add(
            AuditLogEntry(actor="system", action="t", entity_type="t", occurred_at=local)
        )
        await uow.commit()

    async with UnitOfWork(session_factory) as uow:
        occurred_at = await uow.session.scalar(select(AuditLogEntry.occurred_at))
        # Comparisons with bound aware datetimes work too.
        later = await uow.session.scalar(
            select(func.count()).where(AuditLogEntry.occurred_at >= local)
        )
    assert occurred_at == local
    assert occurred_at.tzinfo is dt.UTC
    assert occurred_at.hour == 12
    assert later == 1


async def test_server_default_timestamps_are_aware_utc(session_factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        await uow.session.execute(
            text(
                "INSERT INTO audit_log (actor, action, entity_type)"
                " VALUES ('system', 'raw', 'test')"
            )
        )
        await uow.commit()
    async with UnitOfWork(session_factory) as uow:
        occurred_at = await uow.session.scalar(select(AuditLogEntry.occurred_at))
    assert occurred_at.tzinfo is dt.UTC
    assert abs(dt.datetime.now(dt.UTC) - occurred_at) < dt.timedelta(minutes=5)


EXACT_AMOUNTS = [
    Decimal("123456789012.34"),
    Decimal("999999999999.99"),
    Decimal("0.10"),
    Decimal("0.01"),
    Decimal("0.3"),
    Decimal("10"),
    Decimal("1234.50"),
]


async def test_money_round_trips_exactly(session_factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        debt = await add_operator_debt(uow.session)
        for amount in EXACT_AMOUNTS:
            uow.session.add(
                Payment(
                    debt_id=debt.id, amount=amount, currency="EUR", source=PaymentSource.OPERATOR
                )
            )
        await uow.commit()

    async with UnitOfWork(session_factory) as uow:
        stored = list(await uow.session.scalars(select(Payment.amount).order_by(Payment.id)))
        largest = await uow.session.scalar(select(func.max(Payment.amount)))
    assert stored == EXACT_AMOUNTS
    assert all(isinstance(amount, Decimal) for amount in stored)
    assert [str(amount) for amount in stored] == [
        str(amount.quantize(Decimal("0.01"))) for amount in EXACT_AMOUNTS
    ]
    assert largest == Decimal("999999999999.99")


async def test_money_sums_are_exact(session_factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        debt = await add_operator_debt(uow.session)
        for _ in range(10):
            uow.session.add(
                Payment(
                    debt_id=debt.id,
                    amount=Decimal("0.10"),
                    currency="EUR",
                    source=PaymentSource.OPERATOR,
                )
            )
        await uow.commit()
    async with UnitOfWork(session_factory) as uow:
        total = await uow.session.scalar(select(func.sum(Payment.amount)))
    assert total == Decimal("1.00")
    assert str(total) == "1.00"


async def test_percent_round_trips_exactly(session_factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        debt = await add_operator_debt(
            uow.session, annual_rate=Decimal("19.9900"), max_discount_pct=Decimal("33.3333")
        )
        await uow.commit()
    async with UnitOfWork(session_factory) as uow:
        stored = await uow.session.get(Debt, debt.id)
    assert stored is not None
    assert stored.annual_rate == Decimal("19.9900")
    assert str(stored.max_discount_pct) == "33.3333"


async def test_money_comparisons_in_queries(session_factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        await add_operator_debt(uow.session, balance=Decimal("100.10"))
        await add_operator_debt(uow.session, balance=Decimal("100.09"))
        await uow.commit()
    async with UnitOfWork(session_factory) as uow:
        count = await uow.session.scalar(
            select(func.count()).where(Debt.balance > Decimal("100.09"))
        )
    assert count == 1


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (1.5, TypeError),
        (True, TypeError),
        ("1.50", TypeError),
        (Decimal("1.005"), ValueError),
        (Decimal("1000000000000.00"), ValueError),
        (Decimal("NaN"), ValueError),
    ],
)
@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_money_refuses_inexact_values(value: object, error: type, dialect: object) -> None:
    with pytest.raises(error):
        Money().process_bind_param(value, dialect)


def test_percent_allows_four_decimal_places_only() -> None:
    dialect = sqlite.dialect()
    assert Percent().process_bind_param(Decimal("12.3456"), dialect) == "12.3456"
    with pytest.raises(ValueError):
        Percent().process_bind_param(Decimal("12.34567"), dialect)
    with pytest.raises(ValueError):
        Percent().process_bind_param(Decimal("1000.0000"), dialect)


def test_money_is_numeric_in_ddl() -> None:
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        assert Money().compile(dialect=dialect) == "NUMERIC(14, 2)"
        assert Percent().compile(dialect=dialect) == "NUMERIC(7, 4)"


def test_no_sqlalchemy_decimal_warning_on_sqlite() -> None:
    dialect = sqlite.dialect()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        processor = Money().dialect_impl(dialect).result_processor(dialect, None)
    assert processor is not None
    assert processor(123456789012.34) == Decimal("123456789012.34")
