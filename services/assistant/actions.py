"""What a tool asks the bot to show after the reply: never binding on its own.

A plan or an offer is shown with the same confirm button the buttons flow uses, and
only the user's press agrees anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.negotiation.results import NegotiationResult
from services.plans.proposals import PlanProposal


@dataclass(frozen=True)
class ShowPlanProposal:
    """A plan the user may confirm with the plan flow's Confirm button."""

    proposal: PlanProposal


@dataclass(frozen=True)
class ShowOffer:
    """A settlement or part-payment offer, shown with the negotiation's Accept button."""

    result: NegotiationResult


@dataclass(frozen=True)
class NotifyHandover:
    """The chat was flagged for a person; the bot notifies the operator and the user (when
    `repeated`, only the user: their request is already with the team)."""

    handover_id: int
    summary: str
    repeated: bool = False


Action = ShowPlanProposal | ShowOffer | NotifyHandover
