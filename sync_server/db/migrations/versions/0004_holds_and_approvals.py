"""Online holds, checkers' decisions, and the answer log that becomes the pull's cursor.

The log is filled from `batches` with the same ids, so a cursor a device already holds (a
batches id, before this revision) names the same point in the log.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
_TIMESTAMP = 27
_ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "holds",
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("customer_cif", sa.String(40), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("expires_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("completed_sequence", sa.Integer()),
        sa.Column("completed_at", sa.String(_TIMESTAMP)),
        sa.PrimaryKeyConstraint("entry_id", name="pk_holds"),
        sa.ForeignKeyConstraint(["device_code"], ["devices.device_code"], name="fk_holds_device_code_devices"),
        sa.CheckConstraint("status IN ('held', 'completed', 'expired')", name="ck_holds_status"),
        sa.CheckConstraint("amount_cents > 0", name="ck_holds_amount_cents"),
        **_MYSQL,
    )
    op.create_index("ix_holds_account_status", "holds", ["account", "status"])
    op.create_index("ix_holds_status_expires_at", "holds", ["status", "expires_at"])
    op.create_table(
        "approval_decisions",
        sa.Column("id", _ROW_ID, nullable=False, autoincrement=True),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("checker_user_id", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(_TIMESTAMP), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_approval_decisions"),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"],
            ["entries.device_code", "entries.sequence"],
            name="fk_approval_decisions_device_code_sequence_entries",
        ),
        sa.ForeignKeyConstraint(
            ["checker_user_id"], ["users.user_id"], name="fk_approval_decisions_checker_user_id_users"
        ),
        sa.UniqueConstraint("device_code", "sequence", name="uq_approval_decisions_device_code_sequence"),
        sa.CheckConstraint("decision IN ('approved', 'rejected')", name="ck_approval_decisions_decision"),
        **_MYSQL,
    )
    op.create_table(
        "answer_changes",
        sa.Column("id", _ROW_ID, nullable=False, autoincrement=True),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("first_sequence", sa.Integer(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.String(_TIMESTAMP), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_answer_changes"),
        sa.ForeignKeyConstraint(
            ["device_code"], ["devices.device_code"], name="fk_answer_changes_device_code_devices"
        ),
        **_MYSQL,
    )
    op.create_index("ix_answer_changes_device_code_id", "answer_changes", ["device_code", "id"])
    op.execute(
        "INSERT INTO answer_changes (id, device_code, first_sequence, last_sequence, changed_at) "
        "SELECT id, device_code, first_sequence, last_sequence, received_at FROM batches"
    )


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
