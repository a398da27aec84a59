"""All finbot models. Importing this package registers every table on ``Base.metadata``."""

from db.base import Base
from db.models.assistant import (
    AssistantDailySpend,
    AssistantTurnCount,
    AssistantUsage,
    Handover,
)
from db.models.audit import AUDIT_LOG_APPEND_ONLY_MESSAGE, AuditLogEntry
from db.models.chats import AssistantThread, ChatFlow, GroupChat, ThreadItem
from db.models.debts import Debt, Installment, Payment, PaymentPlan
from db.models.documents import Document, DocumentChunk
from db.models.enums import (
    DebtKind,
    DebtStatus,
    InstallmentStatus,
    OfferKind,
    OfferStatus,
    PaymentSource,
    PlanKind,
    PlanStatus,
    ReminderKind,
    ReminderStatus,
    ThreadItemType,
    ThreadStatus,
)
from db.models.negotiations import Negotiation, Offer
from db.models.people import Debtor, Invite, User
from db.models.reminders import Reminder
from db.models.updates import ReceivedUpdate

__all__ = [
    "AUDIT_LOG_APPEND_ONLY_MESSAGE",
    "AssistantDailySpend",
    "AssistantThread",
    "AssistantTurnCount",
    "AssistantUsage",
    "AuditLogEntry",
    "Base",
    "ChatFlow",
    "Debt",
    "DebtKind",
    "DebtStatus",
    "Debtor",
    "Document",
    "DocumentChunk",
    "GroupChat",
    "Handover",
    "Installment",
    "InstallmentStatus",
    "Invite",
    "Negotiation",
    "Offer",
    "OfferKind",
    "OfferStatus",
    "Payment",
    "PaymentPlan",
    "PaymentSource",
    "PlanKind",
    "PlanStatus",
    "ReceivedUpdate",
    "Reminder",
    "ReminderKind",
    "ReminderStatus",
    "ThreadItem",
    "ThreadItemType",
    "ThreadStatus",
    "User",
]
