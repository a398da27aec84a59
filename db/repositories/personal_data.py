"""Everything stored about one user: read for /mydata, removed for /deletedata."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, inspect, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    AssistantThread,
    AssistantUsage,
    AuditLogEntry,
    ChatFlow,
    Debt,
    Debtor,
    Handover,
    Installment,
    Invite,
    Negotiation,
    Offer,
    Payment,
    PaymentPlan,
    Reminder,
    ThreadItem,
)


def column_values(row: Any) -> dict[str, Any]:
    """The values of a loaded row's mapped columns, by attribute name, in mapping order."""
    return {
        attribute.key: getattr(row, attribute.key) for attribute in inspect(row).mapper.column_attrs
    }


class PersonalDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def debtor_of(self, user_id: int) -> Debtor | None:
        return await self.session.scalar(select(Debtor).where(Debtor.user_id == user_id))

    async def debts_of(self, user_id: int, debtor_id: int | None) -> list[Debt]:
        owned = Debt.owner_user_id == user_id
        condition = or_(owned, Debt.debtor_id == debtor_id) if debtor_id else owned
        return list(await self.session.scalars(select(Debt).where(condition).order_by(Debt.id)))

    async def flows_of(self, user_id: int | None, telegram_id: int) -> list[ChatFlow]:
        """The flow steps of the person: theirs by user, or in their private chat (whose id
        is their Telegram id), where steps before registration have no user."""
        return await self._all(ChatFlow, _flows_of(user_id, telegram_id))

    async def delete_flows(self, user_id: int | None, telegram_id: int) -> int:
        result = await self.session.execute(delete(ChatFlow).where(_flows_of(user_id, telegram_id)))
        return result.rowcount or 0

    async def conversation_ids(self, user_id: int) -> list[str]:
        """The ids of the user's OpenAI Conversations (threads kept at OpenAI)."""
        return list(
            await self.session.scalars(
                select(AssistantThread.openai_conversation_id)
                .where(
                    AssistantThread.user_id == user_id,
                    AssistantThread.openai_conversation_id.is_not(None),
                )
                .order_by(AssistantThread.id)
            )
        )

    async def rows_about(self, user_id: int, debt_ids: list[int]) -> dict[str, list[Any]]:
        """Every row that belongs to the user or to one of their debts, by table name
        (flow steps apart: `flows_of`)."""
        plans = list(
            await self.session.scalars(
                select(PaymentPlan)
                .where(or_(PaymentPlan.user_id == user_id, PaymentPlan.debt_id.in_(debt_ids)))
                .order_by(PaymentPlan.id)
            )
        )
        plan_ids = [plan.id for plan in plans]
        return {
            "payment_plans": plans,
            "installments": await self._all(Installment, Installment.plan_id.in_(plan_ids)),
            "payments": await self._all(Payment, Payment.debt_id.in_(debt_ids)),
            "negotiations": await self._all(Negotiation, Negotiation.user_id == user_id),
            "offers": await self._all(Offer, Offer.user_id == user_id),
            "reminders": await self._all(Reminder, Reminder.user_id == user_id),
            "assistant_threads": await self._all(
                AssistantThread, AssistantThread.user_id == user_id
            ),
            "thread_items": await self._all(
                ThreadItem,
                ThreadItem.thread_id.in_(
                    select(AssistantThread.id).where(AssistantThread.user_id == user_id)
                ),
            ),
            "invites_used": await self._all(Invite, Invite.used_by_user_id == user_id),
            "audit_log": await self._all(AuditLogEntry, AuditLogEntry.actor == f"user:{user_id}"),
            "handovers": await self._all(Handover, Handover.user_id == user_id),
            "assistant_usage": await self._all(AssistantUsage, AssistantUsage.user_id == user_id),
        }

    async def _all(self, model: type, condition: Any) -> list[Any]:
        return list(await self.session.scalars(select(model).where(condition).order_by(model.id)))

    async def delete_assistant_threads(self, user_id: int) -> None:
        """Threads (their items cascade) and pending reminders."""
        for model in (AssistantThread, Reminder):
            await self.session.execute(delete(model).where(model.user_id == user_id))

    async def forget_hardship_notes(self, user_id: int) -> None:
        """What a person wrote about their hardship; the flag itself stays for the operator."""
        await self.session.execute(
            update(Negotiation).where(Negotiation.user_id == user_id).values(hardship_note=None)
        )

    async def delete_handovers(self, user_id: int) -> None:
        await self.session.execute(delete(Handover).where(Handover.user_id == user_id))

    async def delete_personal_debts(self, user_id: int) -> int:
        """The user's own debts with their plans and payments (installments cascade)."""
        debt_ids = select(Debt.id).where(Debt.owner_user_id == user_id)
        await self.session.execute(delete(Payment).where(Payment.debt_id.in_(debt_ids)))
        await self.session.execute(delete(PaymentPlan).where(PaymentPlan.debt_id.in_(debt_ids)))
        result = await self.session.execute(delete(Debt).where(Debt.owner_user_id == user_id))
        return result.rowcount or 0


def _flows_of(user_id: int | None, telegram_id: int) -> Any:
    in_their_chat = ChatFlow.chat_id == telegram_id
    return in_their_chat if user_id is None else or_(ChatFlow.user_id == user_id, in_their_chat)
