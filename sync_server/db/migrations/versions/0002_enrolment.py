"""Enrolment: one-time codes head office issues for a device at a location, the counter the device
codes are minted from, and the directors who act for a business customer.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Written out rather than imported from schema.py: a migration is frozen once released.
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
_TIMESTAMP = 27
# The first device code minted is number 1 ('0001'); services.enrolment keeps counting from here.
_DEVICE_NUMBER_FIRST = b"1"  # canonical JSON of the integer 1


def upgrade() -> None:
    op.create_table(
        "enrolment_codes",
        sa.Column("code_sha256", sa.String(64), nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("location_code", sa.String(40), nullable=False),
        sa.Column("issued_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("expires_at", sa.String(_TIMESTAMP), nullable=False),
        sa.Column("used_at", sa.String(_TIMESTAMP)),
        sa.PrimaryKeyConstraint("code_sha256", name="pk_enrolment_codes"),
        sa.UniqueConstraint("device_code", name="uq_enrolment_codes_device_code"),
        sa.ForeignKeyConstraint(
            ["location_code"], ["locations.code"], name="fk_enrolment_codes_location_code_locations"
        ),
        **_MYSQL,
    )
    op.create_index("ix_enrolment_codes_location_code", "enrolment_codes", ["location_code"])
    op.create_table(
        "business_directors",
        sa.Column("cif", sa.String(40), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("cif", "user_id", name="pk_business_directors"),
        sa.ForeignKeyConstraint(["cif"], ["customers.cif"], name="fk_business_directors_cif_customers"),
        sa.ForeignKeyConstraint(["user_id"], ["users.user_id"], name="fk_business_directors_user_id_users"),
        **_MYSQL,
    )
    op.create_index("ix_business_directors_user_id", "business_directors", ["user_id"])
    settings = sa.table(
        "server_settings", sa.column("key", sa.String(64)), sa.column("value", sa.LargeBinary)
    )
    op.bulk_insert(settings, [{"key": "device_number_next", "value": _DEVICE_NUMBER_FIRST}])


def downgrade() -> None:
    # The central ledger is never dropped by a migration: downgrades are not supported.
    raise NotImplementedError("downgrading the server's database is not supported")
