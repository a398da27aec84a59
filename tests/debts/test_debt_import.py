"""The operator's import against real databases: what is written, and what is not."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from db.models import AuditLogEntry, Debt, Debtor
from db.unit_of_work import UnitOfWork
from services.debts.csv_import import ImportRejected, import_debts
from services.debts.policy import DebtPolicy, resolve_policy
from tests.support.clock import NOW
from tests.support.debts import (
    DEFAULT_CURRENCY,
    all_debtors,
    all_debts,
    csv_text,
    debt_row,
    run_import,
)
from tests.support.rows import audit_entries, count

LATER = NOW + timedelta(days=3)

THREE_DEBTS = [
    debt_row(reference="BMR-1"),
    debt_row(reference="MOV-7", creditor="Movistel", concept="", balance="186.4"),
    debt_row(
        reference="IBL-3",
        full_name="Javier Moreno",
        email="",
        phone="+34 611 222 333",
        creditor="Iberluz",
        balance="243.18",
    ),
]


async def test_import_creates_debtors_by_phone_and_their_debts(session_factory):
    report = await run_import(session_factory, THREE_DEBTS)

    assert (report.debts_created, report.debts_updated, report.debts_unchanged) == (3, 0, 0)
    assert (report.debtors_created, report.debtors_updated) == (2, 0)
    lucia, javier = await all_debtors(session_factory)
    assert (lucia.full_name, lucia.phone, lucia.email) == (
        "Lucía Fernández",
        "+34600000000",
        "lucia@example.com",
    )
    assert (javier.phone, javier.email) == ("+34611222333", None)
    debts = await all_debts(session_factory)
    assert debts["BMR-1"].debtor_id == debts["MOV-7"].debtor_id == lucia.id
    assert debts["IBL-3"].debtor_id == javier.id
    assert debts["MOV-7"].balance == Decimal("186.40")
    assert debts["MOV-7"].concept is None
    assert debts["BMR-1"].annual_rate == Decimal("7.9500")
    assert {debt.kind for debt in debts.values()} == {"operator"}
    assert {debt.status for debt in debts.values()} == {"open"}


async def test_new_debts_and_debtors_are_audited_as_imported_by_the_operator(session_factory):
    await run_import(session_factory, THREE_DEBTS)

    entries = await audit_entries(session_factory)
    actions = sorted(entry.action for entry in entries)
    assert actions == ["debt.imported"] * 3 + ["debtor.imported"] * 2
    assert {entry.actor for entry in entries} == {"operator"}
    assert {entry.occurred_at for entry in entries} == {NOW}
    debts = await all_debts(session_factory)
    imported = {e.entity_id: e.details for e in entries if e.action == "debt.imported"}
    assert imported[debts["MOV-7"].id] == {
        "reference": "MOV-7",
        "debtor_id": debts["MOV-7"].debtor_id,
        "balance": "186.40",
        "currency": "EUR",
    }


async def test_reimporting_the_same_file_changes_nothing(session_factory):
    await run_import(session_factory, THREE_DEBTS)
    before = await all_debts(session_factory)
    audited = await count(session_factory, AuditLogEntry)

    report = await run_import(session_factory, THREE_DEBTS, now=LATER)

    assert (report.debts_created, report.debts_updated, report.debts_unchanged) == (0, 0, 3)
    assert (report.debtors_created, report.debtors_updated) == (0, 0)
    assert await count(session_factory, AuditLogEntry) == audited
    assert await count(session_factory, Debtor) == 2
    after = await all_debts(session_factory)
    assert {ref: debt.updated_at for ref, debt in after.items()} == {
        ref: debt.updated_at for ref, debt in before.items()
    }


async def test_a_changed_balance_updates_the_debt_and_audits_old_and_new(session_factory):
    await run_import(session_factory, THREE_DEBTS)
    changed = [THREE_DEBTS[0] | {"balance": "1200.5"}, *THREE_DEBTS[1:]]

    report = await run_import(session_factory, changed, now=LATER)

    assert (report.debts_created, report.debts_updated, report.debts_unchanged) == (0, 1, 2)
    debt = (await all_debts(session_factory))["BMR-1"]
    assert debt.balance == Decimal("1200.50")
    assert debt.updated_at == LATER
    entry = (await audit_entries(session_factory))[-1]
    assert (entry.action, entry.entity_type, entry.entity_id, entry.actor) == (
        "debt.balance_changed",
        "debt",
        debt.id,
        "operator",
    )
    assert entry.details == {"reference": "BMR-1", "old": "1500.00", "new": "1200.50"}


async def test_other_changed_terms_update_the_debt_and_name_each_change(session_factory):
    await run_import(session_factory, THREE_DEBTS)
    changed = [THREE_DEBTS[0] | {"max_months": "", "annual_rate": "5"}, *THREE_DEBTS[1:]]

    await run_import(session_factory, changed, now=LATER)

    debt = (await all_debts(session_factory))["BMR-1"]
    assert (debt.max_months, debt.annual_rate, debt.balance) == (
        None,
        Decimal("5.0000"),
        Decimal("1500.00"),
    )
    entry = (await audit_entries(session_factory))[-1]
    assert entry.action == "debt.terms_changed"
    assert entry.details == {
        "reference": "BMR-1",
        "changes": {
            "annual_rate": {"old": "7.9500", "new": "5.0000"},
            "max_months": {"old": "36", "new": None},
        },
    }


async def test_a_debtor_whose_name_changed_is_updated_without_personal_data_in_the_log(
    session_factory,
):
    await run_import(session_factory, THREE_DEBTS)
    renamed = [row | {"full_name": "Lucía Fernández Ruiz"} for row in THREE_DEBTS[:2]]

    report = await run_import(session_factory, [*renamed, THREE_DEBTS[2]], now=LATER)

    assert (report.debtors_created, report.debtors_updated, report.debts_unchanged) == (0, 1, 3)
    lucia = (await all_debtors(session_factory))[0]
    assert lucia.full_name == "Lucía Fernández Ruiz"
    entry = (await audit_entries(session_factory))[-1]
    assert (entry.action, entry.entity_id, entry.details) == (
        "debtor.updated",
        lucia.id,
        {"fields": ["full_name"]},
    )


async def test_debts_missing_from_a_later_file_are_left_alone(session_factory):
    await run_import(session_factory, THREE_DEBTS)

    report = await run_import(session_factory, THREE_DEBTS[:1], now=LATER)

    assert report.debts_unchanged == 1
    assert set(await all_debts(session_factory)) == {"BMR-1", "MOV-7", "IBL-3"}


async def test_one_bad_row_applies_nothing_and_reports_every_bad_line(session_factory):
    rows = [
        debt_row(reference="A-1"),
        debt_row(reference="A-2", phone="600000000"),
        debt_row(reference="A-3"),
        debt_row(reference="A-4", balance="-5", email="not-an-email"),
    ]

    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(ImportRejected) as rejected:
            await import_debts(
                uow, rows=csv_text(*rows), default_currency=DEFAULT_CURRENCY, now=NOW
            )

    problems = rejected.value.values["problems"]
    assert [problem.line for problem in problems] == [3, 5]
    assert "phone '600000000'" in problems[0].reason
    assert "email 'not-an-email'" in problems[1].reason
    assert "balance '-5' is negative" in problems[1].reason
    assert await count(session_factory, Debt) == 0
    assert await count(session_factory, Debtor) == 0
    assert await count(session_factory, AuditLogEntry) == 0


async def test_a_reference_of_another_persons_debt_is_refused_not_moved(session_factory):
    await run_import(session_factory, THREE_DEBTS)
    moved = [
        debt_row(reference="NEW-1", phone="+34699999999", full_name="Otra"),
        debt_row(reference="IBL-3", phone="+34699999999", full_name="Otra"),
    ]

    with pytest.raises(ImportRejected) as rejected:
        await run_import(session_factory, moved, now=LATER)

    (problem,) = rejected.value.values["problems"]
    assert problem.line == 3
    assert "'IBL-3' belongs to Javier Moreno (+34611222333)" in problem.reason
    assert set(await all_debts(session_factory)) == {"BMR-1", "MOV-7", "IBL-3"}
    assert await count(session_factory, Debtor) == 2


async def test_empty_policy_cells_are_stored_empty_and_follow_the_current_defaults(
    session_factory,
):
    rows = [
        debt_row(reference="OWN", max_months="12", min_installment="30", max_discount_pct="5"),
        debt_row(reference="DEFAULT", max_months="", min_installment="", max_discount_pct=""),
    ]
    await run_import(session_factory, rows)
    debts = await all_debts(session_factory)
    default_policy = DebtPolicy(
        max_months=24, min_installment=Decimal("20.00"), max_discount_pct=Decimal("20")
    )

    def policy(debt: Debt) -> DebtPolicy:
        return resolve_policy(
            max_months=debt.max_months,
            min_installment=debt.min_installment,
            max_discount_pct=debt.max_discount_pct,
            default_policy=default_policy,
        )

    stored = debts["DEFAULT"]
    assert (stored.max_months, stored.min_installment, stored.max_discount_pct) == (None,) * 3
    assert policy(stored) == default_policy
    assert policy(debts["OWN"]) == DebtPolicy(
        max_months=12, min_installment=Decimal("30.00"), max_discount_pct=Decimal("5.0000")
    )


async def test_an_empty_currency_is_the_configured_currency(session_factory):
    await run_import(
        session_factory, [debt_row(currency=""), debt_row(reference="2", currency="gbp")]
    )

    debts = await all_debts(session_factory)
    assert (debts["BMR-1"].currency, debts["2"].currency) == ("EUR", "GBP")


async def test_csv_text_is_read_from_a_stream(session_factory):
    report = await run_import(session_factory, csv_text(*THREE_DEBTS))

    assert report.debts_created == 3


async def test_several_debts_changing_different_terms_are_all_updated(session_factory):
    await run_import(session_factory, THREE_DEBTS)
    changed = [
        THREE_DEBTS[0] | {"balance": "0"},
        THREE_DEBTS[1] | {"concept": "Factura abril", "currency": "USD"},
        THREE_DEBTS[2] | {"min_installment": "", "max_discount_pct": "30.25"},
    ]

    report = await run_import(session_factory, changed, now=LATER)

    assert (report.debts_updated, report.debts_unchanged) == (3, 0)
    debts = await all_debts(session_factory)
    assert debts["BMR-1"].balance == Decimal("0.00")
    assert (debts["MOV-7"].concept, debts["MOV-7"].currency) == ("Factura abril", "USD")
    assert (debts["IBL-3"].min_installment, debts["IBL-3"].max_discount_pct) == (
        None,
        Decimal("30.2500"),
    )
    assert {debt.updated_at for debt in debts.values()} == {LATER}
