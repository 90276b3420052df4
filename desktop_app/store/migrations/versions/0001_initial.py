"""The device's first schema: journal, derived state, pulled state, search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("location_code", sa.String(40), nullable=False),
        sa.Column("location_name", sa.Text, nullable=False),
        sa.Column("cash_account", sa.String(64), nullable=False),
        sa.Column("vault_account", sa.String(64)),
        sa.Column("bank_name", sa.Text, nullable=False),
    )
    op.create_table(
        "journal",
        sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("entry_id", sa.String(36), nullable=False, unique=True),
        sa.Column("entry_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("nature", sa.String(16), nullable=False),
        sa.Column("cash_effect", sa.String(8), nullable=False),
        sa.Column("recorded_at", sa.String(27), nullable=False),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("customer_cif", sa.String(40)),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("allowance_id", sa.String(64)),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_journal_customer_day", "journal", ["customer_cif", "business_date", "cash_effect"])
    op.create_index("ix_journal_allowance", "journal", ["allowance_id", "customer_cif"])
    # Append-only, held by the database itself: an error is undone by a reversal entry.
    op.execute(
        "CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal "
        "BEGIN SELECT RAISE(ABORT, 'the journal is append-only: entries are never changed'); END"
    )
    op.execute(
        "CREATE TRIGGER journal_is_append_only_delete BEFORE DELETE ON journal "
        "BEGIN SELECT RAISE(ABORT, 'the journal is append-only: entries are never deleted'); END"
    )
    # INSERT OR REPLACE deletes the old row without firing DELETE triggers (unless recursive
    # triggers are on), so a replacement is refused before it is inserted.
    op.execute(
        "CREATE TRIGGER journal_is_append_only_replace BEFORE INSERT ON journal "
        "WHEN EXISTS (SELECT 1 FROM journal WHERE sequence = new.sequence OR entry_id = new.entry_id "
        "OR entry_hash = new.entry_hash OR reference = new.reference) "
        "BEGIN SELECT RAISE(ABORT, 'the journal is append-only: entries are never replaced'); END"
    )
    op.create_table(
        "entry_results",
        sa.Column("sequence", sa.Integer, sa.ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("code", sa.String(64)),
        sa.Column("message", sa.Text),
        sa.Column("acknowledged_at", sa.String(27), nullable=False),
    )
    op.create_table(
        "postings",
        sa.Column("sequence", sa.Integer, sa.ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
        sa.Column("line", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("available_cents", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_postings_account", "postings", ["account", "sequence"])
    op.create_table(
        "tills",
        sa.Column(
            "opened_sequence", sa.Integer, sa.ForeignKey("journal.sequence"), primary_key=True, autoincrement=False
        ),
        sa.Column("cash_account", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("closed_sequence", sa.Integer, sa.ForeignKey("journal.sequence")),
    )
    op.create_table(
        "approvals",
        sa.Column("sequence", sa.Integer, sa.ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
        sa.Column("items", sa.Text, nullable=False),
        sa.Column("maker_user_id", sa.String(64), nullable=False),
        sa.Column("checker_user_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "allowances",
        sa.Column("allowance_id", sa.String(64), primary_key=True),
        sa.Column("cash_out_cap_cents", sa.BigInteger, nullable=False),
        sa.Column("cash_in_cap_cents", sa.BigInteger, nullable=False),
        sa.Column("per_customer_cap_cents", sa.BigInteger, nullable=False),
        sa.Column("issued_at", sa.String(27), nullable=False),
        sa.Column("expires_at", sa.String(27), nullable=False),
        sa.Column("cash_out_used_cents", sa.BigInteger, nullable=False),
        sa.Column("cash_in_used_cents", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "customers",
        sa.Column("cif", sa.String(40), primary_key=True),
        sa.Column("national_id", sa.String(16), nullable=False, unique=True),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("phone", sa.String(16), nullable=False),
        sa.Column("kyc_tier", sa.Integer, nullable=False),
        sa.Column("registered_sequence", sa.Integer, sa.ForeignKey("journal.sequence")),
    )
    op.create_index("ix_customers_phone", "customers", ["phone"])
    # Name search over 200,000 customers: FTS5, accents folded ("Wanjiku" finds "Wanjikũ").
    op.execute(
        "CREATE VIRTUAL TABLE customer_search USING fts5("
        "full_name, content='customers', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', "
        "prefix='2 3')"  # prefix indexes: a teller types the first letters of a name
    )
    op.execute(
        "CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN "
        "INSERT INTO customer_search(rowid, full_name) VALUES (new.rowid, new.full_name); END"
    )
    op.execute(
        "CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN "
        "INSERT INTO customer_search(customer_search, rowid, full_name) VALUES ('delete', old.rowid, old.full_name); END"
    )
    op.execute(
        "CREATE TRIGGER customers_search_update AFTER UPDATE OF full_name ON customers BEGIN "
        "INSERT INTO customer_search(customer_search, rowid, full_name) VALUES ('delete', old.rowid, old.full_name); "
        "INSERT INTO customer_search(rowid, full_name) VALUES (new.rowid, new.full_name); END"
    )
    op.create_table(
        "accounts",
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("cif", sa.String(40), sa.ForeignKey("customers.cif")),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("pulled_balance_cents", sa.BigInteger, nullable=False),
        sa.Column("pulled_through_sequence", sa.Integer, nullable=False),
    )
    op.create_index("ix_accounts_cif", "accounts", ["cif"])
    op.create_table(
        "users",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Integer, nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("consecutive_failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at_s", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("sequence", sa.Integer, sa.ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "receipt_prints",
        sa.Column("sequence", sa.Integer, sa.ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
        sa.Column("copies_printed", sa.Integer, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("downgrading a device's store is not supported")
