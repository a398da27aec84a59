"""What people owe: the operator's debts and their policy, the debts people track themselves,
and the operator's CSV import."""

from services.debts.csv_import import ImportReport, import_debts
from services.debts.csv_rows import (
    DEBTS_CSV_HEADER,
    ImportRejected,
    RowProblem,
    ValidatedImport,
    read_debts_csv,
)
from services.debts.owed import (
    EDITABLE_FIELDS,
    DebtNotFound,
    DebtView,
    InvalidDebtTerm,
    add_personal_debt,
    delete_personal_debt,
    get_debt,
    list_debts,
    update_personal_debt,
)
from services.debts.policy import DebtPolicy, resolve_policy

__all__ = [
    "DEBTS_CSV_HEADER",
    "EDITABLE_FIELDS",
    "DebtNotFound",
    "DebtPolicy",
    "DebtView",
    "ImportRejected",
    "ImportReport",
    "InvalidDebtTerm",
    "RowProblem",
    "ValidatedImport",
    "add_personal_debt",
    "delete_personal_debt",
    "get_debt",
    "import_debts",
    "list_debts",
    "read_debts_csv",
    "resolve_policy",
    "update_personal_debt",
]
