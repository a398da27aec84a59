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
    InviteNeedsPhone,
    InvitePhoneMismatch,
    InviteUnknown,
    InviteUsed,
    UserAlreadyLinked,
    create_invite,
    deep_link,
    preview_invite,
    redeem_invite,
    redeem_invite_by_phone,
)
from tests.support.builders import add_debtor, add_operator_debt, add_user
from tests.support.clock import NOW
from tests.support.debts import debt_row, run_import
from tests.support.rows import audit_entries

TTL = timedelta(days=14)
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
LUCIA = "+34600000000"


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
        marta = await add_debtor(uow.session, full_name="Marta", phone=None)  # not by CSV
        await add_operator_debt(uow.session, marta, reference="NOPHONE-1")
        await uow.commit()


async def invite(session_factory, reference="BMR-1", *, now=NOW) -> str:
    async with UnitOfWork(session_factory) as uow:
        created = await create_invite(uow, reference=reference, now=now, ttl=TTL)
        await uow.commit()
    return created.token


async def new_user(session_factory) -> int:
    async with UnitOfWork(session_factory) as uow:
        user = await add_user(uow.session)
        await uow.commit()
    return user.id


async def redeem(
    session_factory, token, user_id, *, phone=LUCIA, now=NOW + timedelta(hours=1), invite=None
):
    """Redeem as the person would: with their own verified phone (``None``: confirmed)."""
    async with UnitOfWork(session_factory) as uow:
        if phone is None:
            result = await redeem_invite(uow, token=token, user_id=user_id, now=now)
        else:
            invite = invite or await _invite_id(uow, token)
            result = await redeem_invite_by_phone(
                uow, invite_id=invite, user_id=user_id, phone=phone, now=now
            )
        await uow.commit()
    return result


async def _invite_id(uow, token) -> int:
    return await uow.session.scalar(
        select(Invite.id).where(Invite.token == hashlib.sha256(token.encode()).hexdigest())
    )


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


async def test_the_preview_says_who_the_invite_is_from_and_not_whom_it_is_for(
    session_factory, uow, debts
):
    token = await invite(session_factory, "MOV-7")

    preview = await preview_invite(uow, token=token, now=NOW)

    assert preview.creditors == ("Banco Meridiano", "Movistel")
    assert (preview.needs_phone, preview.linked_debts) == (True, None)
    assert preview.expires_at == NOW + TTL
    assert "Lucía" not in repr(preview) and "lucia" not in repr(preview)


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
    assert entry.details == {"via": "invite", "invite_id": stored.id, "phone_verified": True}
    async with UnitOfWork(session_factory) as uow:
        user = await uow.users.get(user_id)
    assert (user.phone, user.phone_verified_at) == (LUCIA, when)  # the proof of the link


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
    assert preview.linked_debts == 3


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
        await redeem(session_factory, javiers, user_id, phone="+34611222333")

    javier = await debtor_named(session_factory, "Javier")
    assert javier.user_id is None


async def test_a_second_invite_for_an_already_linked_user_is_spent_harmlessly(
    session_factory, debts
):
    user_id = await new_user(session_factory)
    first, second = await invite(session_factory), await invite(session_factory, "MOV-7")
    await redeem(session_factory, first, user_id)

    result = await redeem(session_factory, second, user_id)

    assert result.newly_linked is False
    with pytest.raises(InviteUsed):
        await redeem(session_factory, second, await new_user(session_factory))


async def test_another_phone_links_nothing_and_leaves_the_invite_for_the_right_person(
    session_factory, debts
):
    token = await invite(session_factory)
    stranger = await new_user(session_factory)

    with pytest.raises(InvitePhoneMismatch):
        await redeem(session_factory, token, stranger, phone="+34699000111")
    async with UnitOfWork(session_factory) as uow:  # the attempt is audited, once committed
        with pytest.raises(InvitePhoneMismatch):
            await redeem_invite_by_phone(
                uow, invite_id=await _invite_id(uow, token), user_id=stranger,
                phone="+34699000111", now=NOW,
            )  # fmt: skip
        await uow.commit()

    entry = (await audit_entries(session_factory))[-1]
    assert (entry.action, entry.entity_type, entry.actor) == (
        "invite.phone_mismatch", "invite", f"user:{stranger}",
    )  # fmt: skip
    assert (await debtor_named(session_factory, "Lucía Fernández")).user_id is None
    lucia = await new_user(session_factory)
    assert (await redeem(session_factory, token, lucia)).newly_linked is True


async def test_confirming_is_not_enough_for_a_debtor_whose_phone_the_operator_has(
    session_factory, debts
):
    token = await invite(session_factory)

    with pytest.raises(InviteNeedsPhone):
        await redeem(session_factory, token, await new_user(session_factory), phone=None)

    assert (await debtor_named(session_factory, "Lucía Fernández")).user_id is None


async def test_a_debtor_without_a_phone_is_linked_on_confirmation(session_factory, debts):
    token = await invite(session_factory, "NOPHONE-1")
    user_id = await new_user(session_factory)
    async with UnitOfWork(session_factory) as uow:
        preview = await preview_invite(uow, token=token, now=NOW, user_id=user_id)
    assert (preview.needs_phone, preview.creditors) == (False, ("Acme Bank",))

    result = await redeem(session_factory, token, user_id, phone=None)

    assert (result.newly_linked, result.debt_count) == (True, 1)
    assert (await debtor_named(session_factory, "Marta")).user_id == user_id


async def test_no_preview_of_a_debtor_linked_to_someone_else_nor_for_someone_linked_elsewhere(
    session_factory, debts
):
    first, second = await invite(session_factory), await invite(session_factory)
    javiers = await invite(session_factory, "IBL-3")
    lucia = await new_user(session_factory)
    await redeem(session_factory, first, lucia)

    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(DebtorAlreadyLinked) as refused:
            await preview_invite(
                uow, token=second, now=NOW, user_id=await new_user(session_factory)
            )
        with pytest.raises(UserAlreadyLinked):
            await preview_invite(uow, token=javiers, now=NOW, user_id=lucia)
    assert refused.value.values == {}


async def test_a_linked_debtor_gets_no_new_invite_unless_the_operator_relinks(
    session_factory, debts
):
    lucia = await new_user(session_factory)
    await redeem(session_factory, await invite(session_factory), lucia)

    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(DebtorAlreadyLinked) as refused:
            await create_invite(uow, reference="MOV-7", now=NOW, ttl=TTL)
    assert refused.value.values == {"linked_at": NOW + timedelta(hours=1)}
    async with UnitOfWork(session_factory) as uow:
        created = await create_invite(uow, reference="MOV-7", now=NOW, ttl=TTL, relink=True)
        await uow.commit()

    assert created.unlinked_user_id == lucia
    debtor = await debtor_named(session_factory, "Lucía Fernández")
    assert (debtor.user_id, debtor.linked_at) == (None, None)
    unlinked, created_entry = (await audit_entries(session_factory))[-2:]
    assert (unlinked.action, unlinked.actor, unlinked.entity_id, unlinked.details) == (
        "debtor.unlinked", "operator", debtor.id,
        {"reason": "relink", "previous_user_id": lucia, "reference": "MOV-7"},
    )  # fmt: skip
    assert created_entry.action == "invite.created"
    newcomer = await new_user(session_factory)
    assert (await redeem(session_factory, created.token, newcomer)).newly_linked is True
