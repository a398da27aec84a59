"""Reminders of installments: scheduling, claiming, and what became of each message.

Also what reminders read and write of the rows around them: a person's message of the
day and whether the bot can reach them, the installments reminded of. What a person
does about their reminders: ``db.repositories.reminder_preferences``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Row, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Debt, Debtor, Installment, PaymentPlan, Reminder, User
from db.models.enums import InstallmentStatus, PlanStatus, ReminderStatus
from db.repositories.debts import chunked
from db.repositories.reminder_preferences import ReminderPreferenceQueries


class ReminderRepository(ReminderPreferenceQueries):
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def on_sqlite(self) -> bool:
        """SQLite has one writer at a time and renders no ``FOR UPDATE``."""
        return self.session.bind.dialect.name == "sqlite"

    # -- scheduling ----------------------------------------------------------------------

    async def lock_unscheduled_plans(self, *, limit: int) -> Sequence[Row]:
        """Active plans whose reminders were never scheduled, oldest first, as rows
        (plan id, the person's user id, their time zone), locked with ``SKIP LOCKED``."""
        # An operator debt's person is whoever is linked to its debtor now.
        owner = func.coalesce(Debtor.user_id, Debt.owner_user_id, PaymentPlan.user_id)
        result = await self.session.execute(
            select(PaymentPlan.id, owner, User.timezone)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .outerjoin(User, User.id == owner)
            .where(
                PaymentPlan.status == PlanStatus.ACTIVE,
                PaymentPlan.reminders_scheduled_at.is_(None),
            )
            .order_by(PaymentPlan.id)
            .limit(limit)
            # Two processes never schedule the same plan (SQLite has one writer).
            .with_for_update(skip_locked=True, of=PaymentPlan)
        )
        return result.all()

    async def mark_plans_scheduled(self, plan_ids: Sequence[int], *, now: datetime) -> None:
        await self.session.execute(
            update(PaymentPlan)
            .where(PaymentPlan.id.in_(plan_ids))
            .values(reminders_scheduled_at=now)
        )

    async def open_installments_of(self, plan_id: int) -> Sequence[Row]:
        """The plan's open installments as rows (id, due_date)."""
        result = await self.session.execute(
            select(Installment.id, Installment.due_date).where(
                Installment.plan_id == plan_id, Installment.status == InstallmentStatus.OPEN
            )
        )
        return result.all()

    async def existing_kinds(self, installment_ids: Sequence[int]) -> set[tuple[int, str]]:
        """The (installment id, kind) of the reminders these installments have."""
        result = await self.session.execute(
            select(Reminder.installment_id, Reminder.kind).where(
                Reminder.installment_id.in_(installment_ids)
            )
        )
        return set(result.all())

    def add_all(self, reminders: Sequence[Reminder]) -> None:
        self.session.add_all(reminders)

    # -- claiming ------------------------------------------------------------------------

    async def due_user_ids(self, *, now: datetime, limit: int) -> Sequence[int]:
        """Whose pending reminders are due, one id per reminder (soonest first)."""
        found = await self.session.scalars(
            select(Reminder.user_id)
            .where(Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= now)
            .order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
        )
        return found.all()

    async def lock_recipient(self, user_id: int) -> Row | None:
        """What a claim needs of the person (id, telegram_id, language, timezone,
        reminders_enabled, deleted_at, unreachable_at), their row locked; None when
        another process holds it."""
        statement = select(
            User.id,
            User.telegram_id,
            User.language,
            User.timezone,
            User.reminders_enabled,
            User.deleted_at,
            User.unreachable_at,
        ).where(User.id == user_id)
        # SKIP LOCKED: a person another process is claiming for is left to it. (SQLite
        # renders no FOR UPDATE: it has one writer at a time, and `take_todays_message`
        # is atomic.)
        statement = statement.with_for_update(skip_locked=True, of=User)
        return (await self.session.execute(statement)).first()

    async def lock_due_of(self, user_id: int, *, now: datetime) -> Sequence[Row]:
        """The person's pending reminders due by ``now``, locked, each with its
        installment, plan and debt, as rows."""
        result = await self.session.execute(
            select(
                Reminder.id,
                Reminder.kind,
                Installment.id.label("installment_id"),
                Installment.status.label("installment_status"),
                Installment.number,
                Installment.due_date,
                Installment.amount,
                PaymentPlan.id.label("plan_id"),
                PaymentPlan.status.label("plan_status"),
                Debt.id.label("debt_id"),
                Debt.kind.label("debt_kind"),
                Debt.reference,
                Debt.creditor,
                Debt.currency,
                Debt.reminders_enabled,
            )
            .join(Installment, Installment.id == Reminder.installment_id)
            .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .where(
                Reminder.user_id == user_id,
                Reminder.status == ReminderStatus.PENDING,
                Reminder.due_at <= now,
            )
            .order_by(Reminder.id)  # locked in one order, as every writer of reminders does
            .with_for_update(of=Reminder)
        )
        return result.all()

    async def fail_due_of(self, user_id: int, *, now: datetime, reason: str) -> None:
        await self.session.execute(
            update(Reminder)
            .where(
                Reminder.user_id == user_id,
                Reminder.status == ReminderStatus.PENDING,
                Reminder.due_at <= now,
            )
            .values(status=ReminderStatus.FAILED, last_error=reason)
        )

    async def close_pending(self, ids: Sequence[int], *, status: str, reason: str) -> None:
        if ids:
            await self.session.execute(
                update(Reminder)
                .where(Reminder.id.in_(ids), Reminder.status == ReminderStatus.PENDING)
                .values(status=status, last_error=reason)
            )

    async def postpone_pending(self, ids: Sequence[int], *, until: datetime) -> None:
        if ids:
            await self.session.execute(
                update(Reminder)
                .where(and_(Reminder.id.in_(ids), Reminder.status == ReminderStatus.PENDING))
                .values(due_at=until)
            )

    async def claim_pending(self, ids: Sequence[int], *, now: datetime, worker: str) -> set[int]:
        """Mark those still pending claimed by ``worker``; the ids claimed."""
        claimed = await self.session.scalars(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.status == ReminderStatus.PENDING)
            .values(
                status=ReminderStatus.CLAIMED,
                claimed_at=now,
                claimed_by=worker,
                attempts=Reminder.attempts + 1,
            )
            .returning(Reminder.id)
        )
        return set(claimed.all())

    async def take_todays_message(
        self, user_id: int, *, now: datetime, day_start: datetime
    ) -> bool:
        """Mark today's message as taken; False when the person already had one today."""
        result = await self.session.execute(
            update(User)
            .where(
                User.id == user_id,
                or_(User.last_reminded_at.is_(None), User.last_reminded_at < day_start),
            )
            .values(last_reminded_at=now)
        )
        return result.rowcount == 1

    async def free_todays_message(self, user_id: int) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id).values(last_reminded_at=None)
        )

    async def plan_totals(self, plan_ids: Collection[int]) -> dict[int, tuple[int, int, Decimal]]:
        """Each plan's installments: how many, how many still to pay, and what they add
        up to."""
        still_open = Installment.status.in_(
            [InstallmentStatus.OPEN, InstallmentStatus.REPORTED_PAID]
        )
        result = await self.session.execute(
            select(
                Installment.plan_id,
                func.count(),
                func.count().filter(still_open),
                func.sum(Installment.amount).filter(still_open),
            )
            .where(Installment.plan_id.in_(plan_ids))
            .group_by(Installment.plan_id)
        )
        return {
            plan_id: (count, left_count, left_amount or Decimal(0))
            for plan_id, count, left_count, left_amount in result
        }

    # -- what became of a message --------------------------------------------------------

    async def mark_sent(self, ids: Sequence[int], *, message_id: int, now: datetime) -> None:
        await self.session.execute(
            update(Reminder)
            .where(
                Reminder.id.in_(ids),
                Reminder.status.in_([ReminderStatus.CLAIMED, ReminderStatus.FAILED]),
            )
            .values(
                status=ReminderStatus.SENT,
                sent_at=now,
                telegram_message_id=message_id,
                last_error=None,
            )
        )

    async def fail_claimed(self, ids: Sequence[int], *, reason: str) -> None:
        await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.status == ReminderStatus.CLAIMED)
            .values(status=ReminderStatus.FAILED, last_error=reason)
        )

    async def release_claimed(self, ids: Sequence[int], *, reason: str, retry_at: datetime) -> None:
        """Those still claimed are pending again, due at ``retry_at``."""
        await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.status == ReminderStatus.CLAIMED)
            .values(
                status=ReminderStatus.PENDING,
                due_at=retry_at,
                claimed_at=None,
                claimed_by=None,
                last_error=reason,
            )
        )

    async def fail_claimed_before(self, claimed_before: datetime, *, reason: str) -> int:
        """Fail the claims made before ``claimed_before``; how many."""
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.status == ReminderStatus.CLAIMED, Reminder.claimed_at < claimed_before)
            .values(status=ReminderStatus.FAILED, last_error=reason)
        )
        return result.rowcount or 0

    async def count_waiting(self, *, now: datetime) -> int:
        """Reminders due and not yet sent (or being sent)."""
        return await self.session.scalar(
            select(func.count()).where(
                Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.CLAIMED]),
                Reminder.due_at <= now,
            )
        )

    async def mark_unreachable(self, user_id: int, *, now: datetime) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id).values(unreachable_at=now)
        )

    # -- cancelling what was paid --------------------------------------------------------

    async def cancel_pending_of_installments(
        self, installment_ids: Sequence[int], *, reason: str
    ) -> int:
        """Cancel these installments' pending reminders, one statement per ``IN_CHUNK``
        of them (in id order); how many."""
        cancelled = 0
        for chunk in chunked(sorted(installment_ids)):
            result = await self.session.execute(
                update(Reminder)
                .where(
                    Reminder.installment_id.in_(chunk),
                    Reminder.status == ReminderStatus.PENDING,
                )
                .values(status=ReminderStatus.CANCELLED, last_error=reason)
                .execution_options(synchronize_session=False)
            )
            cancelled += result.rowcount  # type: ignore[attr-defined]
        return cancelled
