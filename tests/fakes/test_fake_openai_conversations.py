"""The fake OpenAI server: faults, the Conversations API, and its own bookkeeping."""

from __future__ import annotations

import openai
import pytest

from tests.fakes.openai import FakeOpenAI
from tests.support.fakes import LIST_DEBTS, MODEL

# --- faults --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_error_statuses_recovered_by_sdk_retries(
    fake_openai: FakeOpenAI, status: int
) -> None:
    fake_openai.fail_next(status, times=2, retry_after=0.01)
    fake_openai.script.reply_text("por fin")
    async with fake_openai.client(max_retries=2) as client:
        response = await client.responses.create(model=MODEL, input="hola")
    assert response.output_text == "por fin"
    assert [(f.kind, f.status) for f in fake_openai.fault_log] == [("status", status)] * 2
    retries = [record.headers.get("x-stainless-retry-count") for record in fake_openai.log]
    assert retries == ["0", "1", "2"]
    assert [record.status for record in fake_openai.log] == [status, status, 200]


async def test_rate_limit_without_retries_raises(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail_next(429)
    fake_openai.script.reply_text("después")
    async with fake_openai.client(max_retries=0) as client:
        with pytest.raises(openai.RateLimitError) as caught:
            await client.responses.create(model=MODEL, input="hola")
        assert caught.value.code == "rate_limit_exceeded"
        response = await client.responses.create(model=MODEL, input="hola")
    assert response.output_text == "después"


async def test_hang_raises_timeout_then_script_continues(fake_openai: FakeOpenAI) -> None:
    fake_openai.hang_next()
    fake_openai.script.reply_text("ya estoy")
    async with fake_openai.client(max_retries=0, timeout=0.3) as client:
        with pytest.raises(openai.APITimeoutError):
            await client.responses.create(model=MODEL, input="hola")
        response = await client.responses.create(model=MODEL, input="hola")
    assert response.output_text == "ya estoy"
    assert [f.kind for f in fake_openai.fault_log] == ["hang"]


async def test_stream_cut_midway(fake_openai: FakeOpenAI) -> None:
    fake_openai.cut_stream_next(after_events=5)
    fake_openai.cut_stream_next(after_events=4, mode="eof")
    fake_openai.script.reply_text("Una respuesta bastante larga")
    async with fake_openai.client() as client:
        seen: list[str] = []
        with pytest.raises(openai.APIConnectionError):
            stream = await client.responses.create(model=MODEL, input="hola", stream=True)
            async for event in stream:
                seen.append(event.type)
        assert "response.output_text.delta" in seen and "response.completed" not in seen
        async with client.responses.stream(model=MODEL, input="hola") as helper:
            with pytest.raises(RuntimeError, match=r"response\.completed"):
                await helper.get_final_response()
        response = await client.responses.create(model=MODEL, input="hola")
    assert response.output_text == "Una respuesta bastante larga"
    assert [(f.kind, f.request_index) for f in fake_openai.fault_log] == [
        ("cut_stream", 0),
        ("cut_stream", 1),
    ]


# --- conversations -------------------------------------------------------------------------


async def test_conversation_accumulates_items(fake_openai: FakeOpenAI) -> None:
    fake_openai.script.reply_text("¡Hola!")
    fake_openai.script.call_tool("list_debts", {"status": "open"})
    fake_openai.script.reply_text("Debes 100 €.")
    async with fake_openai.client() as client:
        conversation = await client.conversations.create(
            metadata={"chat": "42"}, items=[{"role": "developer", "content": "Sé amable"}]
        )
        assert conversation.id.startswith("conv_") and conversation.metadata == {"chat": "42"}
        first = await client.responses.create(
            model=MODEL, input="hola", conversation=conversation.id
        )
        assert first.conversation and first.conversation.id == conversation.id
        second = await client.responses.create(
            model=MODEL,
            input="¿cuánto debo?",
            conversation={"id": conversation.id},
            tools=[LIST_DEBTS],
        )
        call = second.output[0]
        assert call.type == "function_call"
        third = await client.responses.create(
            model=MODEL,
            conversation=conversation.id,
            tools=[LIST_DEBTS],
            input=[{"type": "function_call_output", "call_id": call.call_id, "output": "100"}],
        )
        assert third.output_text == "Debes 100 €."
        items = [
            item async for item in client.conversations.items.list(conversation.id, order="asc")
        ]
        newest_first = await client.conversations.items.list(conversation.id, limit=2)
        updated = await client.conversations.update(conversation.id, metadata={"chat": "43"})
        fetched = await client.conversations.items.retrieve(
            items[1].id, conversation_id=conversation.id
        )
        await client.conversations.items.delete(items[0].id, conversation_id=conversation.id)
        deleted = await client.conversations.delete(conversation.id)
        with pytest.raises(openai.NotFoundError):
            await client.conversations.retrieve(conversation.id)
    summary = [
        (item.type, getattr(item, "role", None), getattr(item.content[0], "text", None))
        if item.type == "message"
        else (item.type, item.call_id, None)
        for item in items
    ]
    assert summary == [
        ("message", "developer", "Sé amable"),
        ("message", "user", "hola"),
        ("message", "assistant", "¡Hola!"),
        ("message", "user", "¿cuánto debo?"),
        ("function_call", call.call_id, None),
        ("function_call_output", call.call_id, None),
        ("message", "assistant", "Debes 100 €."),
    ]
    assert items[1].content[0].type == "input_text" and items[2].content[0].type == "output_text"
    assert [item.id for item in newest_first.data] == [items[-1].id, items[-2].id]
    assert newest_first.has_more is True
    assert updated.metadata == {"chat": "43"} and fetched.id == items[1].id
    assert deleted.deleted is True


async def test_unknown_conversation_is_404(fake_openai: FakeOpenAI) -> None:
    async with fake_openai.client() as client:
        with pytest.raises(openai.NotFoundError) as caught:
            await client.responses.create(model=MODEL, input="hola", conversation="conv_missing")
        assert caught.value.body == {
            "message": "Conversation with id 'conv_missing' not found.",
            "type": "invalid_request_error",
            "param": "conversation",
            "code": None,
        }
        with pytest.raises(openai.NotFoundError):
            await client.conversations.items.list("conv_missing")


async def test_models_and_unknown_routes(fake_openai: FakeOpenAI) -> None:
    fake_openai.expect_problems("unknown_route")
    async with fake_openai.client() as client:
        models = await client.models.list()
        assert [model.id async for model in models] == [MODEL]
        with pytest.raises(openai.NotFoundError, match=r"Invalid URL \(GET /v1/nothing\)"):
            await client.get("/nothing", cast_to=object)


async def test_verify_reports_leftovers_and_unanswered_calls() -> None:
    async with FakeOpenAI() as fake:
        fake.script.call_tool("list_debts").reply_text("nunca pedido")
        fake.fail_next(503)
        async with fake.client(max_retries=0) as client:
            with pytest.raises(openai.InternalServerError):
                await client.responses.create(model=MODEL, input="x", tools=[LIST_DEBTS])
            await client.responses.create(model=MODEL, input="x", tools=[LIST_DEBTS])
        fake.fail_next(429)
    with pytest.raises(AssertionError) as caught:
        fake.verify()
    report = str(caught.value)
    assert "scripted reply never requested: text 'nunca pedido'" in report
    assert "fault never triggered: 429" in report
    assert "tool call never answered with a function_call_output: list_debts" in report
