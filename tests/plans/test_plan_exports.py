"""A schedule or a payoff plan as a calendar, a spreadsheet and a PDF."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from services.plans.exports import (
    ROWS_PER_PAGE,
    PayoffCsvLabels,
    ScheduleLabels,
    payoff_csv,
    schedule_csv,
    schedule_ics,
    schedule_pdf,
)
from services.plans.payoff import PayoffDebt, plan_payoff
from services.plans.schedules import schedule_by_months
from services.shared.money import format_money

LABELS = {
    "es": ScheduleLabels(
        title="Plan de pagos",
        installment="Cuota",
        number="N.º",
        due_date="Vencimiento",
        amount="Importe",
        principal="Capital",
        interest="Intereses",
        balance_after="Saldo tras el pago",
        currency="Moneda",
        total="Total",
        creditor="Acreedor",
        reference="Referencia",
        annual_rate="Tipo de interés anual",
        total_interest="Intereses totales",
        generated_on="Generado el",
        page="Página",
    ),
    "en": ScheduleLabels(
        title="Payment plan",
        installment="Installment",
        number="No.",
        due_date="Due date",
        amount="Amount",
        principal="Principal",
        interest="Interest",
        balance_after="Balance after",
        currency="Currency",
        total="Total",
        creditor="Creditor",
        reference="Reference",
        annual_rate="Annual interest rate",
        total_interest="Total interest",
        generated_on="Generated on",
        page="Page",
    ),
}
PAYOFF_LABELS = PayoffCsvLabels(
    number="Month no.",
    month="Month",
    debt="Debt",
    interest="Interest",
    payment="Payment",
    balance_after="Balance after",
    currency="Currency",
    total="Total",
)
FIRST_DUE = date(2025, 1, 31)


def a_year_of_installments():
    return schedule_by_months(Decimal("3000.00"), Decimal("9.5"), 12, FIRST_DUE)


def ics(schedule, language="es", **options):
    options = {"creditor": "Banco X", "reference": "PLAN-42", "timezone": "Europe/Madrid"} | options
    return schedule_ics(
        schedule, currency="EUR", language=language, labels=LABELS[language], **options
    )


def events_of(calendar_bytes):
    return Calendar.from_ical(calendar_bytes).walk("VEVENT")


# The calendar


def test_the_calendar_has_one_all_day_event_on_each_due_date():
    schedule = a_year_of_installments()
    events = events_of(ics(schedule))
    assert len(events) == 12
    starts = [event["DTSTART"].dt for event in events]
    assert starts == [installment.due_date for installment in schedule.installments]
    assert all(type(start) is date for start in starts)  # a date, not a date-time
    assert starts[1] == date(2025, 2, 28)  # clamped to the end of February


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_event_names_the_installment_its_amount_and_the_creditor(language):
    schedule = a_year_of_installments()
    third = schedule.installments[2]
    event = events_of(ics(schedule, language))[2]
    word = LABELS[language].installment
    money = format_money(third.amount, "EUR", language)
    assert str(event["SUMMARY"]) == f"{word} 3/12: {money} · Banco X"
    description = str(event["DESCRIPTION"])
    assert format_money(third.principal, "EUR", language) in description
    assert format_money(third.interest, "EUR", language) in description
    assert format_money(third.balance_after, "EUR", language) in description


def test_amounts_in_the_calendar_read_the_way_each_language_writes_them():
    schedule = schedule_by_months(Decimal("3000.00"), 0, 2, FIRST_DUE)
    assert "1.500,00\xa0€" in str(events_of(ics(schedule, "es"))[0]["SUMMARY"])
    assert "€1,500.00" in str(events_of(ics(schedule, "en"))[0]["SUMMARY"])


def test_event_uids_are_unique_and_survive_a_new_export_of_a_changed_plan():
    first = [str(event["UID"]) for event in events_of(ics(a_year_of_installments()))]
    assert len(set(first)) == 12
    assert first[0] == "PLAN-42-1@finbot"
    replanned = schedule_by_months(Decimal("2800.00"), Decimal("9.5"), 12, FIRST_DUE)
    again = [str(event["UID"]) for event in events_of(ics(replanned))]
    assert again == first  # importing it again updates the events instead of copying them


def test_each_event_reminds_at_nine_in_the_morning_the_chosen_days_before():
    two_days = events_of(ics(a_year_of_installments()))[0].walk("VALARM")
    assert len(two_days) == 1
    assert str(two_days[0]["ACTION"]) == "DISPLAY"
    assert two_days[0]["TRIGGER"].dt == timedelta(days=-2, hours=9)  # -P1DT15H
    same_day = events_of(ics(a_year_of_installments(), reminder_days_before=0))[0]
    assert same_day.walk("VALARM")[0]["TRIGGER"].dt == timedelta(hours=9)


def test_the_calendar_says_what_it_is_and_where_it_comes_from():
    calendar_bytes = ics(a_year_of_installments(), uid_domain="finbot.example")
    calendar = Calendar.from_ical(calendar_bytes)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "finbot" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Plan de pagos · Banco X"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Madrid"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == "PLAN-42-1@finbot.example"


def test_events_are_stamped_with_the_time_given_in_utc():
    stamped = datetime(2025, 1, 10, 12, 30, tzinfo=UTC)
    event = events_of(ics(a_year_of_installments(), stamped_at=stamped))[0]
    assert event["DTSTAMP"].dt == stamped


@pytest.mark.parametrize(
    "options",
    [
        {"timezone": "Mars/Olympus_Mons"},
        {"reminder_days_before": -1},
        {"reference": "  "},
        {"stamped_at": datetime(2025, 1, 10, 12, 30)},
    ],
)
def test_a_calendar_with_impossible_options_is_refused(options):
    with pytest.raises(ValueError):
        ics(a_year_of_installments(), **options)


# The spreadsheets


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8)  # so that Excel reads the accents right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_schedule_csv_has_a_header_a_row_per_installment_and_totals(language):
    schedule = a_year_of_installments()
    rows = read_csv(
        schedule_csv(schedule, currency="eur", language=language, labels=LABELS[language])
    )
    header, *installments, totals = rows
    labels = LABELS[language]
    assert header == [
        labels.number,
        labels.due_date,
        labels.amount,
        labels.principal,
        labels.interest,
        labels.balance_after,
        labels.currency,
    ]
    assert len(installments) == 12
    first = schedule.installments[0]
    assert installments[0] == [
        "1",
        "2025-01-31",
        str(first.amount),
        str(first.principal),
        str(first.interest),
        str(first.balance_after),
        "EUR",
    ]
    assert totals == [
        labels.total,
        "",
        str(schedule.total),
        str(schedule.principal),
        str(schedule.total_interest),
        "",
        "EUR",
    ]


def test_csv_numbers_are_plain_decimals_with_a_dot_in_every_language():
    schedule = schedule_by_months(Decimal("1234567.89"), Decimal(5), 3, FIRST_DUE)
    rows = read_csv(schedule_csv(schedule, currency="EUR", language="es", labels=LABELS["es"]))
    amounts = [cell for row in rows[1:] for cell in row[2:6] if cell]
    assert all(re.fullmatch(r"\d+\.\d\d", cell) for cell in amounts)


@settings(max_examples=40, deadline=None)
@given(
    principal=st.decimals(min_value=Decimal(1), max_value=Decimal(1_000_000), places=2),
    rate=st.decimals(min_value=Decimal(0), max_value=Decimal(30), places=2),
    months=st.integers(min_value=1, max_value=120),
)
def test_the_csv_installments_add_up_exactly_to_the_schedule_total(principal, rate, months):
    assume(principal * 100 >= months)  # a schedule needs at least a cent per installment
    schedule = schedule_by_months(principal, rate, months, FIRST_DUE)
    _, *installments, totals = read_csv(
        schedule_csv(schedule, currency="EUR", language="en", labels=LABELS["en"])
    )
    assert sum((Decimal(row[2]) for row in installments), Decimal(0)) == schedule.total
    assert sum((Decimal(row[3]) for row in installments), Decimal(0)) == schedule.principal
    assert sum((Decimal(row[4]) for row in installments), Decimal(0)) == schedule.total_interest
    assert Decimal(totals[2]) == schedule.total


def test_the_payoff_csv_has_a_row_per_open_debt_each_month_adding_up_to_the_plan():
    debts = [
        PayoffDebt(1, "Card", Decimal(3000), Decimal("22.9"), Decimal(90)),
        PayoffDebt(2, "Car", Decimal(12000), Decimal("6.5"), Decimal(250)),
        PayoffDebt(3, "=HYPERLINK()", Decimal(500), Decimal(0), Decimal(50)),
    ]
    plan = plan_payoff(debts, budget=Decimal(700), strategy="avalanche", start=date(2025, 3, 15))
    data = payoff_csv(plan, currency="EUR", language="en", labels=PAYOFF_LABELS, names={2: "Auto"})
    header, *rows, totals = read_csv(data)
    assert header[:3] == ["Month no.", "Month", "Debt"]
    assert len(rows) == sum(len(month.debts) for month in plan.months)
    assert rows[0][:2] == ["1", "2025-03"]
    assert {row[2] for row in rows} == {"Card", "Auto", "'=HYPERLINK()"}  # never a formula
    assert sum((Decimal(row[4]) for row in rows), Decimal(0)) == plan.total_paid
    assert sum((Decimal(row[3]) for row in rows), Decimal(0)) == plan.total_interest
    assert (totals[3], totals[4]) == (str(plan.total_interest), str(plan.total_paid))
    last_balance = {row[2]: row[5] for row in rows}
    assert set(last_balance.values()) == {"0.00"}  # every debt ends paid off


# The PDF


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))  # not /Pages, the page tree


def pdf_of(schedule, language="es", creditor="Banco X"):
    return schedule_pdf(
        schedule,
        creditor=creditor,
        reference="PLAN-42",
        currency="EUR",
        language=language,
        labels=LABELS[language],
        generated_on=date(2025, 1, 15),
    )


@pytest.mark.parametrize(
    ("months", "pages"), [(12, 1), (ROWS_PER_PAGE, 1), (ROWS_PER_PAGE + 1, 2), (100, 3)]
)
def test_the_pdf_has_a_page_per_thirty_five_installments(months, pages):
    schedule = schedule_by_months(Decimal("25000.00"), Decimal("4.5"), months, FIRST_DUE)
    pdf = pdf_of(schedule)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"trailer" in pdf
    assert pdf_pages(pdf) == pages


def test_the_same_schedule_always_gives_the_same_pdf():
    schedule = a_year_of_installments()
    assert pdf_of(schedule, "en") == pdf_of(schedule, "en")


def test_a_dollar_sign_in_the_creditor_is_printed_not_parsed_as_math():
    pdf = pdf_of(a_year_of_installments(), "en", creditor=r"Cash $\frac{ Loans $")
    assert pdf_pages(pdf) == 1
