"""/plan's messages and charts, in the user's language. Nothing here talks to Telegram
or the database: plain values in, texts and PNG bytes out."""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal

from babel.dates import format_skeleton

from bot.context import FinbotContext
from bot.render.formatting import day, money, percent
from services.debts import DebtView
from services.plans import (
    AgreedPlan,
    BalanceChartLabels,
    PayoffChartLabels,
    PlanProposal,
    Schedule,
    StrategyComparison,
    balance_chart_png,
    payoff_chart_png,
)
from services.shared import DomainError, locale_for

SHOWN_FIRST = 3
"""Installments listed before the "…" and the last one."""
EXPLAINED = {
    ("too_many_months", "months"),
    ("too_many_months", "amount"),
    ("too_many_months_and_minimum", "months"),
    ("installment_below_minimum", "months"),
    ("installment_below_minimum", "amount"),
    ("payment_too_small", "amount"),
}
"""(reason, how the plan was asked) pairs with their own explanation (`plan_why_*`)."""


def debt_name(update, context: FinbotContext, debt: DebtView) -> str:
    """The debt's name for an HTML message (escaped)."""
    if debt.is_personal:
        return context.text(update, "plan_debt_personal", creditor=debt.creditor)
    if debt.concept:
        return context.text(
            update, "plan_debt_with_concept", creditor=debt.creditor, concept=debt.concept
        )
    return html.escape(debt.creditor, quote=False)


def debt_summary(update, context: FinbotContext, debt: DebtView, language: str) -> str:
    """The debt's name, what is owed and, for an operator's debt, the limits of a plan."""
    balance = money(debt.balance, debt.currency, language)
    if debt.annual_rate:
        owed = context.text(
            update,
            "plan_debt_summary",
            balance=balance,
            rate=percent(debt.annual_rate, language),
        )
    else:
        owed = context.text(update, "plan_debt_summary_no_interest", balance=balance)
    lines = [f"<b>{debt_name(update, context, debt)}</b>", owed]
    if debt.policy is not None:
        lines.append(
            context.text(
                update,
                "plan_debt_policy",
                creditor=debt.creditor,
                max_months=debt.policy.max_months,
                min_installment=money(debt.policy.min_installment, debt.currency, language),
            )
        )
    return "\n".join(lines)


def proposal_text(update, context: FinbotContext, proposal: PlanProposal, language: str) -> str:
    debt = proposal.debt
    parts = [debt_summary(update, context, debt, language)]
    if not proposal.fit.fits:
        parts.append(_why(update, context, proposal, language))
    parts.append(schedule_text(update, context, proposal.schedule, debt.currency, language))
    note = "plan_binding_note" if proposal.binding else "plan_personal_note"
    parts.append(context.text(update, note, creditor=debt.creditor))
    parts.append(context.text(update, "plan_confirm_question"))
    return "\n\n".join(parts)


def _why(update, context: FinbotContext, proposal: PlanProposal, language: str) -> str:
    """Why the asked plan does not fit, in plain words, leading to the closest one."""
    currency = proposal.debt.currency
    mode = "months" if proposal.asked.months is not None else "amount"
    values = dict(proposal.fit.values)
    reason = proposal.fit.reason
    fewer = values["closest_months"] < values["max_months"]
    if (reason, mode) == ("too_many_months", "months") and fewer and values.get("min_installment"):
        reason = "too_many_months_and_minimum"  # the smallest installment limits it further
    explained = (reason, mode) in EXPLAINED
    key = f"plan_why_{reason}_{mode}" if explained else "plan_why_other"
    asked_amount = proposal.asked.monthly_amount or values.get("amount")
    return context.text(
        update,
        key,
        creditor=proposal.debt.creditor,
        months=proposal.asked.months or values.get("months"),
        max_months=values.get("max_months"),
        amount=money(asked_amount or 0, currency, language),
        min_installment=money(values.get("min_installment") or 0, currency, language),
        closest_months=values["closest_months"],
        closest_amount=money(values["closest_amount"], currency, language),
    )


def schedule_text(
    update, context: FinbotContext, schedule: Schedule, currency: str, language: str
) -> str:
    """The first installments, "…", the last one, and the totals."""
    installments = schedule.installments
    shown = (
        installments
        if len(installments) <= SHOWN_FIRST + 1
        else (*installments[:SHOWN_FIRST], None, installments[-1])
    )
    lines = [context.text(update, "plan_schedule_title", months=schedule.months)]
    for installment in shown:
        if installment is None:
            lines.append(context.text(update, "plan_installments_skipped"))
            continue
        lines.append(
            context.text(
                update,
                "plan_installment_line",
                number=installment.number,
                due_date=day(installment.due_date, language),
                amount=money(installment.amount, currency, language),
            )
        )
    totals = context.text(
        update,
        "plan_totals",
        total=money(schedule.total, currency, language),
        interest=money(schedule.total_interest, currency, language),
        months=schedule.months,
    )
    return "\n".join(lines) + "\n\n" + totals


