"""Payment plans: schedules, proposals within the debt's policy, agreeing one, broken plans,
paying off all debts, charts and files to take away."""

from services.plans.agree import AgreedPlan, agree_plan
from services.plans.agreed import agreed_schedule
from services.plans.broken import break_overdue_plans
from services.plans.charts import (
    BalanceChartLabels,
    PayoffChartLabels,
    balance_chart_png,
    payoff_chart_png,
)
from services.plans.exports import ScheduleLabels, schedule_csv, schedule_ics, schedule_pdf
from services.plans.payoff import (
    BudgetBelowInterest,
    BudgetBelowMinimums,
    PayoffTooLong,
    StrategyComparison,
)
from services.plans.payoff_budget import compare_payoff, payoff_setup
from services.plans.proposals import (
    PlanProposal,
    PlanTerms,
    first_due_for,
    plannable_debt,
    plannable_debts,
    propose_plan,
    term_choices,
)
from services.plans.schedules import Schedule, add_months
from services.plans.terms import budget_choices

__all__ = [
    "AgreedPlan",
    "BalanceChartLabels",
    "BudgetBelowInterest",
    "BudgetBelowMinimums",
    "PayoffChartLabels",
    "PayoffTooLong",
    "PlanProposal",
    "PlanTerms",
    "Schedule",
    "ScheduleLabels",
    "StrategyComparison",
    "add_months",
    "agree_plan",
    "agreed_schedule",
    "balance_chart_png",
    "break_overdue_plans",
    "budget_choices",
    "compare_payoff",
    "first_due_for",
    "payoff_chart_png",
    "payoff_setup",
    "plannable_debt",
    "plannable_debts",
    "propose_plan",
    "schedule_csv",
    "schedule_ics",
    "schedule_pdf",
    "term_choices",
]
