"""A reversed loan repayment is struck, not deleted: the repayment row names the reversal that
undid it, and a loan's balances are replayed from the repayments no reversal struck.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("loan_repayments") as table:
        table.add_column(sa.Column("reversed_by_entry_id", sa.String(36)))


def downgrade() -> None:
    with op.batch_alter_table("loan_repayments") as table:
        table.drop_column("reversed_by_entry_id")
