"""Exceptions worked, not just listed: who each is assigned to, every step taken on it (append-only),
and head office's own journal for the correcting entries a resolution books.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
_TIMESTAMP = 27  # UTC wire text with microseconds
_ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_BYTES = sa.LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")
_ACTIONS = "'assigned', 'commented', 'resolution_proposed', 'resolution_approved', 'resolution_rejected'"


def upgrade() -> None:
    with op.batch_alter_table("exceptions") as table:
        table.add_column(sa.Column("assigned_to", sa.String(64)))
        table.add_column(sa.Column("resolved_at", sa.String(_TIMESTAMP)))
        table.create_foreign_key("fk_exceptions_assigned_to_users", "users", ["assigned_to"], ["user_id"])
    op.create_table(
        "exception_events",
        sa.Column("id", _ROW_ID, nullable=False, autoincrement=True),
        sa.Column("exception_id", sa.BigInteger(), nullable=False),
        sa.Column("step_id", sa.String(36), nullable=False),
        sa.Column("step_sha256", sa.String(64), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("assignee", sa.String(64)),
        sa.Column("correction", _BYTES),
        sa.PrimaryKeyConstraint("id", name="pk_exception_events"),
        sa.UniqueConstraint("step_id", name="uq_exception_events_step_id"),
        sa.ForeignKeyConstraint(
            ["exception_id"], ["exceptions.id"], name="fk_exception_events_exception_id_exceptions"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.user_id"], name="fk_exception_events_user_id_users"),
        sa.ForeignKeyConstraint(["assignee"], ["users.user_id"], name="fk_exception_events_assignee_users"),
        sa.CheckConstraint(f"action IN ({_ACTIONS})", name="ck_exception_events_action"),
        **_MYSQL,
    )
    op.create_index("ix_exception_events_exception_id_id", "exception_events", ["exception_id", "id"])
    op.create_table(
        "head_office_entries",
        sa.Column("id", _ROW_ID, nullable=False, autoincrement=True),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("exception_id", sa.BigInteger(), nullable=False),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("maker_user_id", sa.String(64), nullable=False),
        sa.Column("checker_user_id", sa.String(64), nullable=False),
        sa.Column("booked_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("content", _BYTES, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_head_office_entries"),
        sa.UniqueConstraint("reference", name="uq_head_office_entries_reference"),
        sa.UniqueConstraint("exception_id", name="uq_head_office_entries_exception_id"),
        sa.ForeignKeyConstraint(
            ["exception_id"], ["exceptions.id"], name="fk_head_office_entries_exception_id_exceptions"
        ),
        sa.ForeignKeyConstraint(
            ["maker_user_id"], ["users.user_id"], name="fk_head_office_entries_maker_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["checker_user_id"], ["users.user_id"], name="fk_head_office_entries_checker_user_id_users"
        ),
        sa.CheckConstraint("amount_cents > 0", name="ck_head_office_entries_amount_cents"),
        sa.CheckConstraint("maker_user_id <> checker_user_id", name="ck_head_office_entries_four_eyes"),
        **_MYSQL,
    )
    op.create_index("ix_head_office_entries_business_date", "head_office_entries", ["business_date"])
    op.create_table(
        "head_office_postings",
        sa.Column("id", _ROW_ID, nullable=False, autoincrement=True),
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_head_office_postings"),
        sa.UniqueConstraint("entry_id", "line", name="uq_head_office_postings_entry_id_line"),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["head_office_entries.id"], name="fk_head_office_postings_entry_id_head_office_entries"
        ),
        sa.ForeignKeyConstraint(["account"], ["accounts.account"], name="fk_head_office_postings_account_accounts"),
        sa.CheckConstraint("amount_cents <> 0", name="ck_head_office_postings_amount_cents"),
        **_MYSQL,
    )
    op.create_index("ix_head_office_postings_account", "head_office_postings", ["account"])


def downgrade() -> None:
    op.drop_index("ix_head_office_postings_account", table_name="head_office_postings")
    op.drop_table("head_office_postings")
    op.drop_index("ix_head_office_entries_business_date", table_name="head_office_entries")
    op.drop_table("head_office_entries")
    op.drop_index("ix_exception_events_exception_id_id", table_name="exception_events")
    op.drop_table("exception_events")
    with op.batch_alter_table("exceptions") as table:
        table.drop_constraint("fk_exceptions_assigned_to_users", type_="foreignkey")
        table.drop_column("resolved_at")
        table.drop_column("assigned_to")
