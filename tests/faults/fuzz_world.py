"""The people of the fuzz run: two victims who never write while it runs, the attackers
who do, a group and the operators' chat; and a snapshot of everything a victim owns."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from db.models import Base, Debt, Debtor, Installment, Offer, PaymentPlan, User
from db.unit_of_work import UnitOfWork
from services.accounts import invites
from services.payments.payload import InvoiceTerms, sign_payload, to_minor_units
from tests.support.bot import TEST_SECRET_KEY
from tests.support.builders import add_operator_debt
from tests.support.chat import answer, said
from tests.support.people import register, seed_debtor
from tests.support.reminders import seed_plan, tick

OPERATORS_CHAT = -1_009_000_000_001
GROUP_CHAT = -1_001_234_567_890
VICTIM_PHONE = "+34611000001"
# Names that have broken bots before: markup, right-to-left and zero-width marks, emoji
# sequences, a name at Telegram's 64-character limit.
ATTACKER_NAMES = (
    "<b>Eve</b> & <i>co",
    "\u202eyrollaM\u200b",
    "Zoë 👩\u200d👩\u200d👧 " + "𝕋" * 20,
    "O" * 64,
)


@dataclass
class FuzzWorld:
    victims: list[Any]
    attackers: list[Any]
    group: Any
    operators: Any
    victim_user_ids: list[int]
    victim_ids: dict[str, list[int]]
    """Ids of the victim's rows by kind (debt, plan, offer, installment), for forged data."""
    own_ids: dict[str, list[int]]
    victim_invite: str
    victim_payload: str
    """A payload the bot signed for the victim's first installment, as if it leaked."""


async def build_world(finbot, fake, session_factory) -> FuzzWorld:
    operators = fake.group(OPERATORS_CHAT, "Operators")
    group = fake.group(GROUP_CHAT, "Deudas en familia")
    vera = await _registered_victim(fake, session_factory)
    rita = fake.user(first_name="Rita", language_code="es")  # halfway through /register
    await answer(rita, "/register")
    await answer(rita, "Rita Ruiz")
    attackers = [
        fake.user(first_name=name, language_code=("es", "en")[n % 2])
        for n, name in enumerate(ATTACKER_NAMES)
    ]
    for number, person in enumerate(attackers[:3]):
        await _seed_attacker(session_factory, person, phone=f"+3462200000{number}")
    await tick(finbot)  # reminders for every active plan, the victim's included
    victim_ids = await _ids_of(session_factory, [vera.id])
    own_ids = await _ids_of(session_factory, [p.id for p in attackers])
    async with UnitOfWork(session_factory) as uow:
        reference = await uow.session.scalar(
            select(Debt.reference).where(Debt.id == victim_ids["debt"][0])
        )
        token = await _invite_issued_before_she_linked(uow, reference)
        installment = await uow.session.get(Installment, victim_ids["installment"][0])
        payload = sign_payload(
            InvoiceTerms(
                installment_id=installment.id,
                minor_units=to_minor_units(installment.amount, "EUR"),
                currency="EUR",
            ),
            secret_key=TEST_SECRET_KEY,
        )
        await uow.commit()
    async with session_factory() as session:
        victim_user_ids = list(
            await session.scalars(select(User.id).where(User.telegram_id.in_([vera.id, rita.id])))
        )
    return FuzzWorld(
        victims=[vera, rita],
        attackers=attackers,
        group=group,
        operators=operators,
        victim_user_ids=victim_user_ids,
        victim_ids=victim_ids,
        own_ids=own_ids,
        victim_invite=token,
        victim_payload=payload,
    )


async def _invite_issued_before_she_linked(uow, reference: str) -> str:
    """An unused invite for the victim (`finbot invite` refuses one now she is linked)."""
    debt = await uow.debts.by_reference(reference)
    token = secrets.token_urlsafe(invites.TOKEN_BYTES)
    now = datetime.now(UTC)
    await uow.invites.add(
        token_hash=invites.token_hash(token),
        debtor_id=debt.debtor_id,
        expires_at=now + timedelta(days=30),
        now=now,
    )
    return token


