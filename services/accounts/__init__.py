"""People who talk to finbot: users, registration, invites, privacy, their own API keys, time
zones, hand-overs to a person and group chats."""

from services.accounts.api_keys import (
    decrypt_api_key,
    encrypt_api_key,
    is_pasted_openai_key,
    looks_like_api_key,
    remove_api_key,
    store_api_key,
    user_api_key,
)
from services.accounts.group_chats import mark_group_notified
from services.accounts.handovers import HandoverRecord, mark_handover_notified, request_handover
from services.accounts.invites import (
    DebtorAlreadyLinked,
    DebtReferenceUnknown,
    InvitePhoneMismatch,
    create_invite,
    deep_link,
    preview_invite,
    redeem_invite,
    redeem_invite_by_phone,
)
from services.accounts.key_rotation import RotationReport, reencrypt_api_keys
from services.accounts.privacy import (
    ConversationDeleter,
    Erasure,
    delete_conversations,
    erase_user_data,
    export_user_data,
)
from services.accounts.registration import (
    clean_email,
    clean_full_name,
    complete_registration,
    verified_phone,
)
from services.accounts.timezones import COMMON_TIMEZONES, current_timezone, set_timezone
from services.accounts.users import (
    NotRegistered,
    Profile,
    choose_language,
    find_profile,
    may_use_operator_model,
    record_visit,
    registered_user,
)

__all__ = [
    "COMMON_TIMEZONES",
    "ConversationDeleter",
    "DebtReferenceUnknown",
    "DebtorAlreadyLinked",
    "Erasure",
    "HandoverRecord",
    "InvitePhoneMismatch",
    "NotRegistered",
    "Profile",
    "RotationReport",
    "choose_language",
    "clean_email",
    "clean_full_name",
    "complete_registration",
    "create_invite",
    "current_timezone",
    "decrypt_api_key",
    "deep_link",
    "delete_conversations",
    "encrypt_api_key",
    "erase_user_data",
    "export_user_data",
    "find_profile",
    "is_pasted_openai_key",
    "looks_like_api_key",
    "mark_group_notified",
    "mark_handover_notified",
    "may_use_operator_model",
    "preview_invite",
    "record_visit",
    "redeem_invite",
    "redeem_invite_by_phone",
    "reencrypt_api_keys",
    "registered_user",
    "remove_api_key",
    "request_handover",
    "set_timezone",
    "store_api_key",
    "user_api_key",
    "verified_phone",
]
