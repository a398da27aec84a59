"""Negotiating an operator's debt: settlement offers, counteroffers, partial payments,
acceptance and hardship. The one module the bot's handlers and tools import.

Every function takes the user's id from the caller (the Telegram update, never a
model's arguments) and reaches only that user's debts (``services.debts.owed.get_debt``):
another user's debt or offer is indistinguishable from a missing one. Personal debts
are not negotiated (``NotNegotiable``). The model may propose; only
``accept_offer``, called after the user's own press of the confirm button bound to an
offer id, agrees anything — and every amount is checked against the operator's floor
(the balance less the debt's maximum discount), which no result ever reveals.

Rules (``NegotiationRules``, built by the bot from its settings):

* Settlement: the first offer is the balance less the starting discount; each further
  round (asking for a better offer, or a counteroffer between the floor and the offer)
  adds a step, up to the debt's maximum. The offer of the last round, or one at the
  maximum, is final and is only repeated afterwards.
* Counteroffer: see ``negotiation_settlement.make_counteroffer``.
* Partial payment: see ``negotiation_partial``.
* Offers expire after ``offer_ttl_hours``; one open offer per debt, a new one
  supersedes it; expired or superseded offers cannot be accepted; accepting twice has
  one effect.
"""

from __future__ import annotations

from datetime import datetime

from db.unit_of_work import UnitOfWork
from services.debts.policy import DebtPolicy
from services.negotiation.accept import accept_offer
from services.negotiation.errors import (
    AgreementExists,
    DebtClosed,
    HardshipNoteTooLong,
    InvalidCounteroffer,
    InvalidUpfront,
    NegotiationNotPaused,
    NegotiationPaused,
    NotNegotiable,
    OfferExpired,
    OfferNotFound,
    OfferSuperseded,
    OfferTermsChanged,
)
from services.negotiation.export import (
    EXPORT_COLUMNS,
    OperatorCaseRow,
    list_agreements_and_hardship,
)
from services.negotiation.hardship import request_hardship, resume_negotiation
from services.negotiation.partial import plan_options, propose_partial_payment
from services.negotiation.results import (
    AgreedInstallment,
    AgreementSummary,
    HardshipResult,
    NegotiationOptions,
    NegotiationResult,
    OfferView,
    Outcome,
    PartialPlanView,
    TierOption,
)
from services.negotiation.rules import NegotiationRules, PartialTier
from services.negotiation.settlement import (
    make_counteroffer,
    request_better_offer,
    request_settlement_offer,
)
from services.negotiation.state import load_debt
from services.negotiation.views import open_offer_view

__all__ = [
    "EXPORT_COLUMNS",
    "AgreedInstallment",
    "AgreementExists",
    "AgreementSummary",
    "DebtClosed",
    "HardshipNoteTooLong",
    "HardshipResult",
    "InvalidCounteroffer",
    "InvalidUpfront",
    "NegotiationNotPaused",
    "NegotiationOptions",
    "NegotiationPaused",
    "NegotiationResult",
    "NegotiationRules",
    "NotNegotiable",
    "OfferExpired",
    "OfferNotFound",
    "OfferSuperseded",
    "OfferTermsChanged",
    "OfferView",
    "OperatorCaseRow",
    "Outcome",
    "PartialPlanView",
    "PartialTier",
    "TierOption",
    "accept_offer",
    "current_offer",
    "list_agreements_and_hardship",
    "make_counteroffer",
    "plan_options",
    "propose_partial_payment",
    "request_better_offer",
    "request_hardship",
    "request_settlement_offer",
    "resume_negotiation",
]


async def current_offer(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
) -> OfferView | None:
    """The user's open, unexpired offer for the debt, or None. Changes nothing."""
    debt, _ = await load_debt(
        uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy, lock=False
    )
    return await open_offer_view(uow, user_id=user_id, debt=debt, rules=rules, now=now)
