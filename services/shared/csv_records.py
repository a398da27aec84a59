"""Reading the operator's CSV files record by record, in bounded memory.

Both imports (debts, payments) read their file through ``csv_records``: it yields each
record with the line it starts on, and turns what cannot be read into a ``RowProblem``
of that line instead of an exception or a memory blow-up:

* a physical line longer than ``MAX_LINE_CHARS`` (a 10 MB cell, a binary file) is
  skipped unread, in chunks, and reported;
* a cell that grows past the ``csv`` module's field limit (131,072 characters, over many
  quoted lines) is reported, and reading goes on with the next line.

A binary file is decoded line by line (UTF-8, a BOM allowed): bytes that are not UTF-8
raise ``NotUtf8Text`` with their line. Text lines (a stream opened with ``newline=""``,
or a list) are read as they are. Blank records are left out.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from services.shared.errors import DomainError

MAX_LINE_CHARS = 65_536
"""The longest physical line read; a row of either import is a few hundred characters."""

_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
"""Where a line ending in ``\\r`` alone (old Mac files) splits a decoded line."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why the record starting on ``line`` (the header is line 1) cannot be imported."""

    line: int
    reason: str


class NotUtf8Text(DomainError):
    """The file is not UTF-8 text (value: ``line``, the first line that is not)."""

    code = "not_utf8_text"


def csv_records(source: BinaryIO | Iterable[str]) -> Iterator[tuple[int, list[str] | RowProblem]]:
    """``(first line, fields)`` for each record, or ``(line, RowProblem)`` where one could
    not be read. ``source`` is a file opened in binary, or CSV text lines."""
    problems: list[RowProblem] = []
    lines = _decoded(source, problems) if _is_binary(source) else _bounded(source, problems)
    reader = csv.reader(lines)
    last_line = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(RowProblem(last_line + 1, f"cannot be read as CSV: {error}"))
            fields = []
        line, last_line = last_line + 1, reader.line_num
        while problems:
            problem = problems.pop(0)
            yield problem.line, problem
        if fields and not (len(fields) == 1 and not fields[0].strip()):
            yield line, fields


def _is_binary(source: object) -> bool:
    return isinstance(source, io.BufferedIOBase | io.RawIOBase)


def _too_long(line: int) -> RowProblem:
    return RowProblem(
        line, f"is longer than {MAX_LINE_CHARS:,} characters; it was not read (is it a CSV file?)"
    )


def _bounded(lines: Iterable[str], problems: list[RowProblem]) -> Iterator[str]:
    for number, text in enumerate(lines, start=1):
        if len(text) > MAX_LINE_CHARS:
            problems.append(_too_long(number))
            yield "\n"  # an empty record in its place keeps the line numbers
        else:
            yield text


def _decoded(file: BinaryIO, problems: list[RowProblem]) -> Iterator[str]:
    """The file's lines as text, each read with a bounded ``readline``."""
    number = 0
    while True:
        raw = file.readline(MAX_LINE_CHARS * 4)  # UTF-8: at most four bytes a character
        if not raw:
            return
        number += 1
        if not raw.endswith(b"\n") and len(raw) == MAX_LINE_CHARS * 4:
            while (rest := file.readline(MAX_LINE_CHARS)) and not rest.endswith(b"\n"):
                pass  # the rest of the line, dropped a chunk at a time
            problems.append(_too_long(number))
            yield "\n"
            continue
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise NotUtf8Text(line=number) from None
        if len(text) > MAX_LINE_CHARS:
            problems.append(_too_long(number))
            yield "\n"
        elif "\r" in text.rstrip("\r\n"):
            yield from filter(None, _LONE_CR.split(text))
        else:
            yield text
