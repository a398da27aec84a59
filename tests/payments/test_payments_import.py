"""The operator's payments file: installments paid in order, reminders stopped, plans
finished, and a second import of the same file changing nothing."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import AuditLogEntry, Debt, Payment, PaymentPlan, PlanKind
from db.unit_of_work import UnitOfWork
from services.debts.csv_rows import RowProblem
from services.payments.csv_import import ImportRejected, PaymentsReport
from services.payments.csv_rows import read_payments_csv
from tests.support.clock import NOW
from tests.support.payments import (
    installments_of,
    payments_of,
    refreshed,
    reminders_of,
    run_payments,
    seed_plan,
)

D = Decimal


async def test_partial_payments_fill_the_installments_in_order(uow):
    debt = await seed_plan(uow, "100.00", "100.00", "100.00")
    ref = debt.reference

    report = await run_payments(
        uow, (ref, "60", "2026-11-01"), (ref, "60.00", "2026-11-10"), (ref, "60", "2026-11-20")
    )

    first, second, third = await installments_of(uow, debt.plan_id)
    assert (first.status, second.status, third.status) == ("paid", "open", "open")
    assert first.paid_at == datetime(2026, 11, 10, 12, 0, tzinfo=UTC)  # the row that finished it
    payments = await payments_of(uow, debt.debt_id)
    assert [(p.installment_id, p.amount) for p in payments] == [
        (first.id, D("60.00")),
        (first.id, D("40.00")),
        (second.id, D("20.00")),
        (second.id, D("60.00")),
    ]
    assert {(p.source, p.currency) for p in payments} == {("operator", "EUR")}
    assert len({p.import_key for p in payments}) == 4
    assert (await refreshed(uow, Debt, debt.debt_id)).balance == D("120.00")
    assert (report.rows_applied, report.installments_paid, report.plans_completed) == (3, 1, 0)
    assert report.amounts == {"EUR": D("180.00")}


async def test_a_payment_covering_two_installments_pays_both_and_starts_the_third(uow):
    debt = await seed_plan(uow, "100.00", "100.00", "100.00")

    report = await run_payments(uow, (debt.reference, "250.00", "2026-11-20T09:30:00+01:00"))

    installments = await installments_of(uow, debt.plan_id)
    assert [i.status for i in installments] == ["paid", "paid", "open"]
    assert installments[0].paid_at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    payments = await payments_of(uow, debt.debt_id)
    assert [(p.installment_id, p.amount) for p in payments] == [
        (installments[0].id, D("100.00")),
        (installments[1].id, D("100.00")),
        (installments[2].id, D("50.00")),
    ]
    assert report.installments_paid == 2


async def test_reminders_of_paid_installments_stop_and_the_others_stay(uow):
    debt = await seed_plan(uow, "100.00", "100.00", reminder_kinds=("before_3", "due"))
    first_id, second_id = debt.installment_ids
    sent = (await reminders_of(uow, first_id))["before_3"]
    sent.status = "sent"
    await uow.flush()

    report = await run_payments(uow, (debt.reference, "100", "2026-11-20"))

    first = await reminders_of(uow, first_id)
    assert (first["due"].status, first["due"].last_error) == ("cancelled", "paid")
    assert first["before_3"].status == "sent"  # what already went out stays as it was
    second = await reminders_of(uow, second_id)
    assert {r.status for r in second.values()} == {"pending"}
    assert report.reminders_cancelled == 1


async def test_a_reported_installment_is_paid_by_the_operators_file(uow):
    debt = await seed_plan(uow, "100.00", "100.00")
    first = (await installments_of(uow, debt.plan_id))[0]
    first.status, first.reported_paid_at = "reported_paid", NOW
    await uow.flush()

    await run_payments(uow, (debt.reference, "100", "2026-11-20"))

    first = (await installments_of(uow, debt.plan_id))[0]
    assert first.status == "paid" and first.reported_paid_at == NOW


async def test_paying_the_last_installment_completes_the_plan_and_the_debt_is_paid(uow):
    debt = await seed_plan(uow, "100.00", "50.00", balance="140.00")

    report = await run_payments(
        uow, (debt.reference, "100", "2026-11-20"), (debt.reference, "50", "2026-11-21")
    )

    assert (await refreshed(uow, PaymentPlan, debt.plan_id)).status == "completed"
    stored = await refreshed(uow, Debt, debt.debt_id)
    assert (stored.status, stored.balance) == ("paid", D("0.00"))  # never below zero
    assert (report.installments_paid, report.plans_completed) == (2, 1)
    actions = await uow.session.scalars(select(AuditLogEntry.action).order_by(AuditLogEntry.id))
    assert list(actions) == ["payment.imported", "payment.imported", "plan.completed"]


async def test_paying_a_settlement_settles_the_debt(uow):
    debt = await seed_plan(uow, "800.00", balance="1000.00", kind=PlanKind.SETTLEMENT)

    await run_payments(uow, (debt.reference, "800", "2026-11-20"))

    stored = await refreshed(uow, Debt, debt.debt_id)
    assert (stored.status, stored.balance) == ("settled", D("200.00"))


async def test_an_overpayment_beyond_the_plan_is_kept_as_a_payment_of_the_debt(uow):
    debt = await seed_plan(uow, "100.00", "100.00")

    report = await run_payments(uow, (debt.reference, "250", "2026-11-20"))

    payments = await payments_of(uow, debt.debt_id)
    assert [p.amount for p in payments] == [D("100.00"), D("100.00"), D("50.00")]
    assert payments[-1].installment_id is None
    assert (await refreshed(uow, PaymentPlan, debt.plan_id)).status == "completed"
    stored = await refreshed(uow, Debt, debt.debt_id)
    assert (stored.status, stored.balance) == ("paid", D("0.00"))
    assert report.amounts == {"EUR": D("250.00")}


async def test_a_debt_without_a_plan_gets_one_payment_and_a_lower_balance(uow):
    debt = await seed_plan(uow, balance="500.00", currency="USD")

    await run_payments(uow, (debt.reference, "120.50", "2026-11-20"))

    [payment] = await payments_of(uow, debt.debt_id)
    assert (payment.installment_id, payment.amount, payment.currency) == (
        None,
        D("120.50"),
        "USD",
    )
    stored = await refreshed(uow, Debt, debt.debt_id)
    assert (stored.status, stored.balance) == ("open", D("379.50"))


async def test_importing_the_same_file_again_changes_nothing(session_factory):
    async with UnitOfWork(session_factory) as uow:
        debt = await seed_plan(uow, "100.00", "100.00", "100.00")
        await uow.commit()
    rows = [
        (debt.reference, "50", "2026-11-20"),
        (debt.reference, "50", "2026-11-20"),  # the same again: a second payment
        (debt.reference, "120", "2026-11-21"),
    ]
    reports = []
    for _ in range(2):
        async with UnitOfWork(session_factory) as uow:
            reports.append(await run_payments(uow, *rows))
            await uow.commit()

    assert (reports[0].rows_applied, reports[0].rows_already_imported) == (3, 0)
    assert (reports[1].rows_applied, reports[1].rows_already_imported) == (0, 3)
    assert (reports[1].installments_paid, reports[1].amounts) == (0, {})
    async with UnitOfWork(session_factory) as uow:
        assert sum(p.amount for p in await payments_of(uow, debt.debt_id)) == D("220.00")
        assert (await refreshed(uow, Debt, debt.debt_id)).balance == D("80.00")
        statuses = [i.status for i in await installments_of(uow, debt.plan_id)]
        assert statuses == ["paid", "paid", "open"]
        entries = await uow.session.scalar(select(func.count()).select_from(AuditLogEntry))
        assert entries == 3


async def test_a_later_file_with_the_same_rows_and_new_ones_applies_only_the_new(uow):
    debt = await seed_plan(uow, "100.00", "100.00")
    await run_payments(uow, (debt.reference, "60", "2026-11-20"))

    report = await run_payments(
        uow, (debt.reference, "60", "2026-11-20"), (debt.reference, "60", "2026-11-20")
    )

    assert (report.rows_applied, report.rows_already_imported) == (1, 1)
    assert sum(p.amount for p in await payments_of(uow, debt.debt_id)) == D("120.00")


async def test_an_unknown_reference_is_reported_with_its_line_and_nothing_is_imported(uow):
    debt = await seed_plan(uow, "100.00")

    with pytest.raises(ImportRejected) as rejected:
        await run_payments(
            uow,
            (debt.reference, "100", "2026-11-20"),
            ("NOPE-1", "10", "2026-11-20"),
            (debt.reference, "5", "2026-12-30"),
        )

    problems = rejected.value.values["problems"]
    assert [problem.line for problem in problems] == [3, 4]
    assert "no debt has the reference 'NOPE-1'" in problems[0].reason
    assert "is in the future" in problems[1].reason
    assert await uow.session.scalar(select(func.count()).select_from(Payment)) == 0
    assert (await installments_of(uow, debt.plan_id))[0].status == "open"
    assert (await refreshed(uow, Debt, debt.debt_id)).balance == D("100.00")


def problems_of(text: str) -> list[RowProblem]:
    return list(read_payments_csv(io.StringIO(text, newline="")).problems)


def test_a_file_without_the_paid_at_column_is_refused_at_line_1():
    [problem] = problems_of("reference,amount\nR-1,10\n")
    assert problem.line == 1 and "missing columns: paid_at" in problem.reason


def test_a_bom_before_the_header_is_fine():
    text = "\ufeffreference,amount,paid_at\nR-1,10,2026-11-20\n"
    validated = read_payments_csv(text.splitlines(keepends=True))
    assert validated.problems == () and validated.rows[0].amount == D("10.00")


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("150,00", "has a comma"),
        ("1,500.00", "has a comma"),
        ("0", "is not more than 0"),
        ("0.00", "is not more than 0"),
        ("-5", "is negative"),
        ("10.005", "not a number like 150.00"),
        ("€10", "not a number like 150.00"),
        ("1e3", "not a number like 150.00"),
        ("", "amount is empty"),
    ],
)
def test_amounts_that_are_not_plain_positive_numbers_are_refused(amount, reason):
    [problem] = problems_of(f'reference,amount,paid_at\nR-1,"{amount}",2026-11-20\n')
    assert problem.line == 2 and reason in problem.reason


@pytest.mark.parametrize(
    ("paid_at", "reason"),
    [
        ("2026-02-30", "is not a real date"),
        ("20/11/2026", "is not an ISO date"),
        ("2026-11-20T09:30:00", "is not an ISO date"),  # no offset: which time zone?
        ("20261120", "is not an ISO date"),
        ("", "paid_at is empty"),
    ],
)
def test_dates_that_are_not_iso_or_lack_an_offset_are_refused(paid_at, reason):
    [problem] = problems_of(f"reference,amount,paid_at\nR-1,10,{paid_at}\n")
    assert problem.line == 2 and reason in problem.reason


def test_a_date_and_time_in_utc_may_end_in_z():
    text = "reference,amount,paid_at\nR-1,10,2026-11-20T23:15:00Z\n"
    [row] = read_payments_csv(text.splitlines(keepends=True)).rows
    assert row.paid_at == datetime(2026, 11, 20, 23, 15, tzinfo=UTC)


async def test_a_badly_written_row_rejects_the_file_before_the_database_is_read(uow):
    debt = await seed_plan(uow, "100.00")
    with pytest.raises(ImportRejected) as rejected:
        await run_payments(uow, (debt.reference, "10", "2026-11-20"), ("R-1", "10", "yesterday"))
    assert [problem.line for problem in rejected.value.values["problems"]] == [3]
    assert await uow.session.scalar(select(func.count()).select_from(Payment)) == 0


@pytest.mark.database_backends("postgresql")
async def test_two_imports_of_one_file_at_once_apply_it_once(session_factory):
    async with UnitOfWork(session_factory) as uow:
        debt = await seed_plan(uow, "100.00", "100.00")
        await uow.commit()
    rows = [(debt.reference, "150", "2026-11-20")]

    async def one_import() -> PaymentsReport:
        async with UnitOfWork(session_factory) as uow:
            report = await run_payments(uow, *rows)
            await uow.commit()
            return report

    reports = await asyncio.gather(one_import(), one_import())

    assert sorted(report.rows_applied for report in reports) == [0, 1]
    async with UnitOfWork(session_factory) as uow:
        assert sum(p.amount for p in await payments_of(uow, debt.debt_id)) == D("150.00")
        assert (await refreshed(uow, Debt, debt.debt_id)).balance == D("50.00")
