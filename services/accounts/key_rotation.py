"""Re-encrypt the users' stored API keys when SECRET_KEY changes.

Keys go in batches of users, one transaction each, their rows locked (FOR UPDATE on
PostgreSQL) so a key being set at the same moment waits. A run may stop anywhere and be
run again: a key that already opens under the new secret is left alone, so a second run
changes nothing. A key that opens under neither secret is left as it is and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from db.unit_of_work import UnitOfWork
from services.accounts.api_keys import decrypt_api_key, encrypt_api_key
from services.shared import audit
from services.shared.clock import Clock, system_clock


@dataclass(frozen=True)
class RotationReport:
    rotated: int
    already_rotated: int
    unreadable: tuple[int, ...]
    """Ids of the users whose key decrypts under neither secret (left untouched)."""


async def reencrypt_api_keys(
    uow_factory: Callable[[], UnitOfWork],
    *,
    old_secret: str,
    new_secret: str,
    batch_size: int = 500,
    clock: Clock = system_clock,
) -> RotationReport:
    """Re-encrypt every stored API key from `old_secret` to `new_secret`, committing
    each batch; audited once, as the operator's, when every batch is done."""
    if old_secret == new_secret:
        raise ValueError("the new secret must differ from the old one")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    rotated = already_rotated = 0
    unreadable: list[int] = []
    after_id = 0
    while True:
        async with uow_factory() as uow:
            batch = await uow.users.lock_stored_api_keys(after_id=after_id, limit=batch_size)
            for user_id, token in batch:
                if decrypt_api_key(token, secret_key=new_secret) is not None:
                    already_rotated += 1
                    continue
                key = decrypt_api_key(token, secret_key=old_secret)
                if key is None:
                    unreadable.append(user_id)
                    continue
                await uow.users.replace_api_key(
                    user_id, encrypt_api_key(key, secret_key=new_secret)
                )
                rotated += 1
            await uow.commit()
        if len(batch) < batch_size:
            break
        after_id = batch[-1][0]
    report = RotationReport(rotated, already_rotated, tuple(unreadable))
    async with uow_factory() as uow:
        audit.record(
            uow,
            actor=audit.OPERATOR,
            action="secret_key.rotated",
            entity_type="secret_key",
            entity_id=None,
            now=clock(),
            details={
                "rotated": report.rotated,
                "already_rotated": report.already_rotated,
                "unreadable_user_ids": list(report.unreadable),
            },
        )
        await uow.commit()
    return report
