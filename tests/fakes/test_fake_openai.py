"""The fake OpenAI server, exercised through the real `openai.AsyncOpenAI` client."""

from __future__ import annotations

import math
from typing import Any

import openai
import pytest

from tests.fakes.openai import FakeOpenAI, Text, ToolCall, estimate_tokens
from tests.support.fakes import LIST_DEBTS, MODEL, STRING, function_tool, schema

GET_PROFILE = function_tool("get_profile")


# --- plain text ----------------------------------------------------------------------------


async def test_text_reply_non_stream(fake_openai: FakeOpenAI) -> None:
    fake_openai.script.reply_text("Hola, ¿en qué te ayudo?")
    async with fake_openai.client() as client:
        response = await client.responses.create(
            model=MODEL, instructions="Eres un asistente", input="¿Cuánto debo?"
        )
    assert response.output_text == "Hola, ¿en qué te ayudo?"
    assert response.id.startswith("resp_") and response.status == "completed"
    assert response.model == MODEL and response.object == "response"
    assert response.output[0].type == "message" and response.output[0].id.startswith("msg_")
    assert response.usage is not None
    assert response.usage.input_tokens == math.ceil(17 / 4) + math.ceil(13 / 4)
    assert response.usage.output_tokens == estimate_tokens("Hola, ¿en qué te ayudo?")
    assert response.usage.total_tokens == response.usage.input_tokens + 6
    assert fake_openai.requests == [
        {"model": MODEL, "instructions": "Eres un asistente", "input": "¿Cuánto debo?"}
    ]


