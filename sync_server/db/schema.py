"""The server's tables, as the code queries them. Migrations (db/migrations) create them.

The same metadata serves MySQL/InnoDB and SQLite. Codes compare byte for byte (utf8mb4_bin on
MySQL, SQLite's default BINARY); money is BIGINT cents; an entry's canonical bytes are a
LONGBLOB on MySQL; times are the 27-character UTC text of `shared_core.journal.format_timestamp`,
which sorts as it reads. Balances are in LEDGER sign: debits positive, credits negative.

`entries` is the central journal: every entry a device sent and the server accepted into its
chain, whatever the server decided about it; `postings` are what the server itself derived from
the booked ones, never what a device computed.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql

from shared_core.credit_policy import BureauStatus
from shared_core.insurance import CoverStatus, Product
from shared_core.insurance_policy import PolicySale

# Constraint names fixed by convention, so a migration and the metadata name them alike.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Every table: InnoDB, utf8mb4, binary collation (codes such as 'wallet:C0001234' never fold case).
_MYSQL = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}

Timestamp = String(27)  # 'YYYY-MM-DDTHH:MM:SS.ffffffZ'
Cents = BigInteger
# Canonical bytes: a LONGBLOB on MySQL (a BLOB stops at 64 KiB), a BLOB on SQLite.
Bytes = LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")
# An autoincrementing id: BIGINT on MySQL; on SQLite only INTEGER PRIMARY KEY autoincrements.
RowId = BigInteger().with_variant(Integer(), "sqlite")
DeviceCode = String(8)
AccountCode = String(64)
Cif = String(40)
Sha256Hex = String(64)

DEVICE_STATUSES = ("active", "revoked", "frozen")
LOCATION_KINDS = ("branch", "agent")
EXCEPTION_STATUSES = ("open", "resolved")
HOLD_STATUSES = ("held", "completed", "expired")
DECISIONS = ("approved", "rejected")
BUREAU_STATUSES = tuple(status.value for status in BureauStatus)
LOAN_STATUSES = ("awaiting_approval", "active", "closed", "declined")
INSURANCE_PRODUCTS = tuple(product.value for product in Product)
POLICY_CANCELLED = "cancelled"  # its sale was reversed (services.insurance)
POLICY_STATUSES = (*(status.value for status in CoverStatus), POLICY_CANCELLED)
POLICY_SALES = tuple(sale.value for sale in PolicySale)
PolicyNumber = String(40)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


# Branches and agents' shops, with the accounts their cash sits in (a branch vault, an agent's float).
# A branch's tills are per device ('till:BR-<device>'), so a branch names no cash account here.
locations = Table(
    "locations",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("cash_account", AccountCode),
    Column("vault_account", AccountCode),
    CheckConstraint(_one_of("kind", LOCATION_KINDS), name="kind"),
    **_MYSQL,
)

# Enrolled devices and their chain head: the last entry accepted from each, which the next batch
# must follow. Locked (SELECT ... FOR UPDATE) by every ingest, so one device's batches book one at
# a time. A revoked or frozen device's batches are refused; frozen is what a fork does.
devices = Table(
    "devices",
    metadata,
    Column("device_code", DeviceCode, primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("location_code", String(40), nullable=False),
    Column("public_key_hex", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("enrolled_at", Timestamp, nullable=False),
    Column("last_sequence", Integer, nullable=False),  # 0 until the first entry is accepted
    Column("last_entry_hash", Sha256Hex, nullable=False),  # GENESIS_HASH until then
    Column("last_batch_at", Timestamp),
    Column("app_version", String(32)),
    Column("frozen_reason", Text),
    # Head office's view (migration 0008): the last request the device signed (server clock) and
    # its clock then (its signed send time minus the server's time, seconds); who revoked it, why.
    Column("last_seen_at", Timestamp),
    Column("clock_skew_s", Integer),
    Column("revoked_at", Timestamp),
    Column("revoked_by", String(64)),
    Column("revoked_reason", Text),
    CheckConstraint(_one_of("status", DEVICE_STATUSES), name="status"),
    CheckConstraint("last_sequence >= 0", name="last_sequence"),
    **_MYSQL,
)

# One-time codes head office issues to enrol a device at a location, with the device code it will
# get. Only the code's SHA-256 is kept: a copy of the database cannot enrol anything. A code is
# spent (used_at) by its first use and worthless after expires_at.
enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_sha256", Sha256Hex, primary_key=True),
    Column("device_code", DeviceCode, nullable=False, unique=True),
    Column("channel", String(16), nullable=False),
    Column("location_code", String(40), ForeignKey("locations.code"), nullable=False),
    Column("issued_at", Timestamp, nullable=False),
    Column("expires_at", Timestamp, nullable=False),
    Column("used_at", Timestamp),
    Index(None, "location_code"),
    **_MYSQL,
)

# Users head office manages; the ingest reads their role to judge entries again, and whether a
# local override's checker may approve. Supervisors and head office also log in online
# (services/sessions.py): `login_failures` counts wrong passwords in a row, for the lockout
# (migration 0005).
users = Table(
    "users",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("location_code", String(40)),
    Column("active", Boolean, nullable=False),
    Column("login_failures", Integer, nullable=False, server_default="0"),
    Column("last_login_failure_at", Timestamp),
    **_MYSQL,
)

# Customers: the CIF (provisional, minted by the registering device, until the server issues its
# own), KYC tier for the limits, and which entry registered them. A business customer (an SME)
# holds its registration number where a person holds a national ID, and has directors.
customers = Table(
    "customers",
    metadata,
    Column("cif", Cif, primary_key=True),
    Column("national_id", String(16), nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("phone", String(16), nullable=False),
    Column("kyc_tier", Integer, nullable=False),
    Column("registered_by_device", DeviceCode, ForeignKey("devices.device_code")),
    Column("registered_sequence", Integer),
    CheckConstraint("kyc_tier BETWEEN 1 AND 3", name="kyc_tier"),
    **_MYSQL,
)

# The users who act for a business customer: its directors (approving its payroll runs, reading
# its statements).
business_directors = Table(
    "business_directors",
    metadata,
    Column("cif", Cif, ForeignKey("customers.cif"), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.user_id"), primary_key=True),
    Index(None, "user_id"),
    **_MYSQL,
)

# Every account of the chart that was ever used, with its balance in ledger sign, updated in the
# transaction that books its postings: a read model that `check_ledger` compares with the postings.
# Customer accounts (wallet, savings, loan) exist before they are used; tills, vaults, floats and
# the bank's fixed accounts are created on first use.
accounts = Table(
    "accounts",
    metadata,
    Column("account", AccountCode, primary_key=True),
    Column("cif", Cif, ForeignKey("customers.cif")),
    Column("label", Text, nullable=False),
    Column("balance_cents", Cents, nullable=False),
    Index(None, "cif"),
    **_MYSQL,
)

# Batches received and the signed acknowledgement each got: the same bytes again get the same
# answer, byte for byte, and book nothing.
batches = Table(
    "batches",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("device_code", DeviceCode, ForeignKey("devices.device_code"), nullable=False),
    Column("first_sequence", Integer, nullable=False),
    Column("last_sequence", Integer, nullable=False),
    Column("body_sha256", Sha256Hex, nullable=False),
    Column("received_at", Timestamp, nullable=False),
    Column("acknowledgement", Bytes, nullable=False),
    UniqueConstraint("device_code", "first_sequence", "last_sequence", "body_sha256"),
    **_MYSQL,
)

# The central journal: each device's accepted chain, gap-free, one row per entry whatever was
# decided (status is an EntryStatus value, code and message the reason). `entry_id` is the id the
# device minted at capture, the idempotency key; it is NULL only on a row whose id was already
# taken by another entry (status exists_with_different_content), so the chain stays whole.
# `content` is the entry's canonical wire encoding; the other columns are read from it once.
entries = Table(
    "entries",
    metadata,
    Column("device_code", DeviceCode, ForeignKey("devices.device_code"), primary_key=True),
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("entry_id", String(36), unique=True),
    Column("entry_hash", Sha256Hex, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("nature", String(16), nullable=False),
    Column("channel", String(16), nullable=False),  # tier limits are per channel
    Column("reference", String(64), nullable=False),
    Column("recorded_at", Timestamp, nullable=False),  # the device's clock: advisory
    Column("received_at", Timestamp, nullable=False),  # the server's clock
    Column("business_date", String(10), nullable=False),
    Column("customer_cif", Cif),  # whose account it moved, as the server determined it
    Column("amount_cents", Cents, nullable=False),
    Column("limit_table_version", Integer, nullable=False),  # what the device judged under
    Column("reverses_entry_id", String(36)),  # for a reversal: the entry it undoes
    Column("content", Bytes, nullable=False),
    Column("status", String(32), nullable=False),
    Column("code", String(64)),
    Column("message", Text, nullable=False),
    Column("exception_id", BigInteger),  # the exception this entry raised, if any
    # Covers the question "what did this customer move today, per channel and kind" without
    # reading the rows (whose content is large).
    Index(
        "ix_entries_customer_day", "customer_cif", "business_date", "channel", "kind", "status", "amount_cents"
    ),
    Index(None, "reverses_entry_id"),
    Index("ix_entries_business_date_device", "business_date", "device_code"),
    **_MYSQL,
)

# Double entry as the server derived it: each booked entry's lines sum to zero.
postings = Table(
    "postings",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("account", AccountCode, ForeignKey("accounts.account"), nullable=False),
    Column("amount_cents", Cents, nullable=False),  # debit positive, credit negative, never zero
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    UniqueConstraint("device_code", "sequence", "line"),
    Index(None, "account"),
    CheckConstraint("amount_cents <> 0", name="amount_cents"),
    **_MYSQL,
)

# What head office must resolve: a fact booked although it broke a rule (an offline overdraft, a
# limit breached), a judgement that differs because the device used another limit table (policy
# drift). The entry stays booked; resolving is a later, separate act.
exceptions = Table(
    "exceptions",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("code", String(64), nullable=False),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("account", AccountCode),
    Column("amount_cents", Cents, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("note", Text),
    # Worked (migration 0011): who works it now, and when a resolution was approved.
    Column("assigned_to", String(64), ForeignKey("users.user_id")),
    Column("resolved_at", Timestamp),
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    Index(None, "status"),
    CheckConstraint(_one_of("status", EXCEPTION_STATUSES), name="status"),
    **_MYSQL,
)

# Batches that contradicted entries already accepted: the device's journal forked. Recorded (and
# the device frozen) in a transaction of its own, which commits although the batch is refused.
forks = Table(
    "forks",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("device_code", DeviceCode, ForeignKey("devices.device_code"), nullable=False),
    Column("first_sequence", Integer, nullable=False),
    Column("last_sequence", Integer, nullable=False),
    Column("body_sha256", Sha256Hex, nullable=False),
    Column("detected_at", Timestamp, nullable=False),
    **_MYSQL,
)

# Every limit table head office issued, in its canonical mapping form, so an entry judged under an
# older version can be judged again under the same one (telling policy drift from a broken rule).
limit_tables = Table(
    "limit_tables",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("body", Bytes, nullable=False),
    Column("effective_date", String(10), nullable=False),
    **_MYSQL,
)

# Small server-wide values as canonical JSON (e.g. which limit table is in force).
server_settings = Table(
    "server_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Bytes, nullable=False),
    **_MYSQL,
)

# The pull (migration 0003): a device's batches after its cursor, and the users of its location.
Index("ix_batches_device_code_id", batches.c.device_code, batches.c.id)
Index("ix_users_location_code", users.c.location_code)
# The approvals queue (migration 0005): the few entries awaiting a checker, among all entries.
Index("ix_entries_status", entries.c.status)

# Online authorizations (DESIGN.md "Online first"): a hold on a customer's account for a withdrawal
# about to be paid, keyed by the id the device minted for the entry that will record it, so asking
# again gets the same answer. The entry, when it syncs, completes the hold; a hold never completed
# expires at expires_at and stops counting against the balance. `request_sha256` is the digest of
# the request's canonical content: the same id with other content is refused, never re-answered.
holds = Table(
    "holds",
    metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("device_code", DeviceCode, ForeignKey("devices.device_code"), nullable=False),
    Column("account", AccountCode, nullable=False),
    Column("customer_cif", Cif, nullable=False),
    Column("amount_cents", Cents, nullable=False),
    Column("request_sha256", Sha256Hex, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("expires_at", Timestamp, nullable=False),
    Column("completed_sequence", Integer),
    Column("completed_at", Timestamp),
    Index(None, "account", "status"),
    Index(None, "status", "expires_at"),
    CheckConstraint(_one_of("status", HOLD_STATUSES), name="status"),
    CheckConstraint("amount_cents > 0", name="amount_cents"),
    **_MYSQL,
)

# Decisions on entries that waited for a checker (status awaiting_approval): append-only, one per
# entry, never by the entry's maker (four eyes, judged by shared_core.approvals.check_checker).
approval_decisions = Table(
    "approval_decisions",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("decision", String(16), nullable=False),
    Column("checker_user_id", String(64), ForeignKey("users.user_id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_at", Timestamp, nullable=False),
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    UniqueConstraint("device_code", "sequence"),
    CheckConstraint(_one_of("decision", DECISIONS), name="decision"),
    **_MYSQL,
)

# The pull's cursor (migration 0004): one row each time answers to a device's entries change, for
# the run of sequences they changed: an accepted batch, a checker's decision. Its id is the server
# sequence a device's cursor names. Every writer holds the device's row lock (SELECT ... FOR
# UPDATE on devices), so one device's rows commit in id order.
answer_changes = Table(
    "answer_changes",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("device_code", DeviceCode, ForeignKey("devices.device_code"), nullable=False),
    Column("first_sequence", Integer, nullable=False),
    Column("last_sequence", Integer, nullable=False),
    Column("changed_at", Timestamp, nullable=False),
    Index(None, "device_code", "id"),
    **_MYSQL,
)

# Borrow (migration 0006). What head office knows of a customer's credit beyond its own ledger:
# the credit bureau's status, since when the customer banks with us (the tenure scoring reads,
# when it predates the wallet's first movement here), and for a business its declared annual
# turnover, sector, years trading and what it owes elsewhere.
credit_profiles = Table(
    "credit_profiles",
    metadata,
    Column("cif", Cif, ForeignKey("customers.cif"), primary_key=True),
    Column("bureau_status", String(24), nullable=False),
    Column("bureau_checked_on", String(10)),
    Column("customer_since", String(10)),
    Column("annual_turnover_cents", Cents),
    Column("sector", String(40)),
    Column("years_trading", Integer),
    Column("facilities_elsewhere_cents", Cents, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    CheckConstraint(_one_of("bureau_status", BUREAU_STATUSES), name="bureau_status"),
    **_MYSQL,
)

# Every loan applied for, from the disbursement entry that carries its application: the terms
# agreed (so a later product change never changes a loan's schedule), the credit decision with
# every factor (canonical JSON of shared_core.credit_decision.decision_to_wire), and where it
# stands. 'awaiting_approval' waits for a credit officer; 'active' was disbursed; 'closed' is
# paid off; 'declined' was refused by scoring or by the checker. The loan account holds the
# principal still owed.
loans = Table(
    "loans",
    metadata,
    Column("loan_id", String(32), primary_key=True),
    Column("loan_account", AccountCode, nullable=False, unique=True),
    Column("cif", Cif, ForeignKey("customers.cif"), nullable=False),
    Column("product_code", String(40), nullable=False),
    Column("principal_cents", Cents, nullable=False),
    Column("annual_rate", String(16), nullable=False),  # decimal text, e.g. '0.18'
    Column("method", String(16), nullable=False),
    Column("frequency", String(16), nullable=False),
    Column("installments", Integer, nullable=False),
    Column("applied_on", String(10), nullable=False),
    Column("first_due_date", String(10), nullable=False),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("status", String(24), nullable=False),
    Column("credit_outcome", String(16), nullable=False),
    Column("credit_score", Integer, nullable=False),
    Column("decision", Bytes, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("closed_on", String(10)),
    Column("worst_days_past_due", Integer, nullable=False),
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    UniqueConstraint("device_code", "sequence"),
    Index(None, "cif"),
    Index(None, "status"),
    CheckConstraint(_one_of("status", LOAN_STATUSES), name="status"),
    CheckConstraint("principal_cents > 0", name="principal_cents"),
    **_MYSQL,
)

# Each repayment booked against a scheduled loan and how it was allocated (shared_core.
# loan_repayment): the replay of these rebuilds where the loan stands.
loan_repayments = Table(
    "loan_repayments",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("loan_id", String(32), ForeignKey("loans.loan_id"), nullable=False),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("paid_on", String(10), nullable=False),
    Column("amount_cents", Cents, nullable=False),
    Column("principal_cents", Cents, nullable=False),
    Column("interest_cents", Cents, nullable=False),
    Column("penalties_cents", Cents, nullable=False),
    Column("excess_cents", Cents, nullable=False),
    Column("reversed_by_entry_id", String(36)),  # a booked reversal struck it (migration 0010)
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    UniqueConstraint("device_code", "sequence"),
    Index(None, "loan_id"),
    CheckConstraint("amount_cents > 0", name="amount_cents"),
    **_MYSQL,
)

# Insure (migration 0007). Every policy sold at a counter, from the premium entry that carries its
# purchase (shared_core.entry_details.PolicyPurchase): whose it is, the terms in force (`details`,
# the canonical JSON of the purchase that set them: the sale, or its latest renewal) with that
# sale's tariff version, premium, levies and stamp duty, the business day it was sold, the first
# day it ever covered and the last day paid for. `status` is where the cover stood on the day its
# latest premium was booked; on any other day shared_core.insurance.cover_history says it from the
# premiums paid. The entry that sold it is (device_code, sequence).
insurance_policies = Table(
    "insurance_policies",
    metadata,
    Column("policy_number", PolicyNumber, primary_key=True),
    Column("cif", Cif, nullable=False),
    Column("product", String(24), nullable=False),
    Column("details", Bytes, nullable=False),
    Column("tariff_version", Integer, nullable=False),
    Column("sold_on", String(10), nullable=False),
    Column("cover_start", String(10), nullable=False),
    Column("paid_through", String(10), nullable=False),
    Column("status", String(16), nullable=False),
    Column("premium_cents", Cents, nullable=False),
    Column("levies_cents", Cents, nullable=False),
    Column("stamp_duty_cents", Cents, nullable=False),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    ForeignKeyConstraint(["cif"], ["customers.cif"]),
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    UniqueConstraint("device_code", "sequence"),
    Index(None, "cif"),
    Index(None, "paid_through"),
    CheckConstraint(_one_of("product", INSURANCE_PRODUCTS), name="product"),
    CheckConstraint(_one_of("status", POLICY_STATUSES), name="status"),
    CheckConstraint("premium_cents > 0", name="premium_cents"),
    **_MYSQL,
)

# Every premium booked for a policy: its sale (new, renewal, monthly premium), the day it was paid,
# the days of cover it paid for, and its figures (the levies by code as canonical JSON, for the
# levy returns). Replaying a personal accident policy's payment days (those not reversed) through
# cover_history gives its lapses and reinstatements.
premium_payments = Table(
    "premium_payments",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("policy_number", PolicyNumber, ForeignKey("insurance_policies.policy_number"), nullable=False),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("sale", String(16), nullable=False),
    Column("paid_on", String(10), nullable=False),
    Column("cover_from", String(10), nullable=False),
    Column("cover_to", String(10), nullable=False),
    Column("tariff_version", Integer, nullable=False),
    Column("amount_cents", Cents, nullable=False),
    Column("premium_cents", Cents, nullable=False),
    Column("levies_cents", Cents, nullable=False),
    Column("stamp_duty_cents", Cents, nullable=False),
    Column("levies", Bytes, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("reversed_by_entry_id", String(36)),  # a booked reversal struck it: it pays for nothing
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    UniqueConstraint("device_code", "sequence"),
    Index(None, "policy_number"),
    CheckConstraint(_one_of("sale", POLICY_SALES), name="sale"),
    CheckConstraint("premium_cents > 0", name="premium_cents"),
    CheckConstraint("amount_cents = premium_cents + levies_cents + stamp_duty_cents", name="amount_cents"),
    **_MYSQL,
)

# Payroll runs (migration 0009): each run a checker decided, and what head office answered for each
# of its lines. The run itself travels in its entry (details.payroll, shared_core.payroll_run); these
# rows are the decision, written in its transaction. `status`: booked (a line or more paid), refused
# (every line refused, or the employer's account short: nothing paid), rejected (the checker said no:
# no line examined, none listed). The same file paid twice is refused by (employer_cif, fingerprint).
PAYROLL_RUN_STATUSES = ("booked", "refused", "rejected")
PAYROLL_LINE_STATUSES = ("booked", "refused")
payroll_runs = Table(
    "payroll_runs",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("device_code", DeviceCode, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("employer_cif", Cif, ForeignKey("customers.cif"), nullable=False),
    Column("employer_account", AccountCode, nullable=False),
    Column("pay_date", String(10), nullable=False),
    Column("fingerprint", Sha256Hex, nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("control_total_cents", Cents, nullable=False),
    Column("booked_count", Integer, nullable=False),
    Column("booked_total_cents", Cents, nullable=False),
    Column("status", String(16), nullable=False),
    Column("maker_user_id", String(64), nullable=False),
    Column("checker_user_id", String(64), ForeignKey("users.user_id"), nullable=False),
    Column("checker_name", Text, nullable=False),
    Column("decided_at", Timestamp, nullable=False),
    ForeignKeyConstraint(["device_code", "sequence"], ["entries.device_code", "entries.sequence"]),
    UniqueConstraint("device_code", "sequence"),
    Index(None, "employer_cif", "fingerprint"),
    CheckConstraint(_one_of("status", PAYROLL_RUN_STATUSES), name="status"),
    CheckConstraint("booked_count BETWEEN 0 AND line_count", name="booked_count"),
    CheckConstraint("booked_total_cents BETWEEN 0 AND control_total_cents", name="booked_total_cents"),
    **_MYSQL,
)

# One row per line of a run head office examined: booked, or refused with a stable code and reason.
payroll_lines = Table(
    "payroll_lines",
    metadata,
    Column("run_id", String(64), ForeignKey("payroll_runs.run_id"), primary_key=True),
    Column("file_row", Integer, primary_key=True, autoincrement=False),  # the spreadsheet's row
    Column("national_id", String(16), nullable=False),
    Column("account", AccountCode, nullable=False),
    Column("amount_cents", Cents, nullable=False),
    Column("status", String(16), nullable=False),
    Column("code", String(64)),
    Column("reason", Text, nullable=False),
    CheckConstraint(_one_of("status", PAYROLL_LINE_STATUSES), name="status"),
    CheckConstraint("amount_cents > 0", name="amount_cents"),
    **_MYSQL,
)


# Exceptions worked (migration 0011, services/exception_work.py). Every step taken on an exception,
# append-only like approval_decisions: assigned (to `assignee`), commented, a resolution proposed
# (`correction`: the canonical JSON of shared_core.exception_resolution.Correction), approved or
# rejected by a checker who is never its proposer. `step_id` is minted by the client, so a retry
# answers with the step already recorded; `step_sha256` is the digest of what the step said, so the
# same id with other content is refused, never re-answered.
EXCEPTION_ACTIONS = (
    "assigned",
    "commented",
    "resolution_proposed",
    "resolution_approved",
    "resolution_rejected",
)
exception_events = Table(
    "exception_events",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("exception_id", BigInteger, ForeignKey("exceptions.id"), nullable=False),
    Column("step_id", String(36), nullable=False, unique=True),
    Column("step_sha256", Sha256Hex, nullable=False),
    Column("action", String(24), nullable=False),
    Column("user_id", String(64), ForeignKey("users.user_id"), nullable=False),
    Column("at", Timestamp, nullable=False),
    Column("note", Text, nullable=False),
    Column("assignee", String(64), ForeignKey("users.user_id")),
    Column("correction", Bytes),
    Index(None, "exception_id", "id"),
    CheckConstraint(_one_of("action", EXCEPTION_ACTIONS), name="action"),
    **_MYSQL,
)

# Head office's own journal: correcting entries booked when a resolution is approved. Not a
# device's: signed by no device, in no device's chain, referenced 'HO-0000-<id>-<check>'. Their
# postings go to head_office_postings and move the same `accounts` balances, so check_ledger sums
# both journals' postings. One entry per exception at most (approving twice books once).
head_office_entries = Table(
    "head_office_entries",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("reference", String(64), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("exception_id", BigInteger, ForeignKey("exceptions.id"), nullable=False, unique=True),
    Column("business_date", String(10), nullable=False),
    Column("amount_cents", Cents, nullable=False),
    Column("maker_user_id", String(64), ForeignKey("users.user_id"), nullable=False),
    Column("checker_user_id", String(64), ForeignKey("users.user_id"), nullable=False),
    Column("booked_at", Timestamp, nullable=False),
    Column("content", Bytes, nullable=False),  # canonical JSON: the correction and its postings
    Index(None, "business_date"),
    CheckConstraint("amount_cents > 0", name="amount_cents"),
    CheckConstraint("maker_user_id <> checker_user_id", name="four_eyes"),
    **_MYSQL,
)

head_office_postings = Table(
    "head_office_postings",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("entry_id", BigInteger, ForeignKey("head_office_entries.id"), nullable=False),
    Column("line", Integer, nullable=False),
    Column("account", AccountCode, ForeignKey("accounts.account"), nullable=False),
    Column("amount_cents", Cents, nullable=False),  # debit positive, credit negative, never zero
    UniqueConstraint("entry_id", "line"),
    Index(None, "account"),
    CheckConstraint("amount_cents <> 0", name="amount_cents"),
    **_MYSQL,
)

# What each customer moved each business day, per channel and kind (migration 0012,
# services/day_totals.py): the sum of `amount_cents` over the entries that count towards the
# customer's day (booked, booked with exception, awaiting a checker), kept by the ingest in the
# batch's transaction, so a day's limit is judged from keyed rows, not from the day's entries.
# `check_day_totals` compares it with the entries it sums.
day_totals = Table(
    "day_totals",
    metadata,
    Column("customer_cif", Cif, primary_key=True),
    Column("business_date", String(10), primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("amount_cents", Cents, nullable=False),
    **_MYSQL,
)