async def _registered_victim(fake, session_factory):
    """Vera: registered, an open settlement offer on one debt and an agreed plan on the
    other, all through the bot."""
    await seed_debtor(session_factory, phone=VICTIM_PHONE, debts=2)
    vera = fake.user(first_name="Vera", language_code="es")
    await register(vera, phone=VICTIM_PHONE)
    await answer(vera, "/debts")
    await vera.press("🤝 Negociar 1")
    await vera.wait_for(said("¿Cómo te gustaría resolverla?"))
    await vera.press("💶 Pagar de una vez con descuento")
    await vera.wait_for(said("Esta es mi propuesta"))
    await vera.send("/plan")
    which = await vera.wait_for(said("¿Qué deuda"))
    second = [data for data in which.callback_data.values() if data.startswith("plan:debt:")][1]
    await vera.press(second, message=which)
    await vera.wait_for(said("¿Cómo prefieres pagarla?"))
    await vera.press("📅 En un número de meses")
    await vera.wait_for(lambda m: m.buttons and "Elige" in (m.plain_text or ""))
    await vera.press("12 meses")
    shown = await vera.wait_for(said("¿Lo confirmo?"))
    await vera.press("✅ Confirmar", message=shown)
    await vera.wait_for(said("✅"))
    return vera


async def _seed_attacker(session_factory, person, *, phone: str) -> None:
    """A registered debtor with an active plan (two installments) and an open debt."""
    seeded = await seed_plan(
        session_factory,
        telegram_id=person.id,
        due_dates=[date(2026, 11, 27), date(2026, 12, 27)],
        creditor=f"Banco {person.id}",
    )
    now = datetime.now(UTC)
    async with session_factory() as session:
        await session.execute(
            update(User)
            .where(User.id == seeded["user_id"])
            .values(phone=phone, phone_verified_at=now, privacy_consent_at=now)
        )
        debtor = await session.scalar(select(Debtor).where(Debtor.user_id == seeded["user_id"]))
        await add_operator_debt(session, debtor, balance=Decimal("900.00"), max_discount_pct=20)
        await session.commit()


async def _ids_of(session_factory, telegram_ids: list[int]) -> dict[str, list[int]]:
    async with session_factory() as session:
        users = select(User.id).where(User.telegram_id.in_(telegram_ids))
        debtors = select(Debtor.id).where(Debtor.user_id.in_(users))
        debts = list(
            await session.scalars(
                select(Debt.id)
                .where(Debt.debtor_id.in_(debtors) | Debt.owner_user_id.in_(users))
                .order_by(Debt.id)
            )
        )
        plans = list(
            await session.scalars(select(PaymentPlan.id).where(PaymentPlan.debt_id.in_(debts)))
        )
        return {
            "debt": debts,
            "plan": plans,
            "offer": list(await session.scalars(select(Offer.id).where(Offer.debt_id.in_(debts)))),
            "installment": list(
                await session.scalars(
                    select(Installment.id)
                    .where(Installment.plan_id.in_(plans))
                    .order_by(Installment.id)
                )
            ),
        }


async def snapshot(session_factory, user_ids: list[int], chat_ids: list[int]) -> dict[str, Any]:
    """Every row the victims own, by table and id: their users, and transitively every row
    that points at one of them by a foreign key; their chats' flow states; and the audit
    entries by them or about one of their rows."""
    tables = [t for t in Base.metadata.sorted_tables if t.name != "audit_log"]
    async with session_factory() as session:
        rows = {
            t.name: [dict(r) for r in (await session.execute(t.select())).mappings()]
            for t in [*tables, Base.metadata.tables["audit_log"]]
        }
    owned: dict[str, dict[Any, dict]] = {t.name: {} for t in tables}
    owned["users"] = {r["id"]: r for r in rows["users"] if r["id"] in user_ids}
    owned["chat_flows"] = {r["id"]: r for r in rows["chat_flows"] if r["chat_id"] in chat_ids}
    changed = True
    while changed:  # follow foreign keys until no new row turns up
        changed = False
        for table in tables:
            links = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
            keys = table.primary_key.columns.keys()
            for row in rows[table.name]:
                key = row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)
                if key not in owned[table.name] and any(
                    row[column] in owned[target] for column, target in links
                ):
                    owned[table.name][key] = row
                    changed = True
    actors = {f"user:{user_id}" for user_id in user_ids}
    owned["audit_log"] = {
        r["id"]: r
        for r in rows["audit_log"]
        if r["actor"] in actors or r["entity_id"] in owned.get(f"{r['entity_type']}s", {})
    }
    return owned
