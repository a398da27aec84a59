"""The words of the plan exports, given by the caller from its text catalogue.

The exports never hold user-facing text: the bot layer fills these from the Spanish or
English catalogue. Each field is a plain word or short phrase, without placeholders;
the exports add numbers, amounts and dates around them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScheduleLabels:
    """One debt's schedule as a calendar, a CSV and a PDF."""

    title: str
    """"Payment plan": the PDF's title; the calendar is named "{title} · {creditor}"."""
    installment: str
    """"Installment": calendar events read "Installment 3/12: €250.00 · Banco X"."""
    number: str
    """"No.": the column of installment numbers (CSV, PDF)."""
    due_date: str
    """"Due date" (CSV, PDF)."""
    amount: str
    """"Amount": what the installment costs (CSV, PDF)."""
    principal: str
    """"Principal": the part that repays the debt (calendar, CSV, PDF)."""
    interest: str
    """"Interest" (calendar, CSV, PDF)."""
    balance_after: str
    """"Balance after": what is still owed once the installment is paid (calendar, CSV, PDF)."""
    currency: str
    """"Currency": the CSV's currency column."""
    total: str
    """"Total": the totals row (CSV, PDF) and the total to pay (PDF)."""
    creditor: str
    """"Creditor" (PDF)."""
    reference: str
    """"Reference" (calendar, PDF)."""
    annual_rate: str
    """"Annual interest rate" (PDF)."""
    total_interest: str
    """"Total interest" (PDF)."""
    generated_on: str
    """"Generated on": the PDF's footer reads "Generated on Mar 3, 2025"."""
    page: str
    """"Page": the PDF's footer reads "Page 1/3"."""


@dataclass(frozen=True, slots=True)
class PayoffCsvLabels:
    """A payoff plan as a CSV: one row per debt and month."""

    number: str
    """"Month no.": 1 for the plan's first month."""
    month: str
    """"Month": written 2025-03."""
    debt: str
    """"Debt": the debt's name."""
    interest: str
    """"Interest": what the debt accrued that month."""
    payment: str
    """"Payment": what went to the debt that month."""
    balance_after: str
    """"Balance after": what the debt still owes after that month."""
    currency: str
    """"Currency"."""
    total: str
    """"Total": the totals row."""
