"""Online login: each user's run of wrong passwords, for the lockout (shared_core.passwords);
and the approvals queue's index: the few entries awaiting a checker, found without a scan.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TIMESTAMP = 27


def upgrade() -> None:
    # A NOT NULL column with a default: SQLite's ALTER TABLE ADD COLUMN takes it as MySQL does.
    op.add_column("users", sa.Column("login_failures", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("users", sa.Column("last_login_failure_at", sa.String(_TIMESTAMP)))
    op.create_index("ix_entries_status", "entries", ["status"])


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
