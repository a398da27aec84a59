"""one name per thing

* ``conversation_states`` is ``chat_flows`` (the flow a chat is in), and
  ``conversation_threads`` is ``assistant_threads``, with their constraints, indexes
  and sequences.
* A plan whose installment went unpaid too long is ``broken`` (was ``defaulted``).

The audit log is append-only and keeps what it recorded: entries written before this
revision still say ``plan.defaulted`` and ``conversation_thread``.

SQLite can neither rename a constraint nor change a CHECK in place: a table is rebuilt
from its own stored definition, edited, the way SQLite's documentation sets out, with
foreign keys off so that dropping the old table cascades to nothing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {"conversation_states": "chat_flows", "conversation_threads": "assistant_threads"}
PLAN_STATUSES = ("proposed", "active", "completed", "cancelled", "{broken}")


def upgrade() -> None:
    with _sqlite_foreign_keys_off():
        for old, new in TABLES.items():
            _rename_table(old, new)
        _change_plan_status("defaulted", "broken")


def downgrade() -> None:
    with _sqlite_foreign_keys_off():
        _change_plan_status("broken", "defaulted")
        for old, new in TABLES.items():
            _rename_table(new, old)


def _rename_table(old: str, new: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.rename_table(old, new)
        _rename_postgresql_names(old, new)
    else:
        op.rename_table(old, new)  # other tables' references follow the rename
        naming = op.get_bind().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE ?", (f"%{old}%",)
        )
        for table in list(naming.scalars()):  # constraint names still say `old`
            _sqlite_rebuild(table, lambda sql: sql.replace(old, new))


def _change_plan_status(old: str, new: str) -> None:
    def allowed(status: str) -> str:
        return ", ".join(f"'{value}'" for value in PLAN_STATUSES).replace("{broken}", status)

    if op.get_bind().dialect.name == "postgresql":
        name = op.f("ck_payment_plans_status")
        op.drop_constraint(name, "payment_plans", type_="check")
        op.execute(
            sa.text("UPDATE payment_plans SET status = :new WHERE status = :old").bindparams(
                new=new, old=old
            )
        )
        op.create_check_constraint(name, "payment_plans", f"status IN ({allowed(new)})")
    else:
        _sqlite_rebuild(
            "payment_plans",
            lambda sql: sql.replace(allowed(old), allowed(new)),
            copy=lambda columns: ", ".join(
                f"CASE status WHEN '{old}' THEN '{new}' ELSE status END" if c == "status" else c
                for c in columns
            ),
        )


def _rename_postgresql_names(old: str, new: str) -> None:
    bind = op.get_bind()
    pattern = {"pattern": f"%{old}%"}
    constraints = bind.execute(
        sa.text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint"
            " WHERE conname LIKE :pattern"
        ),
        pattern,
    ).all()
    for table, name in constraints:
        op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {name} TO {name.replace(old, new)}")
    indexes = bind.execute(
        sa.text("SELECT indexname FROM pg_indexes WHERE indexname LIKE :pattern"), pattern
    ).scalars()
    for name in list(indexes):
        op.execute(f"ALTER INDEX {name} RENAME TO {name.replace(old, new)}")
    sequences = bind.execute(
        sa.text("SELECT sequencename FROM pg_sequences WHERE sequencename LIKE :pattern"),
        pattern,
    ).scalars()
    for name in list(sequences):
        op.execute(f"ALTER SEQUENCE {name} RENAME TO {name.replace(old, new)}")


@contextmanager
def _sqlite_foreign_keys_off() -> Iterator[None]:
    """SQLite ignores `PRAGMA foreign_keys` inside a transaction: what earlier revisions
    of this run did is committed first (SQLite's DDL is not transactional anyway)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    _sqlite_commit()
    bind.exec_driver_sql("PRAGMA foreign_keys = OFF")
    try:
        yield
        problems = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if problems:
            raise RuntimeError(f"rows left without the row they reference: {problems}")
        _sqlite_commit()
    finally:
        bind.exec_driver_sql("PRAGMA foreign_keys = ON")


def _sqlite_commit() -> None:
    bind = op.get_bind()
    if bind.connection.driver_connection.in_transaction:
        bind.exec_driver_sql("COMMIT")


def _sqlite_rebuild(
    table: str,
    edit: Callable[[str], str],
    copy: Callable[[list[str]], str] = ", ".join,
) -> None:
    """Rebuild `table` from its stored definition passed through `edit`, keeping its rows
    (SQLite's "other kinds of table schema changes"; foreign keys must be off)."""
    bind = op.get_bind()
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    indexes = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).scalars()
    indexes = list(indexes)
    columns = [row[1] for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")')]
    _, body = edit(create).split("(", 1)
    bind.exec_driver_sql(f'CREATE TABLE "_rebuilt_{table}" ({body}')
    bind.exec_driver_sql(
        f'INSERT INTO "_rebuilt_{table}" ({", ".join(columns)}) '  # noqa: S608
        f'SELECT {copy(columns)} FROM "{table}"'
    )
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "_rebuilt_{table}" RENAME TO "{table}"')
    for sql in indexes:
        bind.exec_driver_sql(edit(sql))
