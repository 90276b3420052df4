"""Day totals: what each customer moved each business day, per channel and kind, kept by the
ingest (services/day_totals.py), so judging a day's limit reads keyed rows instead of adding up
every entry the customer made that day. Filled here from the entries already ingested.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
# What counts towards a customer's day (sync_server.services.books.COUNTED_STATUSES).
_COUNTED = "'booked', 'booked_with_exception', 'awaiting_approval'"


def upgrade() -> None:
    op.create_table(
        "day_totals",
        sa.Column("customer_cif", sa.String(40), nullable=False),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("customer_cif", "business_date", "channel", "kind", name="pk_day_totals"),
        **_MYSQL,
    )
    # The days already ingested, as the ingest would have kept them, before any worker of this release
    # ingests. Stop the old release's workers first: what they book meanwhile would not be counted
    # (services.day_totals.check_day_totals names any total that disagrees with its entries).
    op.execute(
        "INSERT INTO day_totals (customer_cif, business_date, channel, kind, amount_cents) "
        "SELECT customer_cif, business_date, channel, kind, SUM(amount_cents) FROM entries "
        f"WHERE customer_cif IS NOT NULL AND status IN ({_COUNTED}) "
        "GROUP BY customer_cif, business_date, channel, kind HAVING SUM(amount_cents) <> 0"
    )


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
