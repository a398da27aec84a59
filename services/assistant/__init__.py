"""The assistant: a tool loop on the Responses API whose tools are thin calls into the
services. The model proposes; the services decide; binding steps need the user's button."""

from services.assistant.actions import Action, NotifyHandover, ShowOffer, ShowPlanProposal
from services.assistant.catalog import default_tools
from services.assistant.threads import start_new_thread
from services.assistant.tooling import Toolbox, ToolEnv
from services.assistant.turn import Assistant, AssistantConfig, TurnRequest
from services.assistant.usage import Usage, UsageReport, usage_report

__all__ = [
    "Action",
    "Assistant",
    "AssistantConfig",
    "NotifyHandover",
    "ShowOffer",
    "ShowPlanProposal",
    "ToolEnv",
    "Toolbox",
    "TurnRequest",
    "Usage",
    "UsageReport",
    "default_tools",
    "start_new_thread",
    "usage_report",
]
