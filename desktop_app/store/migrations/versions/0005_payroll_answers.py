"""Head office's answers to the payroll runs this device submitted: who approved, which lines were refused.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payroll_answers",
        sa.Column("sequence", sa.Integer, sa.ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
        sa.Column("answer", sa.LargeBinary, nullable=False),
        sa.Column("received_at", sa.String(27), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("downgrading a device's store is not supported")
