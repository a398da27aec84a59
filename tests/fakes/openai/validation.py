"""Request checks the real service performs, with the error bodies it answers."""

from __future__ import annotations

from typing import Any

from .errors import ApiError
from .shapes import Item


def _missing(param: str) -> ApiError:
    return ApiError(
        400,
        f"Missing required parameter: '{param}'.",
        param=param,
        code="missing_required_parameter",
        problem="missing_parameter",
    )


def check_body(body: dict[str, Any]) -> ApiError | None:
    if not body.get("model"):
        return _missing("model")
    if body.get("conversation") and body.get("previous_response_id"):
        return ApiError(
            400,
            "Mutually exclusive parameters: Ensure you are only providing one of: "
            "'previous_response_id' or 'conversation'.",
            code="mutually_exclusive_parameters",
            problem="conflicting_parameters",
        )
    return check_tools(body.get("tools") or [])


def check_tools(tools: list[Any]) -> ApiError | None:
    for index, tool in enumerate(tools):
        if not isinstance(tool, dict) or tool.get("type") != "function":
            continue
        if not tool.get("name"):
            return _missing(f"tools[{index}].name")
        params = tool.get("parameters")
        if tool.get("strict") is not True or params is None:
            continue
        error = strict_schema_error(params)
        if error:
            return ApiError(
                400,
                f"Invalid schema for function '{tool['name']}': {error}",
                param=f"tools[{index}].parameters",
                code="invalid_function_parameters",
                problem="invalid_strict_schema",
            )
    return None


def _is_object(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "object" in kinds or "properties" in node


def strict_schema_error(schema: Any, path: tuple[str, ...] = ()) -> str | None:
    """First violation of strict mode's rules, or None: the root is an object, and every object
    has `additionalProperties: false` and lists every property in `required`, recursively."""
    if not isinstance(schema, dict):
        return f"In context={path!r}, schema must be a JSON Schema object."
    if not path and schema.get("type") != "object":
        got = schema.get("type")
        return f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{got}\"'."
    if _is_object(schema):
        if schema.get("additionalProperties") is not False:
            return (
                f"In context={path!r}, 'additionalProperties' is required to be supplied "
                "and to be false."
            )
        properties = schema.get("properties") or {}
        required = schema.get("required")
        missing = [
            key for key in properties if not isinstance(required, list) or key not in required
        ]
        if missing:
            return (
                f"In context={path!r}, 'required' is required to be supplied and to be an array "
                f"including every key in properties. Missing '{missing[0]}'."
            )
        for key, sub in properties.items():
            if error := strict_schema_error(sub, (*path, "properties", key)):
                return error
    children: list[tuple[tuple[str, ...], Any]] = []
    if isinstance(schema.get("items"), dict):
        children.append(((*path, "items"), schema["items"]))
    for keyword in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for index, sub in enumerate(schema.get(keyword) or []):
            children.append(((*path, keyword, str(index)), sub))
    for keyword in ("$defs", "definitions"):
        for name, sub in (schema.get(keyword) or {}).items():
            children.append(((*path, keyword, name), sub))
    for sub_path, sub in children:
        if error := strict_schema_error(sub, sub_path):
            return error
    return None


def check_call_pairing(context: list[Item], input_offset: int) -> ApiError | None:
    """Every `function_call_output` must follow its `function_call`, and every `function_call`
    in the context must be answered. `input_offset` is where this request's own input starts."""
    calls: set[str] = set()
    answered: set[str] = set()
    order: list[str] = []
    for index, item in enumerate(context):
        kind = item.get("type")
        if kind == "function_call":
            calls.add(item.get("call_id", ""))
            order.append(item.get("call_id", ""))
        elif kind == "function_call_output":
            call_id = item.get("call_id")
            if not call_id:
                return _missing(f"input[{max(index - input_offset, 0)}].call_id")
            if call_id not in calls:
                return ApiError(
                    400,
                    f"No tool call found for function call output with call_id {call_id}.",
                    param="input",
                    problem="unknown_call_id",
                )
            answered.add(call_id)
    for call_id in order:
        if call_id not in answered:
            return ApiError(
                400,
                f"No tool output found for function call {call_id}.",
                param="input",
                problem="unanswered_call",
            )
    return None


def answered_call_ids(items: list[Item]) -> set[str]:
    return {
        item["call_id"]
        for item in items
        if item.get("type") == "function_call_output" and item.get("call_id")
    }
