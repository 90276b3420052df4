"""The pull: indexes for what GET /v1/changes reads per device (its batches after a cursor, the
users of its location).

The pull's cursor needs no new table: it is the id of the `batches` rows, a server-wide sequence
that every accepted batch advances (see services/changes.py).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_batches_device_code_id", "batches", ["device_code", "id"])
    op.create_index("ix_users_location_code", "users", ["location_code"])


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
