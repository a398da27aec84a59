"""The tests' fixed moment: Tuesday 24 November 2026, 10:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
