"""Money received: installments paid inside Telegram (invoices, checks before charging,
receipts), the operator's payments import, and the reconciliation export."""

from services.payments.csv_import import PaymentsReport, import_payments
from services.payments.csv_rows import PAYMENTS_CSV_HEADER, ValidatedPayments, read_payments_csv
from services.payments.export import PAYMENT_COLUMNS, write_payments_csv
from services.payments.payload import from_minor_units, sign_payload
from services.payments.record import Charge, TelegramReceipt, record_telegram_payment
from services.payments.telegram import (
    PayableInstallment,
    PaymentForged,
    check_checkout,
    next_payable,
    payable,
)

__all__ = [
    "PAYMENTS_CSV_HEADER",
    "PAYMENT_COLUMNS",
    "Charge",
    "PayableInstallment",
    "PaymentForged",
    "PaymentsReport",
    "TelegramReceipt",
    "ValidatedPayments",
    "check_checkout",
    "from_minor_units",
    "import_payments",
    "next_payable",
    "payable",
    "read_payments_csv",
    "record_telegram_payment",
    "sign_payload",
    "write_payments_csv",
]
