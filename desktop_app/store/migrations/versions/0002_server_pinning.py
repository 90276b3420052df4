"""Where the device syncs: the server's address and its public key, pinned at enrolment.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device") as table:
        table.add_column(sa.Column("server_url", sa.Text))
        table.add_column(sa.Column("server_public_key_hex", sa.String(64)))


def downgrade() -> None:
    raise NotImplementedError("downgrading a device's store is not supported")
