"""Head office's views: entries found by business day and device without reading the whole journal;
each device's last signed contact and its clock skew then; who revoked a device, when and why.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TIMESTAMP = 27  # as 0001: UTC wire text with microseconds


def upgrade() -> None:
    # Reconciliation reads one business day per device; without this it scans the journal.
    op.create_index("ix_entries_business_date_device", "entries", ["business_date", "device_code"])
    # Nullable columns: SQLite's ALTER TABLE ADD COLUMN takes them as MySQL does, with no rebuild.
    op.add_column("devices", sa.Column("last_seen_at", sa.String(_TIMESTAMP)))
    op.add_column("devices", sa.Column("clock_skew_s", sa.Integer()))
    op.add_column("devices", sa.Column("revoked_at", sa.String(_TIMESTAMP)))
    op.add_column("devices", sa.Column("revoked_by", sa.String(64)))
    op.add_column("devices", sa.Column("revoked_reason", sa.Text()))


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
