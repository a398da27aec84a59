"""A scripted fake of the OpenAI Responses and Conversations APIs, for tests.

    async def test_x(fake_openai):  # fixture from tests.fakes.openai.fixtures
        fake_openai.script.call_tool("list_debts", {"status": "open"}).reply_text("Hola")
        async with fake_openai.client() as client:  # a real openai.AsyncOpenAI
            response = await client.responses.create(model="gpt-fake", input="hi", tools=[...])
        assert fake_openai.last_request["tools"][0]["name"] == "list_debts"

Problems found in requests answer 400 and fail the test at teardown; see FakeOpenAI.verify.
Usage is estimated as ceil(len(text) / 4) per item (plus instructions and the tools JSON).
"""

from .errors import ApiError, FaultEvent, Problem
from .script import Reply, Script, Text, ToolCall
from .server import FakeOpenAI, RecordedRequest
from .shapes import estimate_input_tokens, estimate_tokens, item_text

__all__ = [
    "ApiError",
    "FakeOpenAI",
    "FaultEvent",
    "Problem",
    "RecordedRequest",
    "Reply",
    "Script",
    "Text",
    "ToolCall",
    "estimate_input_tokens",
    "estimate_tokens",
    "item_text",
]
