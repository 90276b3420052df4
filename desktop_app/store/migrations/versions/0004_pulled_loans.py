"""The loans head office holds for this device's customers, pulled with their repayments.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loans",
        sa.Column("loan_id", sa.String(32), primary_key=True),
        sa.Column("loan_account", sa.String(64), nullable=False, unique=True),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("cif", sa.String(40), sa.ForeignKey("customers.cif"), nullable=False),
        sa.Column("product_code", sa.String(40), nullable=False),
        sa.Column("principal_cents", sa.BigInteger, nullable=False),
        sa.Column("annual_rate", sa.String(16), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("installments", sa.Integer, nullable=False),
        sa.Column("applied_on", sa.String(10), nullable=False),
        sa.Column("first_due_date", sa.String(10), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("closed_on", sa.String(10)),
        sa.Column("decision", sa.LargeBinary, nullable=False),
        sa.Column("repayments", sa.LargeBinary, nullable=False),
        sa.Column("pulled_through_sequence", sa.Integer, nullable=False),
    )
    op.create_index("ix_loans_cif", "loans", ["cif"])


def downgrade() -> None:
    raise NotImplementedError("downgrading a device's store is not supported")