async def test_every_request_and_the_usage_it_was_answered_with_are_recorded(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.script.reply_text("Hola").reply_text("Adiós", usage={"input_tokens": 7})
    async with fake_openai.client() as client:
        first = await client.responses.create(model=MODEL, input="hola", max_output_tokens=50)
        second = await client.responses.create(model=MODEL, input="adiós", stream=True)
        [completed] = [e async for e in second if e.type == "response.completed"]
    assert [r.get("max_output_tokens") for r in fake_openai.requests] == [50, None]
    totals = [a["usage"]["total_tokens"] for a in fake_openai.answers]
    assert totals == [first.usage.total_tokens, completed.response.usage.total_tokens]
    assert fake_openai.answers[1]["usage"]["input_tokens"] == 7
    assert fake_openai.tokens_used() == first.usage.total_tokens + 7 + estimate_tokens("Adiós")


async def test_text_reply_stream(fake_openai: FakeOpenAI) -> None:
    text = "Tienes tres deudas abiertas."
    fake_openai.script.reply_text(text)
    async with fake_openai.client() as client:
        stream = await client.responses.create(model=MODEL, input="hola", stream=True)
        events = [event async for event in stream]
    kinds = [event.type for event in events]
    deltas = [event.delta for event in events if event.type == "response.output_text.delta"]
    assert len(deltas) > 1 and "".join(deltas) == text
    assert [event.sequence_number for event in events] == list(range(len(events)))
    assert kinds[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert kinds[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    completed = events[-1]
    assert completed.type == "response.completed"
    assert completed.response.output_text == text
    assert fake_openai.requests[0]["stream"] is True


async def test_stream_helper(fake_openai: FakeOpenAI) -> None:
    fake_openai.script.reply_text("Primero una cosa, luego otra.")
    fake_openai.script.call_tools(("list_debts", {"status": "open"}), ("get_profile", {}))
    async with fake_openai.client() as client:
        async with client.responses.stream(model=MODEL, input="hola") as stream:
            snapshots = [e.snapshot async for e in stream if e.type == "response.output_text.delta"]
            final = await stream.get_final_response()
        assert snapshots[-1] == final.output_text == "Primero una cosa, luego otra."
        async with client.responses.stream(
            model=MODEL, input="deudas", tools=[LIST_DEBTS, GET_PROFILE]
        ) as stream:
            final = await stream.get_final_response()
    calls = [item for item in final.output if item.type == "function_call"]
    assert [(c.name, c.arguments) for c in calls] == [
        ("list_debts", '{"status": "open"}'),
        ("get_profile", "{}"),
    ]
    assert calls[0].parsed_arguments == {"status": "open"}
    fake_openai.allow_unanswered_calls()


# --- tools ---------------------------------------------------------------------------------


async def test_tool_round_trip_stateless(fake_openai: FakeOpenAI) -> None:
    fake_openai.script.call_tool("list_debts", {"status": "open"}, call_id="call_debts")
    fake_openai.script.reply_text("Tienes 2 deudas abiertas.")
    history: list[Any] = [{"role": "user", "content": "¿Qué debo?"}]
    async with fake_openai.client() as client:
        first = await client.responses.create(
            model=MODEL, input=history, tools=[LIST_DEBTS], store=False
        )
        call = first.output[0]
        assert call.type == "function_call" and call.call_id == "call_debts"
        assert call.name == "list_debts" and call.arguments == '{"status": "open"}'
        assert call.id and call.id.startswith("fc_") and call.status == "completed"
        assert first.output_text == ""
        history += first.output
        history.append(
            {"type": "function_call_output", "call_id": call.call_id, "output": '[{"id": 1}]'}
        )
        second = await client.responses.create(
            model=MODEL, input=history, tools=[LIST_DEBTS], store=False
        )
    assert second.output_text == "Tienes 2 deudas abiertas."
    assert all(body["store"] is False for body in fake_openai.requests)
    assert [item.get("type", "message") for item in fake_openai.requests[1]["input"]] == [
        "message",
        "function_call",
        "function_call_output",
    ]
    assert fake_openai.requests[1]["tools"][0]["name"] == "list_debts"
    assert second.usage and first.usage and second.usage.input_tokens > first.usage.input_tokens


async def test_parallel_calls_with_previous_response_id(fake_openai: FakeOpenAI) -> None:
    fake_openai.script.reply(
        ToolCall("list_debts", {"status": "open"}), ToolCall("get_profile", call_id="call_p")
    )
    fake_openai.script.respond_with(lambda body: Text(f"Recibí {len(body['input'])} resultados"))
    async with fake_openai.client() as client:
        first = await client.responses.create(
            model=MODEL, input="resumen", tools=[LIST_DEBTS, GET_PROFILE]
        )
        outputs = [
            {"type": "function_call_output", "call_id": item.call_id, "output": "ok"}
            for item in first.output
            if item.type == "function_call"
        ]
        second = await client.responses.create(
            model=MODEL, previous_response_id=first.id, input=outputs, tools=[LIST_DEBTS]
        )
    assert second.output_text == "Recibí 2 resultados"
    assert second.previous_response_id == first.id


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        (schema({"a": STRING}, closed=False), "In context=(), 'additionalProperties' is required"),
        (
            schema({"a": STRING, "b": STRING}, required=["a"]),
            "every key in properties. Missing 'b'",
        ),
        (schema({"f": schema(closed=False)}), "In context=('properties', 'f'), 'additionalPro"),
    ],
)
async def test_invalid_strict_schema_is_rejected(
    fake_openai: FakeOpenAI, parameters: dict[str, Any], message: str
) -> None:
    fake_openai.expect_problems("invalid_strict_schema")
    tool = {"type": "function", "name": "bad", "strict": True, "parameters": parameters}
    async with fake_openai.client() as client:
        with pytest.raises(openai.BadRequestError) as caught:
            await client.responses.create(model=MODEL, input="x", tools=[GET_PROFILE, tool])
    assert caught.value.code == "invalid_function_parameters"
    assert caught.value.param == "tools[1].parameters"
    assert message in caught.value.message
    assert "Invalid schema for function 'bad'" in caught.value.message


async def test_dangling_call_id_is_rejected(fake_openai: FakeOpenAI) -> None:
    fake_openai.expect_problems("unknown_call_id")
    history = [
        {"role": "user", "content": "hola"},
        {"type": "function_call_output", "call_id": "call_nowhere", "output": "{}"},
    ]
    async with fake_openai.client() as client:
        with pytest.raises(openai.BadRequestError) as caught:
            await client.responses.create(model=MODEL, input=history, store=False)
    assert caught.value.param == "input"
    assert "No tool call found for function call output with call_id call_nowhere" in str(
        caught.value
    )
    assert caught.value.body == {
        "message": "No tool call found for function call output with call_id call_nowhere.",
        "type": "invalid_request_error",
        "param": "input",
        "code": None,
    }


async def test_unanswered_call_is_rejected(fake_openai: FakeOpenAI) -> None:
    fake_openai.expect_problems("unanswered_call")
    fake_openai.allow_unanswered_calls()
    fake_openai.script.call_tool("list_debts", {"status": "open"})
    async with fake_openai.client() as client:
        first = await client.responses.create(model=MODEL, input="deudas", tools=[LIST_DEBTS])
        with pytest.raises(openai.BadRequestError, match="No tool output found for function"):
            await client.responses.create(
                model=MODEL, previous_response_id=first.id, input="¿y bien?", tools=[LIST_DEBTS]
            )
    assert fake_openai.unanswered_calls()[0].startswith("list_debts")


async def test_missing_model_and_exhausted_script(fake_openai: FakeOpenAI) -> None:
    fake_openai.expect_problems("missing_parameter", "script_exhausted")
    async with fake_openai.client() as client:
        with pytest.raises(openai.BadRequestError) as caught:
            await client.responses.create(input="sin modelo")
        assert caught.value.param == "model"
        assert caught.value.code == "missing_required_parameter"
        with pytest.raises(openai.BadRequestError, match="no scripted reply left"):
            await client.responses.create(model=MODEL, input="nadie contesta")


async def test_script_calling_unoffered_tool_is_a_problem(fake_openai: FakeOpenAI) -> None:
    fake_openai.expect_problems("script_mismatch")
    fake_openai.script.call_tool("delete_everything")
    async with fake_openai.client() as client:
        with pytest.raises(openai.BadRequestError, match="delete_everything"):
            await client.responses.create(model=MODEL, input="x", tools=[LIST_DEBTS])


async def test_max_output_tokens_makes_response_incomplete(fake_openai: FakeOpenAI) -> None:
    fake_openai.script.reply_text("x" * 100)
    async with fake_openai.client() as client:
        response = await client.responses.create(model=MODEL, input="x", max_output_tokens=16)
    assert response.status == "incomplete"
    assert response.incomplete_details and response.incomplete_details.reason == "max_output_tokens"
    assert response.output_text == "x" * 64
    assert response.usage and response.usage.output_tokens == 16