def agreed_text(update, context: FinbotContext, agreed: AgreedPlan, language: str) -> str:
    first = agreed.schedule.installments[0]
    key = "plan_agreed_binding" if agreed.binding else "plan_agreed_personal"
    parts = [
        context.text(
            update,
            key,
            creditor=agreed.debt.creditor,
            months=agreed.schedule.months,
            amount=money(first.amount, agreed.debt.currency, language),
            first_due=day(first.due_date, language),
        )
    ]
    if agreed.replaced:
        parts.append(context.text(update, "plan_agreed_replaces"))
    parts.append(context.text(update, "plan_agreed_files"))
    return "\n\n".join(parts)


def balance_chart(update, context: FinbotContext, schedule: Schedule, debt: DebtView) -> bytes:
    language = context.language_of(update)
    labels = BalanceChartLabels(
        title=plain(context.text(update, "plan_chart_title", creditor=debt.creditor)),
        month=context.text(update, "plan_chart_month"),
        balance=context.text(update, "plan_chart_balance"),
        installment=context.text(update, "plan_chart_installment"),
        principal=context.text(update, "plan_chart_principal"),
        interest=context.text(update, "plan_chart_interest"),
    )
    return balance_chart_png(schedule, currency=debt.currency, language=language, labels=labels)


def payoff_text(
    update, context: FinbotContext, comparison: StrategyComparison, names, currency: str
) -> str:
    language = context.language_of(update)
    budget = comparison.avalanche.budget
    parts = [context.text(update, "plan_payoff_title", budget=money(budget, currency, language))]
    for plan in (comparison.avalanche, comparison.snowball):
        lines = [
            context.text(
                update,
                f"plan_payoff_strategy_{plan.strategy}",
                months=plan.months_to_debt_free,
                month=month_name(plan.debt_free_month, language),
                interest=money(plan.total_interest, currency, language),
            )
        ]
        lines += [
            context.text(
                update,
                "plan_payoff_debt_line",
                name=names[payoff.debt_id],
                month=month_name(payoff.month, language),
            )
            for payoff in plan.payoffs
        ]
        parts.append("\n".join(lines))
    saving = abs(comparison.avalanche.total_interest - comparison.snowball.total_interest)
    if saving:
        parts.append(
            context.text(
                update,
                "plan_payoff_cheaper",
                strategy=strategy_name(update, context, comparison.cheapest.strategy),
                saving=money(saving, currency, language),
            )
        )
    else:
        parts.append(context.text(update, "plan_payoff_same"))
    parts.append(context.text(update, "plan_payoff_next"))
    return "\n\n".join(parts)


def payoff_chart(
    update, context: FinbotContext, comparison: StrategyComparison, names, currency: str
) -> bytes:
    labels = PayoffChartLabels(
        title=context.text(update, "plan_payoff_chart_title"),
        month=context.text(update, "plan_chart_month"),
        balance=context.text(update, "plan_chart_balance"),
        avalanche=strategy_name(update, context, "avalanche"),
        snowball=strategy_name(update, context, "snowball"),
        custom=strategy_name(update, context, "custom"),
    )
    return payoff_chart_png(
        comparison,
        currency=currency,
        language=context.language_of(update),
        labels=labels,
        names=names,
    )


def strategy_name(update, context: FinbotContext, strategy: str) -> str:
    return context.text(update, f"plan_strategy_{strategy}")


def month_name(month: date, language: str) -> str:
    """The month as "enero de 2028" or "January 2028"."""
    return format_skeleton("yMMMM", month, locale=locale_for(language))


def error_message(
    update, context: FinbotContext, error: DomainError, currency: str | None = None
) -> str:
    """A domain error in the user's words, its amounts as money in `currency`."""
    language = context.language_of(update)
    values = {
        name: money(value, currency, language) if currency and isinstance(value, Decimal) else value
        for name, value in error.values.items()
    }
    values.setdefault("contact", context.deps.settings.operator_contact)
    return context.text(update, f"error_{error.code}", **values)


def plain(value: str) -> str:
    """A catalogue text for a button or a chart, where HTML entities would show as typed."""
    return html.unescape(value)
