"""/plan's files: the agreed schedule as a calendar (.ics), a PDF and a CSV."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from bot.context import FinbotContext
from services import plans
from services.plans import AgreedPlan

FILE_KINDS = ("ics", "pdf", "csv")


def plan_file(
    update,
    context: FinbotContext,
    agreed: AgreedPlan,
    kind: str,
    *,
    timezone: str,
    now: datetime,
) -> tuple[bytes, str]:
    """The agreed schedule as a calendar, PDF or CSV file, and its file name."""
    language = context.language_of(update)
    debt = agreed.debt
    labels = _schedule_labels(update, context)
    reference = debt.reference or f"finbot-debt-{debt.id}"
    if kind == "ics":
        data = plans.schedule_ics(
            agreed.schedule,
            creditor=debt.creditor,
            reference=reference,
            currency=debt.currency,
            language=language,
            labels=labels,
            timezone=timezone,
            stamped_at=now,
        )
    elif kind == "pdf":
        data = plans.schedule_pdf(
            agreed.schedule,
            creditor=debt.creditor,
            reference=debt.reference or "",
            currency=debt.currency,
            language=language,
            labels=labels,
            generated_on=now.date(),
        )
    else:
        data = plans.schedule_csv(
            agreed.schedule, currency=debt.currency, language=language, labels=labels
        )
    return data, f"plan-{_file_stem(debt.reference or debt.creditor)}.{kind}"


def _schedule_labels(update, context: FinbotContext) -> plans.ScheduleLabels:
    fields = plans.ScheduleLabels.__dataclass_fields__
    return plans.ScheduleLabels(
        **{name: context.text(update, f"plan_file_{name}") for name in fields}
    )


def _file_stem(name: str) -> str:
    """`name` as a safe file name: ASCII letters, digits, dots, dashes ("Caixa Ñ" → "Caixa-N")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-.") or "plan"
