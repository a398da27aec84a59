"""Erasure removes what a person wrote and their contact details, keeping the operator's records."""

from __future__ import annotations

from datetime import UTC, datetime

from db.models import Negotiation
from services.accounts import privacy
from tests.support.builders import add_debtor, add_operator_debt, add_user

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


async def test_erasure_forgets_the_hardship_note_but_keeps_the_flag(uow):
    user = await add_user(uow.session, email="ana@example.com", phone="+34611222333")
    debt = await add_operator_debt(uow.session, await add_debtor(uow.session, user_id=user.id))
    negotiation = Negotiation(
        user_id=user.id,
        debt_id=debt.id,
        hardship_requested_at=NOW,
        hardship_note="I lost my job in October",
        paused_at=NOW,
    )
    uow.session.add(negotiation)
    await uow.flush()
    telegram_id = user.telegram_id
    assert (await privacy.erase_user_data(uow, telegram_id=telegram_id, now=NOW)).erased
    await uow.flush()
    await uow.session.refresh(negotiation)
    await uow.session.refresh(user)
    assert negotiation.hardship_note is None
    assert negotiation.hardship_requested_at is not None  # the operator still sees the case
    assert user.email is None and user.phone is None and user.deleted_at == NOW
    assert user.telegram_id < 0
    assert (await privacy.export_user_data(uow, telegram_id=telegram_id, now=NOW))["user"] is None
