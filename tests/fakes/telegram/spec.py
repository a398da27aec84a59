"""Check Bot API requests against the machine-readable Bot API spec (``api.json``).

The spec is test data in the repository: ``bot-api/api.json`` beside this module (Bot API
10.1, from PaulSonOfLars/telegram-bot-api-spec, MIT: ``bot-api/LICENSE``), so every test run
checks every request.  ``BotApiSpec.load(path)`` of a file that does not exist raises: the
check is never skipped.

PTB sends every request form-encoded (or multipart when it uploads files): every value is a
string, and a value that is not a string/number/boolean is a JSON string.  Checked here:

* the method exists (names are matched exactly, then case-insensitively like Telegram does);
* every required field is present, no unknown field is present;
* every value has one of the field's types.  At the top level ``Integer`` must parse as an
  int, ``Float`` as a number, ``Boolean`` must be ``true``/``false``, ``True`` must be
  ``true``; ``Array of X`` and object types are JSON, checked recursively and strictly (an
  Integer inside JSON must be a JSON integer, and so on).  Abstract types (``subtypes`` in the
  spec, e.g. ``BotCommandScope``) match when one of their subtypes matches, and a subtype's
  discriminator (``type``: "must be chat") must hold.
* file parts of a multipart request must be ``InputFile`` fields, or be referenced by an
  ``attach://<name>`` string; every ``attach://`` reference must name an uploaded part.

PTB 22.8 sends no bookkeeping fields of its own (see ``telegram/request/_requestparameter.py``
and ``_requestdata.py``: parameters are exactly the method's arguments plus ``api_kwargs``,
``None`` values dropped), so nothing outside the spec is whitelisted.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from .spec_types import PRIMITIVES, MethodDef, TypeChecker, TypeDef, parse_fields, show

DEFAULT_SPEC_PATH = Path(__file__).resolve().parent / "bot-api" / "api.json"

_INT_RE = re.compile(r"-?\d+")
_ATTACH_RE = re.compile(r"attach://([^\"\s]+)")


class BotApiSpec(TypeChecker):
    """The Bot API methods and types, and the request check built on them."""

    def __init__(self, methods: dict[str, MethodDef], types: dict[str, TypeDef], version: str):
        super().__init__(types)
        self.methods = methods
        self.version = version
        self._by_lower = {name.lower(): name for name in methods}

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> BotApiSpec:
        """Load the spec. A missing file is an error: the check is never skipped."""
        p = Path(path) if path is not None else DEFAULT_SPEC_PATH
        if not p.is_file():
            raise FileNotFoundError(
                f"Bot API spec not found at {p}: requests to the fake Telegram server could "
                "not be checked against it"
            )
        return _load_cached(str(p.resolve()))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BotApiSpec:
        methods = {
            name: MethodDef(name, parse_fields(m.get("fields", [])), tuple(m.get("returns", [])))
            for name, m in data["methods"].items()
        }
        types = {
            name: TypeDef(name, parse_fields(t.get("fields", [])), tuple(t.get("subtypes", [])))
            for name, t in data["types"].items()
        }
        return cls(methods, types, str(data.get("version", "")))

    # -- lookup ----------------------------------------------------------------------------
    def resolve_method(self, method: str) -> str | None:
        """The spec's name of ``method`` (exact, else case-insensitive), or None."""
        if method in self.methods:
            return method
        return self._by_lower.get(method.lower())

    # -- the check -------------------------------------------------------------------------
    def check(self, method: str, params: dict[str, str], files: dict[str, Any]) -> list[str]:
        """Human-readable violations of the spec by one request; empty when it is valid."""
        name = self.resolve_method(method)
        if name is None:
            close = difflib.get_close_matches(method, list(self.methods), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            return [f"unknown method {method!r}{hint}"]
        mdef = self.methods[name]
        problems: list[str] = []
        for f in mdef.fields.values():
            if f.required and f.name not in params and f.name not in files:
                problems.append(f"{name}: missing required field {f.name!r}")
        attached = _attach_refs(params)
        for key, value in params.items():
            fdef = mdef.fields.get(key)
            if fdef is None:
                problems.append(f"{name}: unknown field {key!r}")
                continue
            problems += [f"{name}.{key}: {e}" for e in self._check_form(value, fdef.types, files)]
        for key in files:
            fdef = mdef.fields.get(key)
            if fdef is not None:
                if "InputFile" not in fdef.types:
                    problems.append(
                        f"{name}.{key}: a file was uploaded but the field is not an "
                        f"InputFile ({' or '.join(fdef.types)})"
                    )
                if key in params:
                    problems.append(f"{name}.{key}: sent both as a value and as a file")
            elif key not in attached:
                problems.append(
                    f"{name}: unknown field {key!r} (an uploaded file part that no "
                    "attach:// reference names)"
                )
        for ref in sorted(attached - set(files)):
            problems.append(f"{name}: attach://{ref} names no uploaded file part")
        return problems

    def _check_form(self, value: str, types: tuple[str, ...], files: dict[str, Any]) -> list[str]:
        """Check a form value (always a string) against alternatives; [] if one matches."""
        best: list[str] | None = None
        for t in types:
            errs = self._check_form_one(value, t, files)
            if not errs:
                return []
            if best is None or len(errs) < len(best):
                best = errs
        if (
            len(types) > 1
            and best is not None
            and len(best) == 1
            and best[0].startswith("expected")
        ):
            return [f"expected {' or '.join(types)}, got {show(value)}"]
        return best or []

    def _check_form_one(self, value: str, t: str, files: dict[str, Any]) -> list[str]:
        if t == "String":
            return []
        if t == "Integer":
            return [] if _INT_RE.fullmatch(value) else [f"expected Integer, got {show(value)}"]
        if t == "Float":
            try:
                ok = math.isfinite(float(value))
            except ValueError:
                ok = False
            return [] if ok else [f"expected Float, got {show(value)}"]
        if t == "Boolean":
            return (
                []
                if value in ("true", "false")
                else [f"expected Boolean (true/false), got {show(value)}"]
            )
        if t == "True":
            return [] if value == "true" else [f"expected True (true), got {show(value)}"]
        if t == "InputFile":
            m = _ATTACH_RE.fullmatch(value)
            if m and m.group(1) in files:
                return []
            return ["expected InputFile (a multipart file upload), got a string value"]
        try:
            decoded = json.loads(value)
        except ValueError:
            return [f"expected {t} as JSON, got non-JSON {show(value)}"]
        return self.check_json(decoded, t)

    # -- decoding (for recording) ----------------------------------------------------------
    def decode(self, method: str, params: dict[str, str]) -> dict[str, Any]:
        """Decode form strings to Python values following the spec's field types."""
        name = self.resolve_method(method)
        fields = self.methods[name].fields if name else {}
        return {
            k: decode_value(v, fields[k].types if k in fields else None) for k, v in params.items()
        }


def decode_value(value: str, types: tuple[str, ...] | None) -> Any:
    """Best-effort decoding of one form value; types=None guesses from the text."""
    if types is None:
        types = ("Integer", "Boolean", "JSON", "String")
    for t in types:
        if t == "Integer" and _INT_RE.fullmatch(value):
            return int(value)
        if t == "Float":
            try:
                return float(value)
            except ValueError:
                continue
        if t in ("Boolean", "True") and value in ("true", "false"):
            return value == "true"
        if t not in PRIMITIVES and value[:1] in ("{", "["):
            try:
                return json.loads(value)
            except ValueError:
                continue
    return value


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> BotApiSpec:
    with open(path, encoding="utf-8") as fh:
        return BotApiSpec.from_json(json.load(fh))


def _attach_refs(params: dict[str, str]) -> set[str]:
    return {m.group(1) for v in params.values() for m in _ATTACH_RE.finditer(v)}
