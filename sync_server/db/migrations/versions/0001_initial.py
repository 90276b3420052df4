"""The server's first schema: devices and their chains, the central journal, postings, balances,
exceptions and forks, customers and users, limit tables.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
_TIMESTAMP = 27


def _bytes() -> sa.types.TypeEngine:
    return sa.LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")


def _row_id() -> sa.types.TypeEngine:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "locations",
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("cash_account", sa.String(64)),
        sa.Column("vault_account", sa.String(64)),
        sa.PrimaryKeyConstraint("code", name="pk_locations"),
        sa.CheckConstraint("kind IN ('branch', 'agent')", name="ck_locations_kind"),
        **_MYSQL,
    )
    op.create_table(
        "devices",
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("location_code", sa.String(40), nullable=False),
        sa.Column("public_key_hex", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("enrolled_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("last_sequence", sa.Integer, nullable=False),
        sa.Column("last_entry_hash", sa.String(64), nullable=False),
        sa.Column("last_batch_at", sa.String(_TIMESTAMP)),
        sa.Column("app_version", sa.String(32)),
        sa.Column("frozen_reason", sa.Text),
        sa.PrimaryKeyConstraint("device_code", name="pk_devices"),
        sa.CheckConstraint("status IN ('active', 'revoked', 'frozen')", name="ck_devices_status"),
        sa.CheckConstraint("last_sequence >= 0", name="ck_devices_last_sequence"),
        **_MYSQL,
    )
    op.create_table(
        "users",
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("location_code", sa.String(40)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_users"),
        **_MYSQL,
    )
    op.create_table(
        "customers",
        sa.Column("cif", sa.String(40), nullable=False),
        sa.Column("national_id", sa.String(16), nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("phone", sa.String(16), nullable=False),
        sa.Column("kyc_tier", sa.Integer, nullable=False),
        sa.Column("registered_by_device", sa.String(8)),
        sa.Column("registered_sequence", sa.Integer),
        sa.PrimaryKeyConstraint("cif", name="pk_customers"),
        sa.UniqueConstraint("national_id", name="uq_customers_national_id"),
        sa.ForeignKeyConstraint(
            ["registered_by_device"], ["devices.device_code"], name="fk_customers_registered_by_device_devices"
        ),
        sa.CheckConstraint("kyc_tier BETWEEN 1 AND 3", name="ck_customers_kyc_tier"),
        **_MYSQL,
    )
    op.create_table(
        "accounts",
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("cif", sa.String(40)),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("balance_cents", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("account", name="pk_accounts"),
        sa.ForeignKeyConstraint(["cif"], ["customers.cif"], name="fk_accounts_cif_customers"),
        **_MYSQL,
    )
    op.create_index("ix_accounts_cif", "accounts", ["cif"])
    op.create_table(
        "batches",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("first_sequence", sa.Integer, nullable=False),
        sa.Column("last_sequence", sa.Integer, nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("received_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("acknowledgement", _bytes(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
        sa.ForeignKeyConstraint(["device_code"], ["devices.device_code"], name="fk_batches_device_code_devices"),
        sa.UniqueConstraint(
            "device_code",
            "first_sequence",
            "last_sequence",
            "body_sha256",
            name="uq_batches_device_code_first_sequence_last_sequence_body_sha256",
        ),
        **_MYSQL,
    )
    op.create_table(
        "entries",
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.String(36)),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("nature", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("received_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("customer_cif", sa.String(40)),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("limit_table_version", sa.Integer, nullable=False),
        sa.Column("reverses_entry_id", sa.String(36)),
        sa.Column("content", _bytes(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("code", sa.String(64)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("exception_id", sa.BigInteger),
        sa.PrimaryKeyConstraint("device_code", "sequence", name="pk_entries"),
        sa.ForeignKeyConstraint(["device_code"], ["devices.device_code"], name="fk_entries_device_code_devices"),
        sa.UniqueConstraint("entry_id", name="uq_entries_entry_id"),
        **_MYSQL,
    )
    op.create_index(
        "ix_entries_customer_day",
        "entries",
        ["customer_cif", "business_date", "channel", "kind", "status", "amount_cents"],
    )
    op.create_index("ix_entries_reverses_entry_id", "entries", ["reverses_entry_id"])
    op.create_table(
        "postings",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_postings"),
        sa.ForeignKeyConstraint(["account"], ["accounts.account"], name="fk_postings_account_accounts"),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"],
            ["entries.device_code", "entries.sequence"],
            name="fk_postings_device_code_sequence_entries",
        ),
        sa.UniqueConstraint("device_code", "sequence", "line", name="uq_postings_device_code_sequence_line"),
        sa.CheckConstraint("amount_cents <> 0", name="ck_postings_amount_cents"),
        **_MYSQL,
    )
    op.create_index("ix_postings_account", "postings", ["account"])
    op.create_table(
        "exceptions",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("account", sa.String(64)),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_exceptions"),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"],
            ["entries.device_code", "entries.sequence"],
            name="fk_exceptions_device_code_sequence_entries",
        ),
        sa.CheckConstraint("status IN ('open', 'resolved')", name="ck_exceptions_status"),
        **_MYSQL,
    )
    op.create_index("ix_exceptions_status", "exceptions", ["status"])
    op.create_table(
        "forks",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("first_sequence", sa.Integer, nullable=False),
        sa.Column("last_sequence", sa.Integer, nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("detected_at", sa.String(_TIMESTAMP), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_forks"),
        sa.ForeignKeyConstraint(["device_code"], ["devices.device_code"], name="fk_forks_device_code_devices"),
        **_MYSQL,
    )
    op.create_table(
        "limit_tables",
        sa.Column("version", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("body", _bytes(), nullable=False),
        sa.Column("effective_date", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_limit_tables"),
        **_MYSQL,
    )
    op.create_table(
        "server_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", _bytes(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_server_settings"),
        **_MYSQL,
    )


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
