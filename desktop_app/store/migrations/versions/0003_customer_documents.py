"""KYC documents captured at the counter (an ID card's photo), kept on the device.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_documents",
        sa.Column("document_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("cif", sa.String(40), sa.ForeignKey("customers.cif"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("captured_at", sa.String(27), nullable=False),
        sa.Column("captured_sequence", sa.Integer, sa.ForeignKey("journal.sequence"), nullable=False),
    )
    op.create_index("ix_customer_documents_cif", "customer_documents", ["cif", "kind"])


def downgrade() -> None:
    raise NotImplementedError("downgrading a device's store is not supported")
