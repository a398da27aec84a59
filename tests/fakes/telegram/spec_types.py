"""The Bot API type model read from ``api.json`` and the strict check of JSON values.

Inside JSON, types must match exactly (an ``Integer`` field holds a JSON integer, ...).
Abstract types (``subtypes`` in the spec, e.g. ``BotCommandScope``) match when one of their
subtypes matches; a subtype's discriminator field (``type``: "must be chat", ``status``:
"always \"kicked\"") must then have that value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

PRIMITIVES = {"Integer", "Float", "Boolean", "True", "String", "InputFile"}
_DISCRIMINATOR_FIELDS = ("type", "source", "status")
_DISCRIMINATOR_RE = re.compile(r"(?:must be|always) \"?([a-z_]+)\"?$")


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool
    discriminator: str | None = None


@dataclass(frozen=True)
class TypeDef:
    name: str
    fields: dict[str, Field]
    subtypes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MethodDef:
    name: str
    fields: dict[str, Field]
    returns: tuple[str, ...]


def parse_fields(raw: list[dict[str, Any]]) -> dict[str, Field]:
    out = {}
    for f in raw:
        disc = None
        if f["name"] in _DISCRIMINATOR_FIELDS and f["types"] == ["String"]:
            m = _DISCRIMINATOR_RE.search(str(f.get("description", "")).strip())
            disc = m.group(1) if m else None
        out[f["name"]] = Field(f["name"], tuple(f["types"]), bool(f["required"]), disc)
    return out


class TypeChecker:
    """Checks decoded JSON values against the spec's type expressions."""

    def __init__(self, types: dict[str, TypeDef]) -> None:
        self.types = types

    def check_json(self, value: Any, t: str, path: str = "") -> list[str]:
        """Strictly check a decoded JSON value against type expression ``t``."""
        where = f"{path}: " if path else ""
        if t.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{where}expected {t}, got {kind_of(value)}"]
            inner = t[len("Array of ") :]
            out: list[str] = []
            for i, item in enumerate(value):
                out += self.check_json(item, inner, f"{path}[{i}]")
            return out
        if t in PRIMITIVES:
            ok = {
                "Integer": isinstance(value, int) and not isinstance(value, bool),
                "Float": isinstance(value, int | float) and not isinstance(value, bool),
                "Boolean": isinstance(value, bool),
                "True": value is True,
                "String": isinstance(value, str),
                "InputFile": isinstance(value, str) and value.startswith("attach://"),
            }[t]
            return [] if ok else [f"{where}expected {t}, got {kind_of(value)} {show(value)}"]
        tdef = self.types.get(t)
        if tdef is None:
            return [f"{where}spec names unknown type {t!r}"]
        if tdef.subtypes:
            return self._check_any(value, tdef.subtypes, path, t)
        if not isinstance(value, dict):
            return [f"{where}expected {t} (a JSON object), got {kind_of(value)}"]
        out = []
        for f in tdef.fields.values():
            if f.required and f.name not in value:
                out.append(f"{where}{t}: missing required field {f.name!r}")
        for key, item in value.items():
            f = tdef.fields.get(key)
            sub = f"{path}.{key}" if path else key
            if f is None:
                out.append(f"{where}{t}: unknown field {key!r}")
            elif f.discriminator is not None and item != f.discriminator:
                out.append(f"{sub}: {t} must have {key} {f.discriminator!r}, got {show(item)}")
            else:
                out += self._check_any(item, f.types, sub, None)
        return out

    def check_json_any(self, value: Any, types: tuple[str, ...] | list[str]) -> list[str]:
        """Check a decoded JSON value against alternatives (e.g. a method's return types)."""
        return self._check_any(value, tuple(types), "", None)

    def _check_any(
        self, value: Any, types: tuple[str, ...], path: str, abstract: str | None
    ) -> list[str]:
        results = [(t, self.check_json(value, t, path)) for t in types]
        if any(not errs for _, errs in results):
            return []
        if abstract is not None and isinstance(value, dict):
            # Report the subtype that the discriminator selects, if any.
            for t, errs in results:
                tdef = self.types.get(t)
                disc = [f for f in (tdef.fields.values() if tdef else []) if f.discriminator]
                if disc and value.get(disc[0].name) == disc[0].discriminator:
                    return errs
            allowed = [
                f"{f.name}={f.discriminator}"
                for t in types
                if (td := self.types.get(t))
                for f in td.fields.values()
                if f.discriminator
            ]
            if allowed:
                where = f"{path}: " if path else ""
                return [
                    f"{where}{abstract} must be one of its subtypes ({', '.join(allowed)}), "
                    f"got {show(value)}"
                ]
        if len(results) == 1:
            return results[0][1]
        same_kind = [(t, e) for t, e in results if _kind_matches(value, t)]
        if len(same_kind) == 1:
            return same_kind[0][1]
        where = f"{path}: " if path else ""
        return [f"{where}expected {' or '.join(types)}, got {kind_of(value)} {show(value)}"]


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _kind_matches(value: Any, t: str) -> bool:
    if t.startswith("Array of "):
        return isinstance(value, list)
    if t in PRIMITIVES:
        return not isinstance(value, dict | list)
    return isinstance(value, dict)


def show(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = repr(text) if isinstance(value, str) else text
    return text if len(text) <= limit else text[: limit - 3] + "..."
