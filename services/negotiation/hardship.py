"""Hardship: a user who cannot pay right now pauses the negotiation for the operator.

While paused no offer is made or accepted (``NegotiationPaused``); the open offer is
withdrawn. The case is stored on the negotiation (``hardship_requested_at``,
``hardship_note``) so the operator's export lists it, and stays there after the
operator resumes the negotiation. The note is personal: the audit log records that
one was given, never its text.
"""

from __future__ import annotations

from datetime import datetime

from db.models import Negotiation
from db.models.negotiations import HARDSHIP_NOTE_LENGTH
from db.unit_of_work import UnitOfWork
from services.debts.policy import DebtPolicy
from services.negotiation.errors import HardshipNoteTooLong, NegotiationNotPaused
from services.negotiation.results import HardshipResult
from services.negotiation.rules import NegotiationRules
from services.negotiation.state import Context, load_debt, negotiation_of, withdraw_open_offer
from services.shared import audit

HARDSHIP_NOTE_MAX_LENGTH = HARDSHIP_NOTE_LENGTH
"""As long as ``negotiations.hardship_note`` holds."""
NEGOTIATION = "negotiation"


async def request_hardship(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    note: str | None,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
) -> HardshipResult:
    """Pause the user's negotiation of the debt and flag it for the operator.

    Works whatever the negotiation's state (also with an agreement in place: that is
    when paying can become hard). Asking again while paused updates the note.
    """
    text = _note(note)
    debt, policy = await load_debt(
        uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy
    )
    negotiation = await negotiation_of(uow, user_id=user_id, debt_id=debt_id, now=now)
    repository = uow.negotiations
    already_paused = negotiation.paused_at is not None
    if not already_paused:
        negotiation.paused_at = now
    negotiation.hardship_requested_at = now
    if text is not None or not already_paused:
        negotiation.hardship_note = text
    negotiation.updated_at = now
    context = Context(
        uow=uow,
        user_id=user_id,
        debt=debt,
        policy=policy,
        negotiation=negotiation,
        open_offer=await repository.open_offer(debt_id),
        rules=rules,
        now=now,
    )
    withdrawn = await withdraw_open_offer(context, reason="hardship")
    context.audit(
        "negotiation.hardship_requested",
        NEGOTIATION,
        negotiation.id,
        has_note=text is not None,
        already_paused=already_paused,
        withdrawn_offer_id=withdrawn,
    )
    return HardshipResult(
        debt_id=debt.id,
        creditor=debt.creditor,
        already_paused=already_paused,
        withdrawn_offer_id=withdrawn,
    )


async def resume_negotiation(
    uow: UnitOfWork, *, debt_id: int, now: datetime, actor: str = audit.OPERATOR
) -> list[int]:
    """(Operator) resume the paused negotiations of a debt; the ids of the users whose
    negotiation resumed. Raises NegotiationNotPaused when none was paused."""
    paused: list[Negotiation] = await uow.negotiations.paused_for_debt(debt_id)
    if not paused:
        raise NegotiationNotPaused()
    for negotiation in paused:
        negotiation.paused_at = None
        negotiation.updated_at = now
        audit.record(
            uow,
            actor=actor,
            action="negotiation.resumed",
            entity_type=NEGOTIATION,
            entity_id=negotiation.id,
            now=now,
            details={"debt_id": debt_id, "user_id": negotiation.user_id},
        )
    return [negotiation.user_id for negotiation in paused]


def _note(note: str | None) -> str | None:
    text = (note or "").strip()
    if len(text) > HARDSHIP_NOTE_MAX_LENGTH:
        raise HardshipNoteTooLong(max_length=HARDSHIP_NOTE_MAX_LENGTH)
    return text or None
