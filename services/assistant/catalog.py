"""The tools the assistant's model may call, in the order it sees them.

Reading first (debts, one debt, what is due), then plans, then negotiation, then the
operator's documents, then the hand-over to a person. Every tool is a thin call into a
service, for the user of the update (`ToolEnv.user_id`), under the same policies as the
buttons. None of them agrees anything: plans and offers are shown with a button, and only
the user's press agrees.
"""

from __future__ import annotations

from typing import Any

from services.assistant.tooling import Tool
from services.assistant.tools_account import NEXT_INSTALLMENTS, REQUEST_HANDOVER
from services.assistant.tools_debts import DEBT_DETAILS, LIST_DEBTS
from services.assistant.tools_documents import SEARCH_DOCUMENTS
from services.assistant.tools_negotiation import (
    ASK_SETTLEMENT_OFFER,
    MAKE_COUNTEROFFER,
    PROPOSE_PARTIAL_PAYMENT,
)
from services.assistant.tools_plans import CALCULATE_PLAN, PAYOFF_PLAN, PROPOSE_PLAN


def default_tools() -> list[Tool[Any]]:
    return [
        LIST_DEBTS,
        DEBT_DETAILS,
        NEXT_INSTALLMENTS,
        CALCULATE_PLAN,
        PROPOSE_PLAN,
        PAYOFF_PLAN,
        ASK_SETTLEMENT_OFFER,
        MAKE_COUNTEROFFER,
        PROPOSE_PARTIAL_PAYMENT,
        SEARCH_DOCUMENTS,
        REQUEST_HANDOVER,
    ]
