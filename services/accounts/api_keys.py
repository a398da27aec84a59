"""A user's own OpenAI API key: checked for shape, kept encrypted, never in clear.

The key is encrypted with Fernet under a key derived from SECRET_KEY (HKDF-SHA256), so
the database alone never reveals it. Nothing here logs or audits the key itself.
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from db.models import User
from db.unit_of_work import UnitOfWork
from services.shared import audit

log = logging.getLogger(__name__)

KEY_DERIVATION_LABEL = b"finbot api keys"
MIN_KEY_LENGTH = 20
MAX_KEY_LENGTH = 300


def is_pasted_openai_key(text: str) -> bool:
    """A message that is nothing but an OpenAI key (`sk-...`): never worth sending on."""
    candidate = text.strip()
    return candidate.startswith("sk-") and looks_like_api_key(candidate)


def looks_like_api_key(text: str) -> bool:
    """A light check of shape only: 20 to 300 printable ASCII characters, no spaces (an
    HTTP header could not carry anything else)."""
    return (
        MIN_KEY_LENGTH <= len(text) <= MAX_KEY_LENGTH
        and text.isascii()
        and text.isprintable()
        and " " not in text
    )


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=KEY_DERIVATION_LABEL, info=KEY_DERIVATION_LABEL
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_api_key(key: str, *, secret_key: str) -> bytes:
    return _fernet(secret_key).encrypt(key.encode())


def decrypt_api_key(token: bytes, *, secret_key: str) -> str | None:
    """The key in `token`, or None when it cannot be decrypted (e.g. SECRET_KEY changed)."""
    try:
        return _fernet(secret_key).decrypt(token).decode()
    except (InvalidToken, UnicodeDecodeError):
        return None


async def store_api_key(
    uow: UnitOfWork, *, user_id: int, key: str, secret_key: str, now: datetime
) -> None:
    """Keep `key` (already checked with OpenAI) encrypted for `user_id`, replacing any other."""
    user = await _user(uow, user_id)
    user.openai_api_key_encrypted = encrypt_api_key(key, secret_key=secret_key)
    user.updated_at = now
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="api_key.set",
        entity_type="user",
        entity_id=user_id,
        now=now,
    )


async def remove_api_key(uow: UnitOfWork, *, user_id: int, now: datetime) -> bool:
    """Forget the user's key. False when there was none."""
    user = await _user(uow, user_id)
    if user.openai_api_key_encrypted is None:
        return False
    user.openai_api_key_encrypted = None
    user.updated_at = now
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="api_key.removed",
        entity_type="user",
        entity_id=user_id,
        now=now,
    )
    return True


async def user_api_key(uow: UnitOfWork, *, user_id: int, secret_key: str) -> str | None:
    """The user's own key in clear, for the model client; None when they set none or it
    can no longer be decrypted."""
    token = await uow.users.api_key_of(user_id)
    if token is None:
        return None
    key = decrypt_api_key(token, secret_key=secret_key)
    if key is None:
        log.warning(
            "the stored API key of user %s cannot be decrypted (SECRET_KEY changed?)", user_id
        )
    return key


async def _user(uow: UnitOfWork, user_id: int) -> User:
    user = await uow.users.get(user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    return user
