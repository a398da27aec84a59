"""Reading and checking the operator's CSV (no database needed)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from bot.cli.operator import DEMO_CSV
from services.debts.csv_rows import (
    DEBTS_CSV_HEADER,
    RowProblem,
    read_debts_csv,
    validate_records,
)
from tests.support.debts import DEFAULT_CURRENCY, csv_text, debt_row


def problems_of(*rows: dict[str, str]) -> list[tuple[int, str]]:
    validated = read_debts_csv(csv_text(*rows), default_currency=DEFAULT_CURRENCY)
    return [(problem.line, problem.reason) for problem in validated.problems]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"reference": ""}, "reference is empty"),
        ({"full_name": "  "}, "full_name is empty"),
        ({"creditor": ""}, "creditor is empty"),
        ({"phone": ""}, "phone is empty"),
        ({"phone": "600000000"}, "phone '600000000' is not in E.164 form"),
        ({"phone": "+34 600"}, "not in E.164 form"),
        ({"phone": "+0034600000000"}, "not in E.164 form"),
        ({"email": "lucia@"}, "email 'lucia@' is not an address"),
        ({"balance": ""}, "balance is empty"),
        ({"balance": "12.345"}, "balance '12.345' has more than 2 decimals"),
        ({"balance": "1,200.00"}, "balance '1,200.00' is not a number"),
        ({"balance": "1e3"}, "is not a number"),
        ({"balance": "NaN"}, "is not a number"),
        ({"balance": "-0.01"}, "balance '-0.01' is negative"),
        ({"balance": "1000000000000"}, "is more than 999999999999.99"),
        ({"currency": "EURO"}, "currency 'EURO' is not an ISO 4217 code"),
        ({"currency": "XYZ"}, "currency 'XYZ' is not an ISO 4217 code"),
        ({"annual_rate": ""}, "annual_rate is empty"),
        ({"annual_rate": "100.5"}, "annual_rate '100.5' is more than 100"),
        ({"annual_rate": "7.123456"}, "has more than 4 decimals"),
        ({"max_months": "0"}, "max_months '0' is not a whole number from 1 to 360"),
        ({"max_months": "12.5"}, "max_months '12.5' is not a whole number"),
        ({"max_months": "-3"}, "is not a whole number"),
        ({"min_installment": "-1"}, "min_installment '-1' is negative"),
        ({"max_discount_pct": "101"}, "max_discount_pct '101' is more than 100"),
        ({"reference": "R" * 129}, "reference is longer than 128 characters"),
    ],
)
def test_a_bad_cell_is_reported_with_its_line_and_reason(cells, reason):
    (problem,) = problems_of(debt_row(reference="OK"), debt_row(**{"reference": "X", **cells}))

    assert problem[0] == 3
    assert reason in problem[1]


def test_every_problem_of_a_row_is_reported_together():
    ((line, reason),) = problems_of(debt_row(balance="abc", phone="12", max_months="x"))

    assert line == 2
    assert reason.count(";") == 2


def test_a_reference_repeated_in_the_file_is_reported_on_the_later_line():
    assert problems_of(debt_row(), debt_row(balance="3")) == [
        (3, "reference 'BMR-1' is already on line 2")
    ]


def test_one_phone_with_two_names_in_the_file_is_reported():
    ((line, reason),) = problems_of(
        debt_row(reference="A"), debt_row(reference="B", full_name="Lucia Fernandez")
    )

    assert line == 3
    assert "+34600000000 belongs to 'Lucía Fernández' on line 2, not 'Lucia Fernandez'" in reason


def test_one_phone_with_two_emails_in_the_file_is_reported():
    ((line, reason),) = problems_of(
        debt_row(reference="A"), debt_row(reference="B", email="other@example.com")
    )

    assert line == 3
    assert "has email lucia@example.com on line 2, not other@example.com" in reason


def test_the_same_phone_written_differently_is_one_debtor():
    validated = read_debts_csv(
        csv_text(debt_row(reference="A"), debt_row(reference="B", phone="+34 600-000-000")),
        default_currency=DEFAULT_CURRENCY,
    )

    assert validated.ok
    assert {row.phone for row in validated.rows} == {"+34600000000"}


def test_a_header_with_missing_or_unknown_columns_is_reported_on_line_1():
    header = (*(name for name in DEBTS_CSV_HEADER if name != "currency"), "notes")
    row = debt_row() | {"notes": "x"}

    (problem,) = read_debts_csv(
        csv_text(row, header=header), default_currency=DEFAULT_CURRENCY
    ).problems

    assert problem.line == 1
    assert "missing columns: currency" in problem.reason
    assert "unknown columns: 'notes'" in problem.reason


def test_an_empty_file_is_reported():
    (problem,) = read_debts_csv(io.StringIO(""), default_currency=DEFAULT_CURRENCY).problems

    assert problem.line == 1
    assert "the file is empty" in problem.reason


def test_a_byte_order_mark_columns_in_any_order_and_blank_lines_are_tolerated():
    header = tuple(reversed(DEBTS_CSV_HEADER))
    text = csv_text(debt_row(), header=header).getvalue()
    text = "\ufeff" + text.replace("\n", "\n\n", 1)

    validated = read_debts_csv(io.StringIO(text, newline=""), default_currency=DEFAULT_CURRENCY)

    assert validated.ok
    assert validated.rows[0].line == 3
    assert validated.rows[0].balance == Decimal("1500.00")


def test_line_numbers_count_physical_lines_of_quoted_multi_line_cells():
    text = csv_text(
        debt_row(reference="A", concept="two\nlines"), debt_row(reference="B", balance="x")
    )

    (problem,) = read_debts_csv(text, default_currency=DEFAULT_CURRENCY).problems

    assert problem.line == 4


def test_a_row_with_the_wrong_number_of_fields_is_reported():
    text = io.StringIO(",".join(DEBTS_CSV_HEADER) + "\nA,B,C\n", newline="")

    (problem,) = read_debts_csv(text, default_currency=DEFAULT_CURRENCY).problems

    assert (problem.line, problem.reason) == (2, "has 3 fields, the header has 12")


def test_rows_given_as_dicts_are_numbered_as_csv_lines():
    validated = validate_records(
        [debt_row(), debt_row(reference="2", phone="x")], default_currency=DEFAULT_CURRENCY
    )

    assert [problem.line for problem in validated.problems] == [3]


def test_the_demo_file_is_valid_and_has_the_shell_users_phone():
    with DEMO_CSV.open(encoding="utf-8-sig", newline="") as file:
        validated = read_debts_csv(file, default_currency=DEFAULT_CURRENCY)

    assert validated.problems == ()
    assert len(validated.rows) >= 10
    assert len({row.phone for row in validated.rows}) >= 6
    assert len({row.creditor for row in validated.rows}) >= 4
    assert "+34600000000" in {row.phone for row in validated.rows}


def test_a_file_of_wrong_rows_is_reported_by_its_first_thousand_problems():
    rows = [debt_row(reference=f"R-{n}", balance="oops") for n in range(1_200)]

    problems = read_debts_csv(csv_text(*rows), default_currency=DEFAULT_CURRENCY).problems

    assert len(problems) == 1_001
    assert problems[999].line == 1_001
    assert problems[-1] == RowProblem(
        1_002, "not read: reading stopped after 1,000 problems; fix those first"
    )
