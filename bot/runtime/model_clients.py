"""OpenAI SDK clients: the operator's (from OPENAI_API_KEY) and one per user key, cached.

Built by the composition root; handlers ask `for_key(...)`. The SDK retries 429 and 5xx
with backoff (`ASSISTANT_MAX_RETRIES`) and never retries other 4xx.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict

import openai

from bot.settings import Settings

CACHED_USER_CLIENTS = 256
KEY_CHECK_TIMEOUT_SECONDS = 15.0


class ModelClients:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        operator_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        self._operator = self._new(operator_key) if operator_key else None
        self._by_key: OrderedDict[str, openai.AsyncOpenAI] = OrderedDict()

    @property
    def operator(self) -> openai.AsyncOpenAI | None:
        return self._operator

    def for_key(self, user_key: str | None) -> openai.AsyncOpenAI | None:
        """The client for a user's own key, else the operator's; None when there is neither."""
        if not user_key:
            return self._operator
        digest = hashlib.sha256(user_key.encode()).hexdigest()
        client = self._by_key.get(digest)
        if client is None:
            client = self._by_key[digest] = self._new(user_key)
            if len(self._by_key) > CACHED_USER_CLIENTS:
                _, evicted = self._by_key.popitem(last=False)
                asyncio.get_running_loop().create_task(evicted.close())
        self._by_key.move_to_end(digest)
        return client

    async def key_works(self, key: str) -> bool:
        """One cheap call (retrieve the configured model) with `key`: False when refused."""
        client = self._new(key, max_retries=0, timeout=KEY_CHECK_TIMEOUT_SECONDS)
        try:
            await client.models.retrieve(self._settings.openai_model)
        except (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError):
            return False
        finally:
            await client.close()
        return True

    async def delete_conversation(self, conversation_id: str, user_key: str | None) -> None:
        """Delete an OpenAI Conversation under the person's own key or the operator's,
        whichever made it; one that neither finds is already gone."""
        owners = [self.for_key(user_key)] if user_key else []
        clients = [client for client in (*owners, self._operator) if client is not None]
        if not clients:
            raise LookupError("no OpenAI key to delete the conversation with")
        for client in clients:
            try:
                await client.conversations.delete(conversation_id)
            except openai.NotFoundError:
                continue
            return

    async def close(self) -> None:
        clients = [*self._by_key.values(), *([self._operator] if self._operator else [])]
        self._by_key.clear()
        await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)

    def _new(
        self, key: str, *, max_retries: int | None = None, timeout: float | None = None
    ) -> openai.AsyncOpenAI:
        settings = self._settings
        return openai.AsyncOpenAI(
            api_key=key,
            base_url=settings.openai_base_url,
            max_retries=settings.assistant_max_retries if max_retries is None else max_retries,
            timeout=settings.assistant_timeout_seconds if timeout is None else timeout,
        )
