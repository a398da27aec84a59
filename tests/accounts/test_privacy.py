"""Erasure removes what a person wrote and their contact details, keeping the operator's records."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from db.base import Base
from db.models import (
    AssistantThread,
    ChatFlow,
    Debt,
    DebtKind,
    Handover,
    Installment,
    Negotiation,
    Reminder,
    ThreadItem,
)
from services.accounts import privacy
from tests.support.builders import add_debtor, add_operator_debt, add_plan, add_user
from tests.support.rows import every_stored_value, mentions

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

# How erasure treats every table. A new table must be put in one of these, and so thought
# about: a table holding a person's data is erased, or scrubbed, or kept on purpose.
ERASED = {  # no row of the person's is left
    "chat_flows": ChatFlow,  # with or without a user: a private chat's id is the person's
    "assistant_threads": AssistantThread,  # and their OpenAI Conversations, after commit
    "thread_items": ThreadItem,
    "reminders": Reminder,
    "handovers": Handover,
}
SCRUBBED = {
    "users": "the tombstone: contact details, language, zone, consents and key emptied",
    "negotiations": "the hardship note; the flag stays for the operator",
    "debtors": "the operator's record is unlinked from the account",
    "debts": "the person's own debts are deleted with their plans and payments",
    "payment_plans": "likewise",
    "installments": "likewise",
    "payments": "likewise",
}
KEPT_FOR_THE_OPERATOR = {  # no contact details; on the anonymous tombstone
    "offers",
    "invites",
    "audit_log",
    "assistant_usage",  # token counts only
    # A keyed hash of the Telegram id and counts, no user_id: kept so that erasing one's
    # data does not give the day's budget or the hour's turns back (assistant/spend.py).
    "assistant_daily_spend",
    "assistant_turn_counts",
}
NOT_ABOUT_ONE_PERSON = {
    "documents",
    "document_chunks",
    "group_chats",
    "received_updates",  # webhook inbox: the payload is cleared once the update is handled
}


def test_every_table_is_either_erased_scrubbed_kept_on_purpose_or_not_personal():
    classified = [*ERASED, *SCRUBBED, *KEPT_FOR_THE_OPERATOR, *NOT_ABOUT_ONE_PERSON]
    assert len(classified) == len(set(classified))
    assert set(classified) == set(Base.metadata.tables)


async def test_erasure_leaves_no_row_in_the_erased_tables_and_none_of_the_persons_words(uow):
    ana = await add_user(
        uow.session, full_name="Ana Garcia Lopez", email="ana@example.com", phone="+34611222333"
    )
    debt = await add_operator_debt(uow.session, await add_debtor(uow.session, user_id=ana.id))
    own = Debt(
        kind=DebtKind.PERSONAL, owner_user_id=ana.id, creditor="Tienda Pepita",
        concept="sofa", balance=Decimal("300.00"), currency="EUR",
    )  # fmt: skip
    uow.session.add(own)
    await uow.flush()
    plan = await add_plan(uow.session, debt, user_id=ana.id)
    installment = Installment(
        plan_id=plan.id, number=1, due_date=date(2026, 12, 1), amount=Decimal("100.00"),
        principal=Decimal("100.00"), interest=Decimal("0.00"),
    )  # fmt: skip
    thread = AssistantThread(user_id=ana.id, chat_id=ana.telegram_id, openai_conversation_id="c1")
    uow.session.add_all([installment, thread])
    await uow.flush()
    said = {"type": "message", "role": "user", "content": [{"text": "me llamo Ana Garcia"}]}
    uow.session.add_all([
        ChatFlow(chat_id=ana.telegram_id, flow="register", step="phone",
                 data={"full_name": "Ana Garcia Lopez", "email": "ana@example.com"}),
        ThreadItem(thread_id=thread.id, position=1, turn=1, item_type="message", payload=said),
        Reminder(installment_id=installment.id, user_id=ana.id, kind="due", due_at=NOW),
        Handover(user_id=ana.id, chat_id=ana.telegram_id, source="command",
                 summary="Perdi mi trabajo en Correos"),
        Negotiation(user_id=ana.id, debt_id=debt.id, hardship_note="Perdi mi trabajo"),
    ])  # fmt: skip
    await uow.flush()

    erasure = await privacy.erase_user_data(uow, telegram_id=ana.telegram_id, now=NOW)
    await uow.flush()

    assert erasure.erased and erasure.conversation_ids == ("c1",)
    for table, model in ERASED.items():
        assert await uow.session.scalar(select(func.count()).select_from(model)) == 0, table
    assert await uow.session.scalar(select(func.count()).select_from(Debt)) == 1  # operator's
    stored = await every_stored_value(uow.session)
    for words in ("Ana Garcia", "ana@example.com", "+34611222333", "Perdi mi trabajo", "sofa"):
        assert not mentions(stored, words), words


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
