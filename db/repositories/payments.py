"""Payments received: recorded from Telegram, the operator's import or the person's report."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class PaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
