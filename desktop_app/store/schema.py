"""The device's tables, as the code queries them. Migrations (store/migrations) create them.

`journal` is append-only (triggers refuse UPDATE and DELETE); what the server answers about an
entry goes to `entry_results`. Tables marked "derived" are rebuilt by a replay of the journal
(`store.replay`) and `journal verify` checks they equal it. Tables marked "pulled" hold what
the server last said, and are not in the journal.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# One row: who this device is. Written at set-up (enrolment, later).
device = Table(
    "device",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_code", String(8), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("location_code", String(40), nullable=False),
    Column("location_name", Text, nullable=False),
    Column("cash_account", String(64), nullable=False),  # till:... at a branch, float:... at an agent
    Column("vault_account", String(64)),  # None at an agent
    Column("bank_name", Text, nullable=False),
    Column("server_url", Text),  # set at enrolment
    Column("server_public_key_hex", String(64)),  # pinned at enrolment: acknowledgements must verify with it
)

# Append-only. `content` is the canonical encoding of the whole entry as sent on the wire;
# the other columns are extracted from it once, at append, so queries need not decode it.
journal = Table(
    "journal",
    metadata,
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("entry_id", String(36), nullable=False, unique=True),
    Column("entry_hash", String(64), nullable=False, unique=True),
    Column("previous_hash", String(64), nullable=False),
    Column("reference", String(64), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("nature", String(16), nullable=False),
    Column("cash_effect", String(8), nullable=False),
    Column("recorded_at", String(27), nullable=False),
    Column("business_date", String(10), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("customer_cif", String(40)),
    Column("amount_cents", BigInteger, nullable=False),
    Column("allowance_id", String(64)),
    Column("content", LargeBinary, nullable=False),
    Index("ix_journal_customer_day", "customer_cif", "business_date", "cash_effect"),
    Index("ix_journal_allowance", "allowance_id", "customer_cif"),
)

# What the server answered about an entry (sync issue). An entry without a row is pending.
entry_results = Table(
    "entry_results",
    metadata,
    Column("sequence", Integer, ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
    Column("status", String(32), nullable=False),
    Column("code", String(64)),
    Column("message", Text),
    Column("acknowledged_at", String(27), nullable=False),
)

# Derived: the postings of this device's entries, with their effect on available balance.
postings = Table(
    "postings",
    metadata,
    Column("sequence", Integer, ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
    Column("line", Integer, primary_key=True, autoincrement=False),
    Column("account", String(64), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),  # debit positive, credit negative
    # What it does to the customer's available balance: debits always count; credits only when
    # cash really came in (a fact), never from a request the server has not decided.
    Column("available_cents", BigInteger, nullable=False),
    Index("ix_postings_account", "account", "sequence"),
)

# Derived: the device's till (or agent float) sessions.
tills = Table(
    "tills",
    metadata,
    Column("opened_sequence", Integer, ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
    Column("cash_account", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("business_date", String(10), nullable=False),
    Column("closed_sequence", Integer, ForeignKey("journal.sequence")),
)

# Derived: local supervisor overrides, one per approved entry.
approvals = Table(
    "approvals",
    metadata,
    Column("sequence", Integer, ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
    Column("items", Text, nullable=False),  # comma-separated ApprovalItem values
    Column("maker_user_id", String(64), nullable=False),
    Column("checker_user_id", String(64), nullable=False),
)

# Pulled: the signed offline allowance; `*_used_cents` are derived (drawn down by entries).
allowances = Table(
    "allowances",
    metadata,
    Column("allowance_id", String(64), primary_key=True),
    Column("cash_out_cap_cents", BigInteger, nullable=False),
    Column("cash_in_cap_cents", BigInteger, nullable=False),
    Column("per_customer_cap_cents", BigInteger, nullable=False),
    Column("issued_at", String(27), nullable=False),
    Column("expires_at", String(27), nullable=False),
    Column("cash_out_used_cents", BigInteger, nullable=False, default=0),
    Column("cash_in_used_cents", BigInteger, nullable=False, default=0),
)

# Pulled, or registered here (provisional CIF, derived from the registration entry).
customers = Table(
    "customers",
    metadata,
    Column("cif", String(40), primary_key=True),
    Column("national_id", String(16), nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("phone", String(16), nullable=False),
    Column("kyc_tier", Integer, nullable=False),
    Column("registered_sequence", Integer, ForeignKey("journal.sequence")),  # set when provisional
    Index("ix_customers_phone", "phone"),
)

# Pulled: accounts with the balance the server last reported, which already includes this
# device's entries up to `pulled_through_sequence`.
accounts = Table(
    "accounts",
    metadata,
    Column("account", String(64), primary_key=True),
    Column("cif", String(40), ForeignKey("customers.cif")),
    Column("label", Text, nullable=False),
    Column("pulled_balance_cents", BigInteger, nullable=False, default=0),
    Column("pulled_through_sequence", Integer, nullable=False, default=0),
    Index("ix_accounts_cif", "cif"),
)

# Pulled: users who may log in on this device, with their password hashes for offline login.
users = Table(
    "users",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Integer, nullable=False, default=1),
)

# Local only, not money: failed logins, for lockout.
login_failures = Table(
    "login_failures",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("consecutive_failures", Integer, nullable=False),
    Column("last_failure_at_s", BigInteger, nullable=False),
)

# Derived: entries waiting to be sent, oldest first; the sync client records its attempts here.
outbox = Table(
    "outbox",
    metadata,
    Column("sequence", Integer, ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
)

# Local: how often each receipt was printed, so a reprint says COPY and its count.
receipt_prints = Table(
    "receipt_prints",
    metadata,
    Column("sequence", Integer, ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
    Column("copies_printed", Integer, nullable=False),
)

# Pulled or local settings: the limit table in force, the sync cursor, the last server time.
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", LargeBinary, nullable=False),
)

# Local: documents captured at the counter for KYC (an ID card's photo), kept on this device in the
# transaction of the entry that needed them (a registration, a KYC upgrade request). Not in the
# journal and not sent to head office: the entry names the photo's SHA-256 in its note.
customer_documents = Table(
    "customer_documents",
    metadata,
    Column("document_id", Integer, primary_key=True, autoincrement=True),
    Column("cif", String(40), ForeignKey("customers.cif"), nullable=False),
    Column("kind", String(32), nullable=False),  # desktop_app.services.customers.DocumentKind
    Column("sha256", String(64), nullable=False),
    Column("media_type", String(32), nullable=False),  # image/jpeg or image/png
    Column("content", LargeBinary, nullable=False),
    Column("captured_at", String(27), nullable=False),
    Column("captured_sequence", Integer, ForeignKey("journal.sequence"), nullable=False),
    Index("ix_customer_documents_cif", "cif", "kind"),
)

# Pulled: the loans of the customers this device serves, as head office holds them: the terms, the
# status, the credit decision with its scorecard (canonical JSON), and every repayment head office
# booked (canonical JSON list of {paid_on, amount_cents}), which count this device's entries up to
# `pulled_through_sequence`. Where a loan stands is replayed from these (shared_core.loan_position).
loans = Table(
    "loans",
    metadata,
    Column("loan_id", String(32), primary_key=True),
    Column("loan_account", String(64), nullable=False, unique=True),
    Column("reference", String(64), nullable=False),  # the application's receipt reference
    Column("cif", String(40), ForeignKey("customers.cif"), nullable=False),
    Column("product_code", String(40), nullable=False),
    Column("principal_cents", BigInteger, nullable=False),
    Column("annual_rate", String(16), nullable=False),
    Column("method", String(16), nullable=False),
    Column("frequency", String(16), nullable=False),
    Column("installments", Integer, nullable=False),
    Column("applied_on", String(10), nullable=False),
    Column("first_due_date", String(10), nullable=False),
    Column("status", String(24), nullable=False),
    Column("closed_on", String(10)),
    Column("decision", LargeBinary, nullable=False),
    Column("repayments", LargeBinary, nullable=False),
    Column("pulled_through_sequence", Integer, nullable=False),
    Index("ix_loans_cif", "cif"),
)

# Pulled: head office's answer to each payroll run this device submitted that a checker approved:
# who approved it and which lines were refused, and why (shared_core.payroll_run.PayrollRunAnswer,
# canonical JSON). The run's lines are in its journal entry; every line not refused was paid.
payroll_answers = Table(
    "payroll_answers",
    metadata,
    Column("sequence", Integer, ForeignKey("journal.sequence"), primary_key=True, autoincrement=False),
    Column("answer", LargeBinary, nullable=False),
    Column("received_at", String(27), nullable=False),
)
