"""Choosing a time zone: what people type is understood, and their pending reminders move
to the sending window of the same local day in the new zone; the rest stay as they were."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import Installment, Reminder, ReminderStatus, User
from db.unit_of_work import UnitOfWork
from services.accounts.timezones import (
    COMMON_TIMEZONES,
    UnknownTimezone,
    current_timezone,
    resolve_timezone,
    set_timezone,
)
from services.reminders.times import ReminderPolicy
from tests.support.builders import add_debtor, add_operator_debt, add_plan, add_user

POLICY = ReminderPolicy()
WINTER_DUE = date(2026, 12, 10)  # Bogotá is UTC-5, Madrid UTC+1
SUMMER_DUE = date(2027, 7, 15)  # Madrid is UTC+2
OLD_DUE_AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Europe/Madrid", "Europe/Madrid"),
        ("europe/madrid", "Europe/Madrid"),
        ("  EUROPE/MADRID ", "Europe/Madrid"),
        ("America/Mexico City", "America/Mexico_City"),
        ("america / argentina / buenos aires", "America/Argentina/Buenos_Aires"),
        ("Atlantic/Canary", "Atlantic/Canary"),
        ("utc", "UTC"),
        ("Bogota", "America/Bogota"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("new_york", "America/New_York"),
        ("Paris", "Europe/Paris"),
    ],
)
def test_typed_zone_names_are_understood(typed, name):
    assert resolve_timezone(typed) == name


@pytest.mark.parametrize("typed", ["Mars/Olympus_Mons", "Madrid, Spain", "", "GMT+25"])
def test_unknown_zone_names_are_refused(typed):
    with pytest.raises(UnknownTimezone) as raised:
        resolve_timezone(typed)
    assert raised.value.code == "unknown_timezone"
    assert raised.value.values == {"name": typed.strip()}


def test_a_very_long_unknown_name_is_shortened_for_the_reply():
    with pytest.raises(UnknownTimezone) as raised:
        resolve_timezone("x" * 5000)
    assert len(raised.value.values["name"]) == 64


def test_every_offered_zone_is_known():
    assert all(resolve_timezone(name) == name for name in COMMON_TIMEZONES)


@pytest.fixture
async def ana(session_factory):
    """Ana, with an agreed plan of two installments (December and July) and reminders in
    every state; Luis, with a pending reminder of his own."""
    async with UnitOfWork(session_factory) as uow:
        ana, luis = await add_user(uow.session), await add_user(uow.session)
        debt = await add_operator_debt(uow.session, await add_debtor(uow.session, user_id=ana.id))
        plan = await add_plan(uow.session, debt, user_id=ana.id)
        december = _installment(plan.id, 1, WINTER_DUE)
        july = _installment(plan.id, 2, SUMMER_DUE)
        uow.session.add_all([december, july])
        await uow.session.flush()
        reminders = {
            "before_3": _reminder(december, ana, "before_3"),
            "due": _reminder(december, ana, "due"),
            "after_1": _reminder(december, ana, "after_1"),
            "sent": _reminder(december, ana, "after_7", status=ReminderStatus.SENT),
            "cancelled": _reminder(july, ana, "before_3", status=ReminderStatus.CANCELLED),
            "summer": _reminder(july, ana, "due"),
            "luis": _reminder(july, luis, "after_1"),
        }
        uow.session.add_all(reminders.values())
        await uow.commit()
        return {"user_id": ana.id, "reminders": {key: r.id for key, r in reminders.items()}}


def _installment(plan_id: int, number: int, due: date) -> Installment:
    return Installment(
        plan_id=plan_id,
        number=number,
        due_date=due,
        amount=Decimal("100.00"),
        principal=Decimal("100.00"),
        interest=Decimal("0.00"),
    )


def _reminder(
    installment: Installment, user: User, kind: str, status: str = ReminderStatus.PENDING
) -> Reminder:
    return Reminder(
        installment_id=installment.id,
        user_id=user.id,
        kind=kind,
        due_at=OLD_DUE_AT,
        status=status,
    )


async def _due_times(session_factory, ids: dict[str, int]) -> dict[str, datetime]:
    async with UnitOfWork(session_factory) as uow:
        rows = await uow.session.execute(select(Reminder.id, Reminder.due_at))
        by_id = dict(rows.all())
    return {key: by_id[reminder_id] for key, reminder_id in ids.items()}


async def _stored_zone(session_factory, user_id: int) -> str | None:
    async with UnitOfWork(session_factory) as uow:
        return await uow.session.scalar(select(User.timezone).where(User.id == user_id))


async def test_choosing_a_zone_moves_pending_reminders_to_nine_in_the_morning_there(
    session_factory, ana
):
    async with UnitOfWork(session_factory) as uow:
        chosen = await set_timezone(
            uow, user_id=ana["user_id"], name="america/bogota", policy=POLICY
        )
        await uow.commit()
    assert chosen == "America/Bogota"
    assert await _stored_zone(session_factory, ana["user_id"]) == "America/Bogota"
    due = await _due_times(session_factory, ana["reminders"])
    assert due["before_3"] == datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    assert due["due"] == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    assert due["after_1"] == datetime(2026, 12, 11, 14, 0, tzinfo=UTC)
    assert due["summer"] == datetime(2027, 7, 15, 14, 0, tzinfo=UTC)
    for untouched in ("sent", "cancelled", "luis"):
        assert due[untouched] == OLD_DUE_AT, untouched


async def test_summer_time_is_taken_into_account(session_factory, ana):
    async with UnitOfWork(session_factory) as uow:
        await set_timezone(uow, user_id=ana["user_id"], name="Europe/Madrid", policy=POLICY)
        await uow.commit()
    due = await _due_times(session_factory, ana["reminders"])
    assert due["due"] == datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    assert due["summer"] == datetime(2027, 7, 15, 7, 0, tzinfo=UTC)


async def test_the_sending_window_follows_the_policy(session_factory, ana):
    async with UnitOfWork(session_factory) as uow:
        await set_timezone(
            uow,
            user_id=ana["user_id"],
            name="UTC",
            policy=ReminderPolicy(from_hour=11, until_hour=18),
        )
        await uow.commit()
    due = await _due_times(session_factory, ana["reminders"])
    assert due["due"] == datetime(2026, 12, 10, 11, 0, tzinfo=UTC)


async def test_an_unknown_zone_changes_nothing(session_factory, ana):
    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(UnknownTimezone):
            await set_timezone(uow, user_id=ana["user_id"], name="Atlantis/Capital", policy=POLICY)
    assert await _stored_zone(session_factory, ana["user_id"]) is None
    due = await _due_times(session_factory, ana["reminders"])
    assert set(due.values()) == {OLD_DUE_AT}


async def test_nothing_is_written_until_the_handler_commits(session_factory, ana):
    async with UnitOfWork(session_factory) as uow:
        await set_timezone(uow, user_id=ana["user_id"], name="America/Lima", policy=POLICY)
    assert await _stored_zone(session_factory, ana["user_id"]) is None


async def test_current_zone_is_the_chosen_one_or_the_default(session_factory, ana):
    async with UnitOfWork(session_factory) as uow:
        user_id = ana["user_id"]
        assert await current_timezone(uow, user_id=user_id, default="Europe/Madrid") == (
            "Europe/Madrid"
        )
        await set_timezone(uow, user_id=user_id, name="America/Lima", policy=POLICY)
        assert await current_timezone(uow, user_id=user_id, default="Europe/Madrid") == (
            "America/Lima"
        )
