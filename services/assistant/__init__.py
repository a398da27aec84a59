"""The assistant: a tool loop on the Responses API whose tools are thin calls into the
services. The model proposes; the services decide; binding steps need the user's button."""

from services.assistant.actions import Action, NotifyHandover, ShowOffer, ShowPlanProposal
from services.assistant.catalog import default_tools
from services.assistant.counters import REFUSALS
from services.assistant.spend import (
    DailyBudgetSpent,
    OperatorBudgetSpent,
    Spending,
    SpendLimits,
    SpendRefused,
    TurnLimitReached,
    forget_old_spend,
    spent_today,
    subject_key,
)
from services.assistant.threads import start_new_thread
from services.assistant.tooling import Toolbox, ToolEnv
from services.assistant.turn import Assistant, AssistantConfig, TurnRequest
from services.assistant.usage import Usage, UsageReport, usage_report

__all__ = [
    "REFUSALS",
    "Action",
    "Assistant",
    "AssistantConfig",
    "DailyBudgetSpent",
    "NotifyHandover",
    "OperatorBudgetSpent",
    "ShowOffer",
    "ShowPlanProposal",
    "SpendLimits",
    "SpendRefused",
    "Spending",
    "ToolEnv",
    "Toolbox",
    "TurnLimitReached",
    "TurnRequest",
    "Usage",
    "UsageReport",
    "default_tools",
    "forget_old_spend",
    "spent_today",
    "start_new_thread",
    "subject_key",
    "usage_report",
]
