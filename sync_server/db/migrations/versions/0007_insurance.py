"""Insure: the policies sold at the counters and every premium booked for them.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
_ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_BYTES = sa.LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")
_TIMESTAMP = 27  # as 0006: UTC wire text with microseconds
_ENTRY = ["entries.device_code", "entries.sequence"]


def upgrade() -> None:
    op.create_table(
        "insurance_policies",
        sa.Column("policy_number", sa.String(40), nullable=False),
        sa.Column("cif", sa.String(40), nullable=False),
        sa.Column("product", sa.String(24), nullable=False),
        sa.Column("details", _BYTES, nullable=False),
        sa.Column("tariff_version", sa.Integer(), nullable=False),
        sa.Column("sold_on", sa.String(10), nullable=False),
        sa.Column("cover_start", sa.String(10), nullable=False),
        sa.Column("paid_through", sa.String(10), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("premium_cents", sa.BigInteger(), nullable=False),
        sa.Column("levies_cents", sa.BigInteger(), nullable=False),
        sa.Column("stamp_duty_cents", sa.BigInteger(), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(_TIMESTAMP), nullable=False),
        sa.PrimaryKeyConstraint("policy_number", name="pk_insurance_policies"),
        sa.UniqueConstraint("device_code", "sequence", name="uq_insurance_policies_device_code_sequence"),
        sa.ForeignKeyConstraint(["cif"], ["customers.cif"], name="fk_insurance_policies_cif_customers"),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"], _ENTRY, name="fk_insurance_policies_device_code_sequence_entries"
        ),
        sa.CheckConstraint(
            "product IN ('personal_accident', 'wiba', 'asset_all_risk')", name="ck_insurance_policies_product"
        ),
        sa.CheckConstraint("status IN ('in_force', 'in_grace', 'lapsed', 'cancelled')", name="ck_insurance_policies_status"),
        sa.CheckConstraint("premium_cents > 0", name="ck_insurance_policies_premium_cents"),
        **_MYSQL,
    )
    op.create_index("ix_insurance_policies_cif", "insurance_policies", ["cif"])
    op.create_index("ix_insurance_policies_paid_through", "insurance_policies", ["paid_through"])
    op.create_table(
        "premium_payments",
        sa.Column("id", _ROW_ID, nullable=False, autoincrement=True),
        sa.Column("policy_number", sa.String(40), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sale", sa.String(16), nullable=False),
        sa.Column("paid_on", sa.String(10), nullable=False),
        sa.Column("cover_from", sa.String(10), nullable=False),
        sa.Column("cover_to", sa.String(10), nullable=False),
        sa.Column("tariff_version", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("premium_cents", sa.BigInteger(), nullable=False),
        sa.Column("levies_cents", sa.BigInteger(), nullable=False),
        sa.Column("stamp_duty_cents", sa.BigInteger(), nullable=False),
        sa.Column("levies", _BYTES, nullable=False),
        sa.Column("created_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("reversed_by_entry_id", sa.String(36)),
        sa.PrimaryKeyConstraint("id", name="pk_premium_payments"),
        sa.UniqueConstraint("device_code", "sequence", name="uq_premium_payments_device_code_sequence"),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"], _ENTRY, name="fk_premium_payments_device_code_sequence_entries"
        ),
        sa.ForeignKeyConstraint(
            ["policy_number"],
            ["insurance_policies.policy_number"],
            name="fk_premium_payments_policy_number_insurance_policies",
        ),
        sa.CheckConstraint(
            "sale IN ('new', 'renewal', 'monthly_premium')", name="ck_premium_payments_sale"
        ),
        sa.CheckConstraint("premium_cents > 0", name="ck_premium_payments_premium_cents"),
        sa.CheckConstraint(
            "amount_cents = premium_cents + levies_cents + stamp_duty_cents",
            name="ck_premium_payments_amount_cents",
        ),
        **_MYSQL,
    )
    op.create_index("ix_premium_payments_policy_number", "premium_payments", ["policy_number"])


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
