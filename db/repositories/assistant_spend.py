"""The day's spend and the hour's turns on the operator's model, per subject (a keyed
hash of a person, or the operator): reserved before a call, settled after it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, delete, literal, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AssistantDailySpend, AssistantTurnCount

SPEND = AssistantDailySpend.__table__
TURNS = AssistantTurnCount.__table__


class AssistantSpendRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _insert(self):
        postgresql = self.session.bind.dialect.name == "postgresql"
        return postgresql_insert if postgresql else sqlite_insert

    async def without_waiting_for_disk(self) -> None:
        """This transaction's commit returns before PostgreSQL has flushed it to disk. It is
        seen by every other transaction at once, as any commit is (parallel reservations stay
        exact); only a crash of the database server within a fraction of a second could lose
        it, and these are counters of tokens and turns, not anybody's money. Each turn makes
        two or three such commits, and waiting for the disk was most of a reply's own time."""
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(text("SET LOCAL synchronous_commit TO OFF"))

    async def open_day(self, subject: str, day: dt.date) -> bool:
        """The subject's row for `day`, made if missing; True when it was made now."""
        made = await self.session.scalar(
            self._insert()(SPEND)
            .values(subject=subject, day=day, reserved_tokens=0, spent_tokens=0)
            .on_conflict_do_nothing(index_elements=["subject", "day"])
            .returning(SPEND.c.subject)
        )
        return made is not None

    async def reserve(self, *, subject: str, day: dt.date, tokens: int, budget: int) -> bool:
        """Add `tokens` to the day's reservation if spent + reserved + tokens stays within
        `budget` (0: no limit). One conditional UPDATE, so parallel callers never both fit
        into the same room. The day's row is made by the first call that finds none."""
        fits = (
            literal(True)
            if not budget
            else SPEND.c.spent_tokens + SPEND.c.reserved_tokens + tokens <= budget
        )
        statement = (
            update(SPEND)
            .where(SPEND.c.subject == subject, SPEND.c.day == day, fits)
            .values(reserved_tokens=SPEND.c.reserved_tokens + tokens)
        )
        if (await self.session.execute(statement)).rowcount == 1:
            return True
        if not await self.open_day(subject, day) and budget:
            return False  # the row was there: the call does not fit
        return (await self.session.execute(statement)).rowcount == 1

    async def settle(self, *, subject: str, day: dt.date, reserved: int, spent: int) -> None:
        """Release a reservation of `reserved` tokens and charge the `spent` ones."""
        await self.session.execute(
            update(SPEND)
            .where(SPEND.c.subject == subject, SPEND.c.day == day)
            .values(
                reserved_tokens=case(
                    (SPEND.c.reserved_tokens > reserved, SPEND.c.reserved_tokens - reserved),
                    else_=0,
                ),
                spent_tokens=SPEND.c.spent_tokens + spent,
            )
        )

    async def of_day(self, subject: str, day: dt.date) -> tuple[int, int]:
        """(spent, reserved) tokens of the subject on `day`."""
        row = (
            await self.session.execute(
                select(SPEND.c.spent_tokens, SPEND.c.reserved_tokens).where(
                    SPEND.c.subject == subject, SPEND.c.day == day
                )
            )
        ).first()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def mark_noticed(self, *, subject: str, day: dt.date, now: dt.datetime) -> bool:
        """Note that the budget's end was told; True only for the first caller of the day."""
        await self.open_day(subject, day)
        result = await self.session.execute(
            update(SPEND)
            .where(
                SPEND.c.subject == subject,
                SPEND.c.day == day,
                SPEND.c.limit_noticed_at.is_(None),
            )
            .values(limit_noticed_at=now)
        )
        return result.rowcount == 1

    async def count_turn(self, *, subject: str, hour: dt.datetime) -> int:
        """One more turn in the subject's `hour`; the hour's turns so far, this one included."""
        statement = self._insert()(TURNS).values(subject=subject, hour=hour, turns=1)
        return int(
            await self.session.scalar(
                statement.on_conflict_do_update(
                    index_elements=["subject", "hour"], set_={"turns": TURNS.c.turns + 1}
                ).returning(TURNS.c.turns)
            )
        )

    async def forget_before(self, *, day: dt.date, hour: dt.datetime) -> None:
        """Days before `day` and hours before `hour`: no budget looks at them again."""
        await self.session.execute(delete(SPEND).where(SPEND.c.day < day))
        await self.session.execute(delete(TURNS).where(TURNS.c.hour < hour))
