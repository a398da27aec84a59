"""API keys the fake refuses, answered as the real API does: 401 `invalid_api_key`."""

from __future__ import annotations

from aiohttp import web

from .errors import ApiError

API_KEYS_PAGE = "https://platform.openai.com/account/api-keys"


def bearer_key(request: web.Request) -> str | None:
    """The key in `Authorization: Bearer <key>`, or None without one."""
    header = request.headers.get("Authorization", "")
    return header.removeprefix("Bearer ") if header.startswith("Bearer ") else None


def masked(key: str) -> str:
    """The key as OpenAI shows it in errors: a few first characters, stars, the last four."""
    if len(key) <= 8:
        return "*" * len(key)
    return key[:3] + "*" * (len(key) - 7) + key[-4:]


def invalid_key(key: str) -> ApiError:
    return ApiError(
        401,
        f"Incorrect API key provided: {masked(key)}. You can find your API key at {API_KEYS_PAGE}.",
        code="invalid_api_key",
    )
