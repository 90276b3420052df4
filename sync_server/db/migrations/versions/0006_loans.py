"""Borrow: what head office knows of each customer's credit, the loans applied for with their
credit decisions, and each repayment's allocation.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
_TIMESTAMP = 27
_ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_BYTES = sa.LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")
_ENTRY = ["entries.device_code", "entries.sequence"]


def upgrade() -> None:
    op.create_table(
        "credit_profiles",
        sa.Column("cif", sa.String(40), nullable=False),
        sa.Column("bureau_status", sa.String(24), nullable=False),
        sa.Column("bureau_checked_on", sa.String(10)),
        sa.Column("customer_since", sa.String(10)),
        sa.Column("annual_turnover_cents", sa.BigInteger()),
        sa.Column("sector", sa.String(40)),
        sa.Column("years_trading", sa.Integer()),
        sa.Column("facilities_elsewhere_cents", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.String(_TIMESTAMP), nullable=False),
        sa.PrimaryKeyConstraint("cif", name="pk_credit_profiles"),
        sa.ForeignKeyConstraint(["cif"], ["customers.cif"], name="fk_credit_profiles_cif_customers"),
        sa.CheckConstraint(
            "bureau_status IN ('clear', 'negative_listing', 'no_record')",
            name="ck_credit_profiles_bureau_status",
        ),
        **_MYSQL,
    )
    op.create_table(
        "loans",
        sa.Column("loan_id", sa.String(32), nullable=False),
        sa.Column("loan_account", sa.String(64), nullable=False),
        sa.Column("cif", sa.String(40), nullable=False),
        sa.Column("product_code", sa.String(40), nullable=False),
        sa.Column("principal_cents", sa.BigInteger(), nullable=False),
        sa.Column("annual_rate", sa.String(16), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("installments", sa.Integer(), nullable=False),
        sa.Column("applied_on", sa.String(10), nullable=False),
        sa.Column("first_due_date", sa.String(10), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("credit_outcome", sa.String(16), nullable=False),
        sa.Column("credit_score", sa.Integer(), nullable=False),
        sa.Column("decision", _BYTES, nullable=False),
        sa.Column("created_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("closed_on", sa.String(10)),
        sa.Column("worst_days_past_due", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("loan_id", name="pk_loans"),
        sa.UniqueConstraint("loan_account", name="uq_loans_loan_account"),
        sa.UniqueConstraint("device_code", "sequence", name="uq_loans_device_code_sequence"),
        sa.ForeignKeyConstraint(["cif"], ["customers.cif"], name="fk_loans_cif_customers"),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"], _ENTRY, name="fk_loans_device_code_sequence_entries"
        ),
        sa.CheckConstraint(
            "status IN ('awaiting_approval', 'active', 'closed', 'declined')", name="ck_loans_status"
        ),
        sa.CheckConstraint("principal_cents > 0", name="ck_loans_principal_cents"),
        **_MYSQL,
    )
    op.create_index("ix_loans_cif", "loans", ["cif"])
    op.create_index("ix_loans_status", "loans", ["status"])
    op.create_table(
        "loan_repayments",
        sa.Column("id", _ROW_ID, nullable=False, autoincrement=True),
        sa.Column("loan_id", sa.String(32), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.String(10), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("principal_cents", sa.BigInteger(), nullable=False),
        sa.Column("interest_cents", sa.BigInteger(), nullable=False),
        sa.Column("penalties_cents", sa.BigInteger(), nullable=False),
        sa.Column("excess_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_loan_repayments"),
        sa.UniqueConstraint("device_code", "sequence", name="uq_loan_repayments_device_code_sequence"),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.loan_id"], name="fk_loan_repayments_loan_id_loans"),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"], _ENTRY, name="fk_loan_repayments_device_code_sequence_entries"
        ),
        sa.CheckConstraint("amount_cents > 0", name="ck_loan_repayments_amount_cents"),
        **_MYSQL,
    )
    op.create_index("ix_loan_repayments_loan_id", "loan_repayments", ["loan_id"])


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
