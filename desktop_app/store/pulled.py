"""Writing what the server says: users, customers, accounts, loans, the allowance, the limit table
and the product policies.

The sync pull (and, until enrolment exists, a device's set-up) calls these inside one
transaction; nothing here is a journal entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, delete
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.store import schema
from desktop_app.store.database import put_setting
from shared_core import canonical
from shared_core.accounts import loan_account
from shared_core.canonical import require_fields, require_int, require_text
from shared_core.credit_decision import decision_from_wire, decision_to_wire
from shared_core.credit_policy import parse_credit_policy
from shared_core.errors import InvalidInput
from shared_core.insurance_tariff import parse_insurance_tariff
from shared_core.limits import limit_table_to_mapping, parse_limit_table
from shared_core.loan_origination import LoanStage
from shared_core.loan_schedule import loan_terms_from_wire, loan_terms_to_wire
from shared_core.loan_terms import parse_loan_policy
from shared_core.statements import require_date

LIMIT_TABLE_KEY = "limit_table"
PRODUCT_POLICIES_KEY = "product_policies"


def _upsert(connection: Connection, table, key: str, values: Mapping[str, object]) -> None:
    statement = sqlite_insert(table).values(**values)
    updates = {name: statement.excluded[name] for name in values if name != key}
    connection.execute(statement.on_conflict_do_update(index_elements=[key], set_=updates))


def put_device(connection: Connection, **values: object) -> None:
    _upsert(connection, schema.device, "id", {"id": 1, **values})


def put_user(connection: Connection, *, user_id: str, display_name: str, role: str, password_hash: str,
             active: bool = True) -> None:
    _upsert(connection, schema.users, "user_id", {
        "user_id": user_id, "display_name": display_name, "role": role,
        "password_hash": password_hash, "active": int(active),
    })


def put_customer(connection: Connection, *, cif: str, national_id: str, full_name: str, phone: str,
                 kyc_tier: int) -> None:
    _upsert(connection, schema.customers, "cif", {
        "cif": cif, "national_id": national_id, "full_name": full_name, "phone": phone, "kyc_tier": kyc_tier,
    })


def put_account(connection: Connection, *, account: str, cif: str | None, label: str, balance_cents: int,
                through_sequence: int = 0) -> None:
    """An account and its balance as the server reports it, including this device's entries up
    to `through_sequence` (so those are not counted twice)."""
    _upsert(connection, schema.accounts, "account", {
        "account": account, "cif": cif, "label": label,
        "pulled_balance_cents": balance_cents, "pulled_through_sequence": through_sequence,
    })


def put_allowance(connection: Connection, *, allowance_id: str, cash_out_cap_cents: int, cash_in_cap_cents: int,
                  per_customer_cap_cents: int, issued_at: str, expires_at: str) -> None:
    connection.execute(schema.allowances.insert(), {
        "allowance_id": allowance_id, "cash_out_cap_cents": cash_out_cap_cents,
        "cash_in_cap_cents": cash_in_cap_cents, "per_customer_cap_cents": per_customer_cap_cents,
        "issued_at": issued_at, "expires_at": expires_at, "cash_out_used_cents": 0, "cash_in_used_cents": 0,
    })


def put_limit_table(connection: Connection, mapping: Mapping[str, object]) -> None:
    """Store a limit table after checking it parses: a bad table never reaches the counter."""
    put_setting(connection, LIMIT_TABLE_KEY, limit_table_to_mapping(parse_limit_table(mapping)))


LOAN_FIELDS = (
    "loan_id", "loan_account", "reference", "cif", "product_code", "principal_cents", "annual_rate", "method", "frequency",
    "installments", "applied_on", "first_due_date", "status", "closed_on", "decision", "repayments",
    "through_sequence",
)
_REPAYMENT_FIELDS = ("paid_on", "amount_cents")
_STAGES = frozenset(stage.value for stage in LoanStage)


def put_loans(connection: Connection, loans: list[Mapping[str, object]], *, complete: bool) -> int:
    """Store the loans head office sent, each checked first (InvalidInput names what is wrong): a loan
    whose customer is not on this device is skipped. A complete snapshot also drops the loans it no
    longer lists."""
    known = set(connection.execute(schema.customers.select().with_only_columns(schema.customers.c.cif)).scalars())
    rows = [_loan_row(loan, index) for index, loan in enumerate(loans)]
    kept = [row for row in rows if row["cif"] in known]
    if complete:
        connection.execute(delete(schema.loans).where(schema.loans.c.loan_id.not_in([row["loan_id"] for row in kept])))
    for row in kept:
        _upsert(connection, schema.loans, "loan_id", row)
    return len(kept)


def _loan_row(loan: object, index: int) -> dict[str, object]:
    path = f"loans[{index}]"
    fields = require_fields(loan, LOAN_FIELDS, path)
    terms = loan_terms_from_wire(fields, path)
    loan_id = require_text(fields["loan_id"], f"{path}.loan_id", length_max=32)
    if fields["loan_account"] != loan_account(loan_id):
        raise InvalidInput(f"{path}.loan_account: not the account of loan {loan_id}", field=f"{path}.loan_account")
    status = fields["status"]
    if status not in _STAGES:
        raise InvalidInput(f"{path}.status: {status!r} is not a loan status this app knows", field=f"{path}.status")
    closed_on = fields["closed_on"]
    repayments = fields["repayments"]
    if not isinstance(repayments, list):
        raise InvalidInput(f"{path}.repayments: expected a list", field=f"{path}.repayments")
    checked = []
    for number, repayment in enumerate(repayments):
        where = f"{path}.repayments[{number}]"
        item = require_fields(repayment, _REPAYMENT_FIELDS, where)
        checked.append({
            "paid_on": require_date(item["paid_on"], f"{where}.paid_on"),
            "amount_cents": require_int(item["amount_cents"], f"{where}.amount_cents", minimum=1),
        })
    return {
        "loan_id": loan_id,
        "loan_account": loan_account(loan_id),
        "reference": require_text(fields["reference"], f"{path}.reference", length_max=64),
        "cif": require_text(fields["cif"], f"{path}.cif", length_max=40),
        "product_code": require_text(fields["product_code"], f"{path}.product_code", length_max=40),
        **loan_terms_to_wire(terms),
        "applied_on": require_date(fields["applied_on"], f"{path}.applied_on"),
        "status": status,
        "closed_on": None if closed_on is None else require_date(closed_on, f"{path}.closed_on"),
        "decision": canonical.encode(decision_to_wire(decision_from_wire(fields["decision"], f"{path}.decision"))),
        "repayments": canonical.encode(checked),
        "pulled_through_sequence": require_int(fields["through_sequence"], f"{path}.through_sequence", minimum=0),
    }


def put_product_policies(connection: Connection, documents: object) -> None:
    """Store the loan and credit policies and the insurance tariff head office sells by, after
    checking each parses."""
    policies = require_fields(documents, ("loans", "credit", "insurance"), "product_policies")
    parse_loan_policy(policies["loans"])
    parse_credit_policy(policies["credit"])
    parse_insurance_tariff(policies["insurance"])
    put_setting(connection, PRODUCT_POLICIES_KEY, dict(policies))
