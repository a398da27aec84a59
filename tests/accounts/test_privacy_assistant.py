"""/mydata shows hand-overs and assistant usage; /deletedata forgets hand-overs and the key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.models import AssistantUsage, Handover, User
from services.accounts import api_keys, handovers, privacy
from services.assistant.usage import Usage, record_usage
from tests.support.builders import add_user

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SECRET = "a-secret-key-of-at-least-32-characters!"
SUMMARY = "Perdí mi trabajo y quiero hablar con alguien"


async def _user_who_used_the_assistant(uow) -> User:
    user = await add_user(uow.session)
    await handovers.request_handover(
        uow,
        user_id=user.id,
        chat_id=user.telegram_id,
        source="command",
        summary=SUMMARY,
        now=NOW,
        repeat_window=timedelta(hours=4),
    )
    await record_usage(uow, user_id=user.id, model="gpt-fake", usage=Usage(120, 20, 30), now=NOW)
    await api_keys.store_api_key(
        uow, user_id=user.id, key="sk-test-0123456789abcdefghij", secret_key=SECRET, now=NOW
    )
    await uow.flush()
    return user


async def test_export_includes_handovers_and_assistant_usage(uow):
    user = await _user_who_used_the_assistant(uow)
    export = await privacy.export_user_data(uow, telegram_id=user.telegram_id, now=NOW)
    assert [row["summary"] for row in export["handovers"]] == [SUMMARY]
    assert export["handovers"][0]["source"] == "command"
    usage = export["assistant_usage"]
    assert [(row["input_tokens"], row["cached_tokens"], row["output_tokens"]) for row in usage] == [
        (120, 20, 30)
    ]
    assert export["user"]["openai_api_key_stored"] is True
    assert "openai_api_key_encrypted" not in export["user"]


async def test_erasure_deletes_handovers_and_the_key_but_keeps_token_counts(uow):
    user = await _user_who_used_the_assistant(uow)
    assert (await privacy.erase_user_data(uow, telegram_id=user.telegram_id, now=NOW)).erased
    await uow.flush()
    assert (await uow.session.scalars(select(Handover))).all() == []
    await uow.session.refresh(user)
    assert user.openai_api_key_encrypted is None
    usage = (await uow.session.scalars(select(AssistantUsage))).all()
    assert [(row.user_id, row.input_tokens) for row in usage] == [(user.id, 120)]
