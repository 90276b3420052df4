"""Payroll runs: each run a checker decided, and head office's answer to each of its lines.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
_TIMESTAMP = 27  # UTC wire text with microseconds
_ENTRY = ["entries.device_code", "entries.sequence"]


def upgrade() -> None:
    op.create_table(
        "payroll_runs",
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("employer_cif", sa.String(40), nullable=False),
        sa.Column("employer_account", sa.String(64), nullable=False),
        sa.Column("pay_date", sa.String(10), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("control_total_cents", sa.BigInteger(), nullable=False),
        sa.Column("booked_count", sa.Integer(), nullable=False),
        sa.Column("booked_total_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("maker_user_id", sa.String(64), nullable=False),
        sa.Column("checker_user_id", sa.String(64), nullable=False),
        sa.Column("checker_name", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(_TIMESTAMP), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name="pk_payroll_runs"),
        sa.UniqueConstraint("device_code", "sequence", name="uq_payroll_runs_device_code_sequence"),
        sa.ForeignKeyConstraint(["employer_cif"], ["customers.cif"], name="fk_payroll_runs_employer_cif_customers"),
        sa.ForeignKeyConstraint(
            ["checker_user_id"], ["users.user_id"], name="fk_payroll_runs_checker_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["device_code", "sequence"], _ENTRY, name="fk_payroll_runs_device_code_sequence_entries"
        ),
        sa.CheckConstraint("status IN ('booked', 'refused', 'rejected')", name="ck_payroll_runs_status"),
        sa.CheckConstraint("booked_count BETWEEN 0 AND line_count", name="ck_payroll_runs_booked_count"),
        sa.CheckConstraint(
            "booked_total_cents BETWEEN 0 AND control_total_cents", name="ck_payroll_runs_booked_total_cents"
        ),
        **_MYSQL,
    )
    op.create_index("ix_payroll_runs_employer_cif_fingerprint", "payroll_runs", ["employer_cif", "fingerprint"])
    op.create_table(
        "payroll_lines",
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("file_row", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("national_id", sa.String(16), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("code", sa.String(64)),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "file_row", name="pk_payroll_lines"),
        sa.ForeignKeyConstraint(["run_id"], ["payroll_runs.run_id"], name="fk_payroll_lines_run_id_payroll_runs"),
        sa.CheckConstraint("status IN ('booked', 'refused')", name="ck_payroll_lines_status"),
        sa.CheckConstraint("amount_cents > 0", name="ck_payroll_lines_amount_cents"),
        **_MYSQL,
    )


def downgrade() -> None:
    op.drop_table("payroll_lines")
    op.drop_index("ix_payroll_runs_employer_cif_fingerprint", table_name="payroll_runs")
    op.drop_table("payroll_runs")
