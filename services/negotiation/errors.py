"""Why a negotiation request cannot go ahead. Each `code` names a text in the bot's catalogue.

A counteroffer the operator cannot accept is not an error: it is a result
(``Outcome.COUNTEROFFER_REFUSED``) that repeats the standing offer.
"""

from __future__ import annotations

from services.shared.errors import DomainError


class NotNegotiable(DomainError):
    """Only the operator's debts are negotiated; this is the user's own debt."""

    code = "negotiation_personal_debt"


class DebtClosed(DomainError):
    """The debt is paid, settled or cancelled, or owes nothing. values: status."""

    code = "negotiation_debt_closed"


class AgreementExists(DomainError):
    """The debt already has an accepted settlement or partial payment agreement.
    values: plan_id."""

    code = "negotiation_agreement_exists"


class NegotiationPaused(DomainError):
    """The user asked for hardship help: no offers until the operator resumes the case."""

    code = "negotiation_paused"


class NegotiationNotPaused(DomainError):
    """(Operator) there is no paused negotiation to resume for that debt."""

    code = "negotiation_not_paused"


class InvalidCounteroffer(DomainError):
    """The amount is not a positive amount of money."""

    code = "negotiation_invalid_counteroffer"


class InvalidUpfront(DomainError):
    """The upfront payment must be more than nothing and less than the balance (paying all
    of it is simply paying the debt). values: balance."""

    code = "negotiation_invalid_upfront"


class OfferNotFound(DomainError):
    """No offer with that id for this user (anyone else's offer looks the same)."""

    code = "offer_not_found"


class OfferExpired(DomainError):
    """The offer's time ran out before it was accepted. values: expired_at."""

    code = "offer_expired"


class OfferSuperseded(DomainError):
    """A newer offer replaced it (or it was withdrawn when the negotiation paused)."""

    code = "offer_superseded"


class OfferTermsChanged(DomainError):
    """The debt changed since the offer was made (balance or limits): ask for a new one."""

    code = "offer_terms_changed"


class HardshipNoteTooLong(DomainError):
    """values: max_length."""

    code = "hardship_note_too_long"
