"""Invites against real databases: create, preview and redeem a one-time link."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import Debt, Debtor, DebtStatus, Invite
from db.unit_of_work import UnitOfWork
from services.accounts.invites import (
    DebtorAlreadyLinked,
    DebtReferenceUnknown,
    InviteExpired,
    InviteUnknown,
    InviteUsed,
    UserAlreadyLinked,
    create_invite,
    deep_link,
    preview_invite,
    redeem_invite,
)
from tests.support.builders import add_user
from tests.support.clock import NOW
from tests.support.debts import debt_row, run_import
from tests.support.rows import audit_entries

TTL = timedelta(days=14)
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@pytest.fixture
async def debts(session_factory):
    """Lucía has three debts (one already paid), Javier one."""
    await run_import(
        session_factory,
        [
            debt_row(reference="BMR-1"),
            debt_row(reference="MOV-7", creditor="Movistel"),
            debt_row(reference="BMR-2", creditor="Banco Meridiano"),
            debt_row(reference="PAID", creditor="Iberluz"),
            debt_row(reference="IBL-3", full_name="Javier", email="", phone="+34611222333"),
        ],
    )
    async with UnitOfWork(session_factory) as uow:
        debt = await uow.session.scalar(select(Debt).where(Debt.reference == "PAID"))
        debt.status = DebtStatus.PAID
        await uow.commit()


async def invite(session_factory, reference="BMR-1", *, now=NOW) -> str:
    async with UnitOfWork(session_factory) as uow:
        token = await create_invite(uow, reference=reference, now=now, ttl=TTL)
        await uow.commit()
    return token


async def new_user(session_factory) -> int:
    async with UnitOfWork(session_factory) as uow:
        user = await add_user(uow.session)
        await uow.commit()
    return user.id


async def redeem(session_factory, token, user_id, *, now=NOW + timedelta(hours=1)):
    async with UnitOfWork(session_factory) as uow:
        result = await redeem_invite(uow, token=token, user_id=user_id, now=now)
        await uow.commit()
    return result


async def debtor_named(session_factory, name) -> Debtor:
    async with UnitOfWork(session_factory) as uow:
        return await uow.session.scalar(select(Debtor).where(Debtor.full_name == name))


async def test_a_token_is_url_safe_short_enough_for_telegram_and_stored_only_hashed(
    session_factory, debts
):
    token = await invite(session_factory)

    assert TOKEN.fullmatch(token)
    assert len(token) == 32
    async with UnitOfWork(session_factory) as uow:
        stored = await uow.session.scalar(select(Invite))
    assert stored.token == hashlib.sha256(token.encode()).hexdigest()
    assert stored.token != token
    assert stored.expires_at == NOW + TTL
    lucia = await debtor_named(session_factory, "Lucía Fernández")
    assert stored.debtor_id == lucia.id
    entry = (await audit_entries(session_factory))[-1]
    assert (entry.action, entry.entity_id, entry.actor) == ("invite.created", stored.id, "operator")
    assert token not in str(entry.details)


async def test_every_invite_gets_its_own_token(session_factory, debts):
    assert len({await invite(session_factory) for _ in range(5)}) == 5


def test_the_deep_link_carries_the_token_as_start_parameter():
    assert deep_link(bot_username="@finbot_demo_bot", token="abc_-1") == (
        "https://t.me/finbot_demo_bot?start=abc_-1"
    )


async def test_an_unknown_reference_gets_no_invite(uow, debts):
    with pytest.raises(DebtReferenceUnknown) as error:
        await create_invite(uow, reference="NOPE", now=NOW, ttl=TTL)

    assert error.value.values == {"reference": "NOPE"}


async def test_the_preview_names_the_debtor_and_their_open_debts(session_factory, uow, debts):
    token = await invite(session_factory, "MOV-7")

    preview = await preview_invite(uow, token=token, now=NOW)

    assert preview.full_name == "Lucía Fernández"
    assert preview.open_debts == 3
    assert preview.creditors == ("Banco Meridiano", "Movistel")
    assert preview.expires_at == NOW + TTL


async def test_redeeming_links_the_debtor_marks_the_invite_used_and_audits(session_factory, debts):
    token = await invite(session_factory)
    user_id = await new_user(session_factory)
    when = NOW + timedelta(days=1)

    result = await redeem(session_factory, token, user_id, now=when)

    lucia = await debtor_named(session_factory, "Lucía Fernández")
    assert (result.debtor_id, result.debt_count, result.newly_linked) == (lucia.id, 3, True)
    assert (lucia.user_id, lucia.linked_at) == (user_id, when)
    async with UnitOfWork(session_factory) as uow:
        stored = await uow.session.scalar(select(Invite))
    assert (stored.used_at, stored.used_by_user_id) == (when, user_id)
    entry = (await audit_entries(session_factory))[-1]
    assert (entry.action, entry.entity_type, entry.entity_id, entry.actor) == (
        "debtor.linked",
        "debtor",
        lucia.id,
        f"user:{user_id}",
    )
    assert entry.details == {"via": "invite", "invite_id": stored.id}


async def test_redeeming_twice_by_the_same_user_is_harmless(session_factory, debts):
    token = await invite(session_factory)
    user_id = await new_user(session_factory)
    await redeem(session_factory, token, user_id)
    audited = len(await audit_entries(session_factory))

    again = await redeem(session_factory, token, user_id, now=NOW + TTL * 2)

    assert (again.debt_count, again.newly_linked) == (3, False)
    assert len(await audit_entries(session_factory)) == audited
    async with UnitOfWork(session_factory) as uow:
        preview = await preview_invite(uow, token=token, now=NOW, user_id=user_id)
    assert preview.full_name == "Lucía Fernández"


async def test_a_used_invite_does_not_work_for_someone_else(session_factory, debts):
    token = await invite(session_factory)
    await redeem(session_factory, token, await new_user(session_factory))
    stranger = await new_user(session_factory)

    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(InviteUsed):
            await preview_invite(uow, token=token, now=NOW)
        with pytest.raises(InviteUsed):
            await redeem_invite(uow, token=token, user_id=stranger, now=NOW)


async def test_an_invite_expires_after_its_time_to_live(session_factory, debts):
    token = await invite(session_factory)
    user_id = await new_user(session_factory)

    async with UnitOfWork(session_factory) as uow:
        assert await preview_invite(uow, token=token, now=NOW + TTL - timedelta(seconds=1))
        with pytest.raises(InviteExpired):
            await preview_invite(uow, token=token, now=NOW + TTL)
        with pytest.raises(InviteExpired):
            await redeem_invite(uow, token=token, user_id=user_id, now=NOW + TTL)

    lucia = await debtor_named(session_factory, "Lucía Fernández")
    assert lucia.user_id is None


@pytest.mark.parametrize("token", ["", "x" * 65, "abc def", "../../etc", "ñandú", "unknown_token"])
async def test_an_unknown_or_malformed_token_is_unknown(uow, debts, token):
    with pytest.raises(InviteUnknown):
        await preview_invite(uow, token=token, now=NOW)
    with pytest.raises(InviteUnknown):
        await redeem_invite(uow, token=token, user_id=1, now=NOW)


async def test_a_debtor_linked_to_someone_else_cannot_be_linked_again(session_factory, debts):
    first, second = await invite(session_factory), await invite(session_factory)
    await redeem(session_factory, first, await new_user(session_factory))
    other = await new_user(session_factory)

    with pytest.raises(DebtorAlreadyLinked):
        await redeem(session_factory, second, other)

    async with UnitOfWork(session_factory) as uow:
        unused = await uow.session.scalar(select(Invite).where(Invite.used_at.is_(None)))
    assert unused is not None


async def test_a_user_linked_to_one_debtor_cannot_take_another(session_factory, debts):
    user_id = await new_user(session_factory)
    await redeem(session_factory, await invite(session_factory, "BMR-1"), user_id)
    javiers = await invite(session_factory, "IBL-3")

    with pytest.raises(UserAlreadyLinked):
        await redeem(session_factory, javiers, user_id)

    javier = await debtor_named(session_factory, "Javier")
    assert javier.user_id is None


async def test_a_second_invite_for_an_already_linked_user_is_spent_harmlessly(
    session_factory, debts
):
    user_id = await new_user(session_factory)
    await redeem(session_factory, await invite(session_factory), user_id)
    second = await invite(session_factory, "MOV-7")

    result = await redeem(session_factory, second, user_id)

    assert result.newly_linked is False
    with pytest.raises(InviteUsed):
        await redeem(session_factory, second, await new_user(session_factory))
