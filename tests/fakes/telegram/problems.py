"""Problems that must fail a test: spec violations, unimplemented methods, fake bugs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .models import Problem

if TYPE_CHECKING:
    from .spec import BotApiSpec


class ProblemLog:
    """Collects problems; the ``fake_telegram`` fixture fails the test if any is left."""

    spec: BotApiSpec | None

    def __init__(self) -> None:
        self.problems: list[Problem] = []  # unexpected ones: they fail the test
        self.expected_problems: list[Problem] = []  # caught by expect_violations()

    def add_problem(self, kind: str, method: str, message: str, request: Any = None) -> None:
        self.problems.append(Problem(kind, method, message, request))

    def check_wire(self, value: Any, type_name: str, what: str) -> None:
        """Record a fake-error if something the fake produced breaks the spec."""
        if self.spec is None:
            return
        errors = self.spec.check_json(value, type_name)
        if errors:
            self.add_problem(
                "fake-error",
                what,
                f"the fake produced an invalid {type_name} for {what}: {'; '.join(errors[:5])}",
            )

    @property
    def violations(self) -> list[str]:
        """Spec violations not (yet) declared expected."""
        return [p.message for p in self.problems if p.kind == "violation"]

    @property
    def unimplemented(self) -> list[str]:
        return [p.message for p in self.problems if p.kind == "unimplemented"]

    @contextlib.contextmanager
    def expect_violations(self, match: str | None = None) -> Iterator[list[Problem]]:
        """Declare that the block makes invalid requests; fails if it makes none.

        The caught problems are moved to ``expected_problems`` (and into the yielded list)
        so they do not fail the test at teardown.
        """
        start = len(self.problems)
        caught: list[Problem] = []
        try:
            yield caught
        finally:
            caught.extend(self.problems[start:])
            del self.problems[start:]
            self.expected_problems.extend(caught)
        if not caught:
            raise AssertionError("expected the bot to make an invalid request, it made none")
        if match is not None and not any(match in p.message for p in caught):
            raise AssertionError(f"no problem matched {match!r}: {[str(p) for p in caught]}")

    def check_no_problems(self) -> None:
        """Raise AssertionError listing every unexpected problem (used by the fixture)."""
        if self.problems:
            lines = [
                str(p) + (f"\n    request: {p.request}" if p.request else "") for p in self.problems
            ]
            raise AssertionError("the fake Telegram server saw problems:\n  " + "\n  ".join(lines))
