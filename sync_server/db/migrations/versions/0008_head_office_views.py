"""Head office's views: entries found by business day and device without reading the whole journal.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Reconciliation reads one business day per device; without this it scans the journal.
    op.create_index("ix_entries_business_date_device", "entries", ["business_date", "device_code"])


def downgrade() -> None:
    op.drop_index("ix_entries_business_date_device", table_name="entries")
