"""The fake OpenAI server refuses the keys a test names, as the real API does."""

from __future__ import annotations

import openai
import pytest

from tests.fakes.openai import FakeOpenAI

REFUSED = "sk-refused-0123456789abcdefWXYZ"


async def test_a_refused_key_gets_401_invalid_api_key(fake_openai: FakeOpenAI) -> None:
    fake_openai.reject_keys.add(REFUSED)
    client = openai.AsyncOpenAI(base_url=fake_openai.base_url, api_key=REFUSED, max_retries=0)
    async with client:
        with pytest.raises(openai.AuthenticationError) as raised:
            await client.models.retrieve("gpt-fake")
    error = raised.value
    assert error.status_code == 401
    assert error.code == "invalid_api_key"
    assert error.type == "invalid_request_error"
    assert error.param is None
    assert "Incorrect API key provided: sk-" in error.message
    assert "WXYZ." in error.message and REFUSED not in error.message
    assert not fake_openai.problems  # a legitimate answer, not a client mistake


async def test_other_keys_still_work(fake_openai: FakeOpenAI) -> None:
    fake_openai.reject_keys.add(REFUSED)
    async with fake_openai.client() as client:
        model = await client.models.retrieve("gpt-fake")
    assert model.id == "gpt-fake"
