"""The Conversations API: `/v1/conversations` and its items, kept in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .errors import ApiError, not_found, read_json
from .shapes import (
    Item,
    conversation_object,
    item_list,
    new_id,
    normalize_input,
    now,
    stored_item,
)

MAX_CREATE_ITEMS = 20


@dataclass
class Conversation:
    id: str
    created_at: int
    metadata: dict[str, Any]
    items: list[Item] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return conversation_object(self.id, self.created_at, self.metadata)

    def find(self, item_id: str) -> Item:
        for item in self.items:
            if item.get("id") == item_id:
                return item
        raise not_found("Item", item_id)


def _metadata(body: dict[str, Any]) -> dict[str, Any]:
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict) or len(metadata) > 16:
        raise ApiError(
            400,
            "Invalid 'metadata': expected an object with at most 16 keys.",
            param="metadata",
            problem="invalid_parameter",
        )
    return metadata


class Conversations:
    """All conversations of the fake, by id. Deleted ones answer 404 like unknown ones."""

    def __init__(self) -> None:
        self.by_id: dict[str, Conversation] = {}

    def require(self, conversation_id: str, *, param: str | None = None) -> Conversation:
        conversation = self.by_id.get(conversation_id)
        if conversation is None:
            raise not_found("Conversation", conversation_id, param=param)
        return conversation

    def create(
        self, *, items: list[Any] | None = None, metadata: dict[str, Any] | None = None
    ) -> Conversation:
        """Direct creation, for tests that need a conversation to exist beforehand."""
        conversation = Conversation(new_id("conv"), now(), dict(metadata or {}))
        self.by_id[conversation.id] = conversation
        self.append(conversation.id, normalize_input(items or []))
        return conversation

    def append(self, conversation_id: str, items: list[Item]) -> list[Item]:
        conversation = self.require(conversation_id)
        stored = [stored_item(item) for item in items if item.get("type") != "item_reference"]
        conversation.items.extend(stored)
        return stored

    # --- HTTP handlers ----------------------------------------------------------------------

    def routes(self) -> list[web.RouteDef]:
        base = "/v1/conversations"
        item = base + "/{conversation_id}/items/{item_id}"
        return [
            web.post(base, self._create),
            web.get(base + "/{conversation_id}", self._retrieve),
            web.post(base + "/{conversation_id}", self._update),
            web.delete(base + "/{conversation_id}", self._delete),
            web.get(base + "/{conversation_id}/items", self._list_items),
            web.post(base + "/{conversation_id}/items", self._create_items),
            web.get(item, self._retrieve_item),
            web.delete(item, self._delete_item),
        ]

    def _from(self, request: web.Request) -> Conversation:
        return self.require(request.match_info["conversation_id"])

    async def _create(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        items = body.get("items") or []
        if len(items) > MAX_CREATE_ITEMS:
            raise ApiError(
                400,
                f"Invalid 'items': array too long. Expected an array with "
                f"maximum length {MAX_CREATE_ITEMS}, but got an array with length "
                f"{len(items)} instead.",
                param="items",
                code="array_above_max_length",
                problem="invalid_parameter",
            )
        conversation = self.create(items=items, metadata=_metadata(body))
        return web.json_response(conversation.to_json())

    async def _retrieve(self, request: web.Request) -> web.Response:
        return web.json_response(self._from(request).to_json())

    async def _update(self, request: web.Request) -> web.Response:
        conversation = self._from(request)
        body = await read_json(request)
        if "metadata" not in body:
            raise ApiError(
                400,
                "Missing required parameter: 'metadata'.",
                param="metadata",
                code="missing_required_parameter",
                problem="missing_parameter",
            )
        conversation.metadata = _metadata(body)
        return web.json_response(conversation.to_json())

    async def _delete(self, request: web.Request) -> web.Response:
        conversation = self._from(request)
        del self.by_id[conversation.id]
        return web.json_response(
            {"id": conversation.id, "object": "conversation.deleted", "deleted": True}
        )

    async def _list_items(self, request: web.Request) -> web.Response:
        conversation = self._from(request)
        query = request.query
        order = query.get("order", "desc")
        try:
            limit = int(query.get("limit", "20"))
        except ValueError:
            limit = 0
        if order not in ("asc", "desc") or not 1 <= limit <= 100:
            raise ApiError(
                400,
                "Invalid 'limit' or 'order' query parameter.",
                param="limit",
                problem="invalid_parameter",
            )
        items = conversation.items if order == "asc" else conversation.items[::-1]
        after = query.get("after")
        if after:
            ids = [item["id"] for item in items]
            items = items[ids.index(after) + 1 :] if after in ids else []
        return web.json_response(item_list(items[:limit], has_more=len(items) > limit))

    async def _create_items(self, request: web.Request) -> web.Response:
        conversation = self._from(request)
        body = await read_json(request)
        if not body.get("items"):
            raise ApiError(
                400,
                "Missing required parameter: 'items'.",
                param="items",
                code="missing_required_parameter",
                problem="missing_parameter",
            )
        added = self.append(conversation.id, normalize_input(body["items"]))
        return web.json_response(item_list(added))

    async def _retrieve_item(self, request: web.Request) -> web.Response:
        return web.json_response(self._from(request).find(request.match_info["item_id"]))

    async def _delete_item(self, request: web.Request) -> web.Response:
        conversation = self._from(request)
        conversation.items.remove(conversation.find(request.match_info["item_id"]))
        return web.json_response(conversation.to_json())
