"""GET /v1/openapi.json: the API described as OpenAPI 3.1, served by the server it describes.

Written by hand, next to the resources; a test holds the wire fields named here to the field
lists in shared_core, so the document cannot drift from what the code sends and accepts.
"""

from __future__ import annotations

from typing import Any

import falcon

from shared_core import __version__
from shared_core.batch import batch_bytes_max, batch_entries_max
from shared_core.exception_resolution import CorrectionKind, ExceptionStatus
from shared_core.exception_steps import EventAction, StepAction, note_length_max
from shared_core.holds import HoldStatus, hold_request_bytes_max
from shared_core.loan_origination import LoanStage
from shared_core.loan_terms import InterestMethod, RepaymentFrequency
from shared_core.portfolio_report import history_months_max
from shared_core.receipt_text import receipt_text_chars_max
from shared_core.signing import SigningContext
from shared_core.statements import (
    statement_lines_max,
    statement_period_days_max,
    statement_request_bytes_max,
)
from sync_server.api.approvals import decision_body_bytes_max
from sync_server.api.devices import enrolment_body_bytes_max
from sync_server.api.devices_admin import admin_body_bytes_max
from sync_server.api.exceptions import location_code_length_max, step_body_bytes_max
from sync_server.api.receipts import receipt_verify_body_bytes_max
from sync_server.api.reconciliation import branch_code_length_max
from sync_server.api.sessions import login_body_bytes_max
from sync_server.services.device_registry import clock_skew_s_tolerated, devices_rows_max
from sync_server.services.exception_work import exceptions_listed_max
from sync_server.services.portfolio import months_default, smes_max

_HEX64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_TIMESTAMP = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"}
_DEVICE_CODE = {"type": "string", "pattern": "^[0-9A-HJKMNP-TV-Z]{4}$"}
_INT = {"type": "integer"}
_TEXT = {"type": "string"}


def _object(properties: dict[str, Any], *, required: list[str] | None = None, closed: bool = True) -> dict:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    meaning = {
        400: "The request cannot be understood (code: invalid_input or a more precise one)",
        401: "Not authenticated (nothing else is said): unauthenticated, bad_signature, token_invalid, "
        "token_expired, authentication_failed",
        403: "Not allowed: enrolment_code_invalid, device_unknown, device_revoked, device_frozen, "
        "role_not_allowed, permission_denied, maker_is_checker",
        404: "No such path, or not_found",
        409: "fork_detected: different entries for sequences already accepted (the device is frozen); "
        "already_decided, not_awaiting_approval; exception_already_resolved, resolution_pending, "
        "no_resolution_pending, step_id_reused",
        413: "payload_too_large: the body is over this path's limit",
        415: "unsupported_media_type: the body is not application/json",
        422: "Refused by the rules or broken: e.g. chain_broken, sequence_gap, bad_signature, "
        "correction_not_allowed, correction_above_exception, assignee_not_permitted",
        426: "upgrade_needed: the app's protocol is too old; its entries wait for the new app",
        429: "locked_out: too many wrong passwords in a row; try again when the lockout ends",
        500: "internal_error: the server failed; try again",
        503: "unavailable or no_limit_table: try again later (Retry-After may say when)",
    }
    return {str(status): _json(_ref("Error"), meaning[status]) for status in statuses}


BATCH_HEADER = _object(
    {
        "protocol_version": _INT,
        "app_version": {"type": "string", "maxLength": 32},
        "device_code": _DEVICE_CODE,
        "first_sequence": _INT,
        "last_sequence": _INT,
        "entry_count": {"type": "integer", "minimum": 1, "maximum": batch_entries_max},
        "first_previous_hash": _HEX64,
        "last_entry_hash": _HEX64,
    }
)
JOURNAL_ENTRY = _object(
    {
        "entry_id": {"type": "string", "format": "uuid"},
        "device_code": _DEVICE_CODE,
        "sequence": {"type": "integer", "minimum": 1},
        "previous_hash": _HEX64,
        "recorded_at": _TIMESTAMP,
        "utc_offset_minutes": _INT,
        "user_id": _TEXT,
        "kind": _TEXT,
        "channel": {"type": "string", "enum": ["branch", "agent", "head_office"]},
        "reference": _TEXT,
        "limit_table_version": {"type": "integer", "minimum": 1},
        "body": {"type": "object", "description": "The operation (amounts in integer cents) and its details"},
        "approved_by": {"type": ["string", "null"]},
        "entry_hash": _HEX64,
    }
)
ENTRY_RESULT = _object(
    {
        "entry_id": _TEXT,
        "sequence": _INT,
        "status": {
            "type": "string",
            "enum": [
                "booked",
                "booked_with_exception",
                "rejected",
                "duplicate",
                "exists_with_different_content",
                "awaiting_approval",
            ],
        },
        "code": {"type": ["string", "null"]},
        "message": _TEXT,
        "exception_id": {"type": ["string", "null"]},
    }
)
ACKNOWLEDGEMENT = _object(
    {
        "device_code": _DEVICE_CODE,
        "batch_first_sequence": _INT,
        "batch_last_sequence": _INT,
        "accepted_head_sequence": _INT,
        "accepted_head_hash": _HEX64,
        "server_time": _TIMESTAMP,
        "results": {"type": "array", "items": _ref("EntryResult")},
    }
)
ENROLMENT_REQUEST = _object(
    {
        "enrolment_code": {"type": "string", "examples": ["7KQ2-M4T8-X9P3"]},
        "public_key": {**_HEX64, "description": "The device's Ed25519 public key, raw, in hex"},
        "app_version": {"type": "string", "maxLength": 32},
    },
    closed=False,
)
ENROLMENT = _object(
    {
        "device_code": _DEVICE_CODE,
        "channel": {"type": "string", "enum": ["branch", "agent"]},
        "location_code": _TEXT,
        "location_name": _TEXT,
        "bank_name": _TEXT,
        "cash_account": {"type": "string", "examples": ["till:BR-0001", "float:AG-0042"]},
        "vault_account": {"type": ["string", "null"], "description": "null at an agent"},
        "server_public_key": {**_HEX64, "description": "Pin it: every acknowledgement is signed with it"},
    }
)
_NULLABLE_TEXT = {"type": ["string", "null"]}

# The answer to a payroll run (shared_core.payroll_run.PayrollRunAnswer): only the refused lines.
PAYROLL_RUN_ANSWER = _object(
    {
        "run_id": _TEXT, "fingerprint": _HEX64,
        "checker": {**_TEXT, "description": "Who approved the run: never its maker"},
        "checker_name": _TEXT, "booked_count": _INT, "booked_total_cents": _INT,
        "refused": {"type": "array", "description": "[row, code, reason] of each refused line",
                    "items": {"type": "array", "prefixItems": [_INT, _TEXT, _TEXT], "minItems": 3, "maxItems": 3}},
    }
)
CHANGES = _object(
    {
        "cursor": {"type": "integer", "minimum": 0, "description": "Send it as `since` next time"},
        "server_time": _TIMESTAMP,
        "device_code": _DEVICE_CODE,
        "accepted_head_sequence": _INT,
        "complete": {"type": "boolean", "description": "false when a snapshot was cut at its bound"},
        "users": {"type": "array", "items": _object({
            "user_id": _TEXT, "display_name": _TEXT, "role": _TEXT, "password_hash": _TEXT,
            "active": {"type": "boolean"},
        })},
        "customers": {"type": "array", "items": _object({
            "cif": _TEXT, "national_id": _TEXT, "full_name": _TEXT, "phone": _TEXT,
            "kyc_tier": {"type": "integer", "minimum": 1, "maximum": 3},
        })},
        "accounts": {"type": "array", "items": _object({
            "account": _TEXT, "cif": _NULLABLE_TEXT, "label": _TEXT,
            "balance_cents": {**_INT, "description": "Customer's view: a wallet holding KES 5 reads 500"},
            "through_sequence": {**_INT, "description": "This device's entries to here are in the balance"},
        })},
        "loans": {"type": "array", "items": _object({
            "loan_id": _TEXT, "loan_account": _TEXT, "reference": {**_TEXT, "description": "The application's receipt reference"},
            "cif": _TEXT, "product_code": _TEXT,
            "principal_cents": {"type": "integer", "minimum": 1},
            "annual_rate": {"type": "string", "examples": ["0.18"]},
            "method": {"type": "string", "enum": [method.value for method in InterestMethod]},
            "frequency": {"type": "string", "enum": [frequency.value for frequency in RepaymentFrequency]},
            "installments": {"type": "integer", "minimum": 1},
            "applied_on": {"type": "string", "format": "date"},
            "first_due_date": {"type": "string", "format": "date"},
            "status": {"type": "string", "enum": [stage.value for stage in LoanStage]},
            "closed_on": {"type": ["string", "null"], "format": "date"},
            "decision": {"type": "object", "description": "The credit decision with every factor "
                         "(shared_core.credit_decision's wire form)"},
            "repayments": {"type": "array", "description": "Booked against the loan, in booking order",
                           "items": _object({"paid_on": {"type": "string", "format": "date"},
                                             "amount_cents": {"type": "integer", "minimum": 1}})},
            "through_sequence": {**_INT, "description": "This device's repayments to here are among them"},
        })},
        "limit_table": {"type": "object", "description": "The limit table in force, as shared_core maps it"},
        "product_policies": _object({
            "loans": {"type": "object", "description": "Loan products (shared_core.loan_terms)"},
            "credit": {"type": "object", "description": "The credit scoring policy (shared_core.credit_policy)"},
            "insurance": {"type": "object", "description": "The insurance tariff (shared_core.insurance_tariff)"},
        }),
        "allowance": _object({
            "allowance": _object({
                "allowance_id": _TEXT, "device_code": _DEVICE_CODE, "cash_out_cap_cents": _INT,
                "cash_in_cap_cents": _INT, "per_customer_cap_cents": _INT, "issued_at": _TIMESTAMP,
                "expires_at": _TIMESTAMP,
            }),
            "signature": {"type": "string", "pattern": "^[0-9a-f]{128}$"},
        }),
        "entry_results": {"type": "array", "items": _object({
            "sequence": _INT, "entry_id": _NULLABLE_TEXT, "status": ENTRY_RESULT["properties"]["status"],
            "code": _NULLABLE_TEXT, "message": _TEXT, "exception_id": {"type": ["integer", "null"]},
            "payroll_run": {**PAYROLL_RUN_ANSWER, "description": "Only for a payroll run a checker approved: "
                            "the lines head office refused, and why; every other line of the run was paid"},
        }, required=["sequence", "entry_id", "status", "code", "message", "exception_id"])},
        "more_results": {"type": "boolean", "description": "more answers wait: pull again with the cursor"},
    }
)
HOLD_REQUEST = _object(
    {
        "entry_id": {"type": "string", "format": "uuid", "description": "The id of the entry to pay it"},
        "device_code": _DEVICE_CODE,
        "user_id": {**_TEXT, "description": "The teller or agent paying"},
        "approved_by": {**_NULLABLE_TEXT, "description": "The supervisor whose override came with it"},
        "customer_cif": _TEXT,
        "account": {"type": "string", "examples": ["wallet:C0001234"]},
        "cash_account": {"type": "string", "examples": ["till:BR-K7Q2", "float:AG-X9P3"]},
        "amount_cents": {"type": "integer", "minimum": 1},
        "fee_cents": {"type": "integer", "minimum": 0},
        "business_date": {"type": "string", "format": "date", "description": "The till's business date"},
    }
)
HOLD_ANSWER = _object(
    {
        "entry_id": {"type": "string", "format": "uuid"},
        "device_code": _DEVICE_CODE,
        "request_sha256": {**_HEX64, "description": "SHA-256 of the request body answered"},
        "status": {"type": "string", "enum": [status.value for status in HoldStatus]},
        "code": {**_NULLABLE_TEXT, "description": "null when approved, else e.g. limit_per_day, "
                 "insufficient_funds, approval_large_withdrawal, not_found, hold_expired"},
        "message": _TEXT,
        "held_cents": {**_INT, "description": "The debit held (amount and fee); 0 unless approved"},
        "available_after_cents": {"type": ["integer", "null"],
                                  "description": "Available balance at head office, after this hold"},
        "expires_at": {"type": ["string", "null"], "description": "When an approved hold stops counting"},
        "limit_table_version": _INT,
        "server_time": _TIMESTAMP,
    }
)
_DATE = {"type": "string", "format": "date"}
STATEMENT_REQUEST = _object(
    {
        "device_code": _DEVICE_CODE,
        "user_id": {**_TEXT, "description": "The teller or supervisor asking; must print statements"},
        "account": {"type": "string", "examples": ["wallet:C0001234", "savings:C0001234"],
                    "description": "A customer's deposit account (wallet or savings)"},
        "from_date": {**_DATE, "description": "First business date, inclusive"},
        "to_date": {**_DATE, "description": f"Last business date, inclusive; at most "
                    f"{statement_period_days_max} days from from_date, counting both"},
    }
)
STATEMENT_LINE = _object(
    {
        "business_date": _DATE,
        "recorded_at": {**_TIMESTAMP, "description": "When it happened at the counter (the device's clock)"},
        "reference": {**_TEXT, "examples": ["BR-K7Q2-000042-M"]},
        "description": {**_TEXT, "examples": ["Cash deposit", "Transfer to wallet:C0005678"]},
        "debit_cents": {"type": ["integer", "null"], "minimum": 1, "description": "Lowers the balance"},
        "credit_cents": {"type": ["integer", "null"], "minimum": 1, "description": "Raises the balance"},
        "balance_after_cents": _INT,
    }
)
STATEMENT_ANSWER = _object(
    {
        "device_code": _DEVICE_CODE,
        "request_sha256": {**_HEX64, "description": "SHA-256 of the request body answered"},
        "account": _TEXT,
        "account_label": {**_TEXT, "examples": ["Wallet"]},
        "holder_name": _TEXT,
        "masked_national_id": {**_TEXT, "examples": ["*****789"]},
        "from_date": _DATE,
        "to_date": _DATE,
        "opening_balance_cents": {**_INT, "description": "Booked postings dated before from_date, as the "
                                  "customer reads them (a wallet holding KES 5 reads 500)"},
        "lines": {"type": "array", "items": _ref("StatementLine"), "maxItems": statement_lines_max},
        "closing_balance_cents": {**_INT, "description": "opening + credits - debits; with to_date today, "
                                  "the balance at head office (holds not taken off)"},
        "total_credits_cents": _INT,
        "total_debits_cents": _INT,
        "generated_at": _TIMESTAMP,
    }
)
LOGIN_REQUEST = _object({"user_id": _TEXT, "password": {"type": "string", "writeOnly": True}})
SESSION = _object(
    {
        "token": {"type": "string", "description": "Send as 'Authorization: Bearer <token>'"},
        "expires_at": _TIMESTAMP,
        "user": _object({
            "user_id": _TEXT, "display_name": _TEXT,
            "role": {"type": "string", "enum": ["supervisor", "head_office", "director"]},
            "location_code": {**_NULLABLE_TEXT, "description": "null for head office"},
        }),
    }
)
APPROVAL_QUEUE = _object(
    {
        "items": {"type": "array", "items": _object({
            "device_code": _DEVICE_CODE, "sequence": _INT, "reference": _TEXT, "kind": _TEXT,
            "channel": _TEXT, "location_code": _TEXT, "customer_cif": _NULLABLE_TEXT,
            "customer_name": _NULLABLE_TEXT, "amount_cents": _INT,
            "maker": {**_TEXT, "description": "Who made the entry: never its checker"},
            "override_by": {**_NULLABLE_TEXT, "description": "A local override head office did not accept"},
            "reverses_reference": {**_NULLABLE_TEXT, "description": "For a reversal: the entry it undoes"},
            "approval_code": {**_TEXT, "description": "What it waits for, e.g. approval_reversal"},
            "approval_reason": _TEXT, "recorded_at": _TIMESTAMP, "received_at": _TIMESTAMP,
            "business_date": _TEXT,
            "payroll_run": {**_object({"run_id": _TEXT, "pay_date": _TEXT, "line_count": _INT, "fingerprint": _HEX64}),
                            "description": "Only for a payroll run: what the checker approves"},
        }, required=[
            "device_code", "sequence", "reference", "kind", "channel", "location_code", "customer_cif",
            "customer_name", "amount_cents", "maker", "override_by", "reverses_reference", "approval_code",
            "approval_reason", "recorded_at", "received_at", "business_date",
        ])},
        "complete": {"type": "boolean", "description": "false when more items wait than one answer shows"},
    }
)
DECISION_REQUEST = _object(
    {
        "decision": {"type": "string", "enum": ["approved", "rejected"]},
        "reason": {"type": ["string", "null"], "maxLength": 300, "description": "Required to reject"},
    },
    required=["decision"],
)
# Exceptions worked (issue 7): shapes of shared_core.exception_cases and exception_steps.
_CORRECTION = _object(
    {
        "kind": {"type": "string", "enum": [kind.value for kind in CorrectionKind]},
        "amount_cents": {"type": "integer", "minimum": 0,
                         "description": "Above zero for write_off and refund_to_wallet; 0 for the others"},
    }
)
_NULLABLE_CORRECTION = {"oneOf": [_CORRECTION, {"type": "null"}]}
EXCEPTION_SUMMARY = _object(
    {
        "exception_id": {"type": "integer", "minimum": 1},
        "label": {**_TEXT, "description": "EX-<exception_id>"},
        "code": {**_TEXT, "description": "Why the fact was booked into an exception, e.g. offline_overdraft"},
        "status": {"type": "string", "enum": [status.value for status in ExceptionStatus]},
        "location_code": _TEXT,
        "account": _NULLABLE_TEXT,
        "amount_cents": _INT,
        "note": _NULLABLE_TEXT,
        "created_at": _TIMESTAMP,
        "assigned_to": _NULLABLE_TEXT,
        "resolved_at": {"type": ["string", "null"]},
        "proposal_pending": {"type": "boolean", "description": "A proposed correction waits for a checker"},
        "entry": _object(
            {
                "device_code": _DEVICE_CODE, "sequence": _INT, "reference": _TEXT, "kind": _TEXT,
                "amount_cents": _INT, "customer_cif": _NULLABLE_TEXT, "customer_name": _NULLABLE_TEXT,
                "business_date": _TEXT, "recorded_at": _TIMESTAMP,
                "user_id": {**_TEXT, "description": "Who made the entry at the counter"},
            }
        ),
    }
)
EXCEPTION_EVENT = _object(
    {
        "event_id": _INT,
        "step_id": _TEXT,
        "action": {"type": "string", "enum": [action.value for action in EventAction]},
        "user_id": _TEXT,
        "at": _TIMESTAMP,
        "note": _TEXT,
        "assignee": _NULLABLE_TEXT,
        "correction": _NULLABLE_CORRECTION,
    }
)
CORRECTING_ENTRY = _object(
    {
        "reference": {**_TEXT, "description": "Head office's own: HO-0000-<n>-<check>, in no device's chain"},
        "kind": {"type": "string", "enum": ["exception_correction"]},
        "business_date": _TEXT,
        "amount_cents": _INT,
        "maker": {**_TEXT, "description": "Who proposed it"},
        "checker": {**_TEXT, "description": "Who approved it: never the maker"},
        "booked_at": _TIMESTAMP,
        "postings": {"type": "array", "items": _object({"account": _TEXT, "amount_cents": _INT})},
    }
)
EXCEPTION_CASE = _object(
    {
        "exception": _ref("ExceptionSummary"),
        "events": {"type": "array", "items": _ref("ExceptionEvent"), "description": "Every step, oldest first"},
        "correcting_entry": {"oneOf": [_ref("CorrectingEntry"), {"type": "null"}]},
    }
)
EXCEPTION_LIST = _object(
    {
        "exceptions": {"type": "array", "items": _ref("ExceptionSummary"), "maxItems": exceptions_listed_max},
        "complete": {"type": "boolean", "description": "false when more matched than one answer shows"},
    }
)
EXCEPTION_STEP = _object(
    {
        "step_id": {"type": "string", "pattern": "^[0-9A-Za-z-]{8,36}$",
                    "description": "Minted by the client (a UUID): the same step sent again is answered, not "
                    "taken twice"},
        "action": {"type": "string", "enum": [action.value for action in StepAction]},
        "note": {"type": "string", "maxLength": note_length_max,
                 "description": "Required to comment, propose (why) and reject"},
        "assignee": {**_NULLABLE_TEXT, "description": "assign only: a user who may work this exception"},
        "correction": {**_NULLABLE_CORRECTION, "description": "propose only"},
    }
)
STEP_OUTCOME = _object(
    {
        "event": _ref("ExceptionEvent"),
        "case": _ref("ExceptionCase"),
        "replayed": {"type": "boolean", "description": "true: this step was already recorded; nothing was done"},
    }
)
DECISION = _object(
    {
        "device_code": _DEVICE_CODE, "sequence": _INT, "reference": _TEXT,
        "decision": {"type": "string", "enum": ["approved", "rejected"]},
        "checker": _TEXT, "reason": _TEXT, "decided_at": _TIMESTAMP,
        "status": {"type": "string", "enum": ["booked", "rejected"]},
        "code": _NULLABLE_TEXT, "message": _TEXT,
    }
)

RECEIPT_VERIFY_REQUEST = {
    "type": "object",
    "description": "One of the two: the QR code's text, or the receipt's printed text",
    "properties": {
        "qr": {"type": "string", "maxLength": receipt_text_chars_max,
               "examples": ["WKZ1/BR-K7Q2-000002-9/250000/K7Q2/..."]},
        "text": {"type": "string", "maxLength": receipt_text_chars_max,
                 "description": "As pdftotext -layout prints the receipt, or typed off the paper; may hold "
                 "the QR code's text on a line of its own"},
    },
    "minProperties": 1,
    "maxProperties": 1,
    "additionalProperties": False,
}
RECEIPT_VERIFICATION = _object(
    {
        "verdict": {"type": "string", "enum": ["verified", "mismatch", "not_found", "device_unknown"]},
        "reference": {**_TEXT, "examples": ["BR-K7Q2-000002-9"]},
        "device_code": _DEVICE_CODE,
        "sequence": {"type": "integer", "minimum": 1},
        "checked_fields": {"type": "array", "items": _TEXT,
                           "description": "device, sequence, reference, kind, time, amount, fee, entry_hash, "
                           "signature: those the receipt carried"},
        "mismatches": {"type": "array", "items": _object({
            "field": _TEXT, "source": {"type": "string", "enum": ["printed", "qr"]},
            "on_receipt": _TEXT, "in_journal": _TEXT,
        })},
        "sealed": {"type": "boolean",
                   "description": "verified, and the device's signature in the QR code holds"},
        "entry_status": {**_NULLABLE_TEXT, "description": "What the server decided: booked, rejected..."},
        "device_status": {**_NULLABLE_TEXT,
                          "description": "active, revoked or frozen; null for an unknown device"},
        "message": _TEXT,
    }
)
_CENTS = {"type": "integer", "description": "KES cents"}
_NULLABLE_CENTS = {"type": ["integer", "null"], "description": "KES cents"}
_NULLABLE_INT = {"type": ["integer", "null"]}
_KIND_TOTAL = _object({"kind": _TEXT, "count": _INT, "amount_cents": _CENTS})
RECONCILIATION = _object(
    {
        "business_date": _DATE,
        "location_code": {**_NULLABLE_TEXT, "description": "The branch asked for; null for every location"},
        "generated_at": _TIMESTAMP,
        "unresolved": {"type": "boolean", "description": "true: `wekeza-server reconcile` exits 1"},
        "issues": {"type": "array", "items": _object({
            "kind": {"type": "string",
                     "enum": ["open_exception", "gap", "fork", "till_not_closed", "till_disagrees"]},
            "location_code": _TEXT, "device_code": _DEVICE_CODE, "subject": _TEXT, "message": _TEXT,
        })},
        "totals": {"type": "array", "items": _KIND_TOTAL, "description": "Booked entries by operation kind"},
        "locations": {"type": "array", "items": _object({
            "code": _TEXT, "kind": {"type": "string", "enum": ["branch", "agent"]}, "name": _TEXT,
            "devices": {"type": "array", "items": _object({
                "device_code": _DEVICE_CODE, "channel": _TEXT,
                "status": {"type": "string", "enum": ["active", "revoked", "frozen"]},
                "enrolled_at": _TIMESTAMP, "last_batch_at": {"type": ["string", "null"]},
                "last_sequence": _INT,
                "batches_received": {**_INT, "description": "Batches that arrived that day (UTC)"},
                "first_sequence_of_day": _NULLABLE_INT, "last_sequence_of_day": _NULLABLE_INT,
                "entries": _INT, "booked": _INT, "booked_with_exception": _INT, "rejected": _INT,
                "awaiting_approval": _INT, "id_taken": _INT,
                "clock_skew_s": {**_NULLABLE_INT,
                                 "description": "Device clock minus server clock, seconds: recorded from "
                                 "its last signed request when that was this day, else estimated as the "
                                 "largest over the newest entry of each batch received that day (a bound)"},
                "clock_skew_source": {"type": ["string", "null"], "enum": ["recorded", "estimated", None]},
                "clock_skew_flagged": {"type": "boolean"},
                "gap": {"oneOf": [{"type": "null"}, _object({
                    "never_synced": {"type": "boolean"},
                    "since": {**_TIMESTAMP, "description": "Last batch, or enrolment if it never synced"},
                    "last_sequence": _INT,
                })]},
            })},
            "totals": {"type": "array", "items": _KIND_TOTAL},
            "tills": {"type": "array", "items": _object({
                "device_code": _DEVICE_CODE, "teller": _TEXT, "teller_name": _TEXT,
                "opened_reference": _NULLABLE_TEXT, "closed_reference": _NULLABLE_TEXT,
                "opening_float_cents": _NULLABLE_CENTS,
                "expected_cents": {**_CENTS, "description": "The till in the journal before the count"},
                "declared_cents": {**_NULLABLE_CENTS, "description": "The count declared at the close"},
                "difference_cents": {**_NULLABLE_CENTS, "description": "Declared minus expected"},
                "booked_over_short_cents": {**_CENTS,
                                            "description": "Till over (+) or short (-) entry booked"},
                "status": {"type": "string",
                           "enum": ["balanced", "over", "short", "not_closed", "disagrees"]},
            })},
            "tellers": {"type": "array", "items": _object({
                "user_id": _TEXT, "name": _TEXT, "tills": _INT, "over_cents": _CENTS, "short_cents": _CENTS,
            })},
            "cash_positions": {"type": "array", "items": _object({
                "account": {**_TEXT, "examples": ["vault:NBO-001", "float:AG-X9P3"]},
                "opening_cents": _CENTS, "movement_cents": _CENTS, "closing_cents": _CENTS,
            }), "description": "A vault's cash; an agent's e-float owed to the agent"},
        })},
        "refused": {"type": "array", "items": _object({
            "device_code": _DEVICE_CODE, "sequence": _INT, "reference": _TEXT, "kind": _TEXT,
            "amount_cents": _CENTS, "code": _NULLABLE_TEXT, "message": _TEXT,
        })},
        "refused_count": {**_INT, "description": "All of them; the list stops at 1,000"},
        "exceptions": {"type": "array", "items": _object({
            "label": {**_TEXT, "examples": ["EX-12"]}, "code": _TEXT,
            "status": {"type": "string", "enum": ["open", "resolved"]}, "device_code": _DEVICE_CODE,
            "sequence": _INT, "reference": _TEXT, "account": _NULLABLE_TEXT, "amount_cents": _CENTS,
            "note": _NULLABLE_TEXT,
        }), "description": "Raised by the day's entries, open first"},
        "exception_count": _INT,
        "exception_counts": {"type": "array",
                             "items": _object({"code": _TEXT, "open": _INT, "resolved": _INT})},
        "forks": {"type": "array", "items": _object({
            "device_code": _DEVICE_CODE, "first_sequence": _INT, "last_sequence": _INT,
            "detected_at": _TIMESTAMP, "device_frozen": {"type": "boolean"},
        })},
    }
)

_RATIO = {"type": "string", "pattern": r"^\d+\.\d{4}$", "description": "Four places, e.g. 0.0523 is 5.23%"}
_CLASSIFICATIONS = ["normal", "watch", "substandard", "doubtful", "loss"]
PORTFOLIO = _object(
    {
        "as_of": _DATE,
        "loan_book": _object({
            "active_loans": _INT, "closed_loans": _INT,
            "outstanding_cents": {**_CENTS, "description": "Principal outstanding of active loans"},
            "npl_cents": {**_CENTS, "description": "Outstanding of non-performing loans (substandard and worse)"},
            "npl_ratio": _RATIO,
            "par30_cents": {**_CENTS, "description": "Outstanding of loans more than 30 days past due"},
            "par30_ratio": _RATIO,
            "by_classification": {"type": "array", "minItems": 5, "maxItems": 5, "items": _object({
                "classification": {"type": "string", "enum": _CLASSIFICATIONS},
                "loans": _INT, "outstanding_cents": _CENTS,
            }), "description": "Every class, normal to loss, zeros included"},
            "by_product": {"type": "array", "items": _object({
                "product": _TEXT, "name": _TEXT, "active_loans": _INT, "outstanding_cents": _CENTS,
                "npl_ratio": _RATIO, "par30_ratio": _RATIO,
            }), "description": "Every product of the loan policy, zeros included"},
        }),
        "history": {"type": "array", "items": _object({
            "as_of": _DATE, "outstanding_cents": _CENTS, "npl_ratio": _RATIO, "par30_ratio": _RATIO,
        }), "description": "Oldest first: the last `months` month-ends before as_of, then as_of itself"},
        "smes": {"type": "array", "maxItems": smes_max, "items": _object({
            "cif": _TEXT, "name": _TEXT, "sector": _NULLABLE_TEXT, "annual_turnover_cents": _NULLABLE_CENTS,
            "facilities": {"type": "array", "items": _object({
                "reference": _NULLABLE_TEXT, "product": _TEXT, "principal_cents": _CENTS,
                "outstanding_cents": _CENTS,
                "status": {"type": "string", "enum": ["awaiting_approval", "active", "closed"]},
                "classification": {"type": ["string", "null"], "enum": [*_CLASSIFICATIONS, None]},
                "days_past_due": _INT,
            })},
        }), "description": "Business customers by name, with every loan applied for but declined ones"},
        "policies": {"type": "array", "items": _object({
            "product": {"type": "string", "enum": ["personal_accident", "wiba", "asset_all_risk"]},
            "sold": _INT, "in_force": {**_INT, "description": "Covered on as_of (grace days count)"},
            "lapsed": {**_INT, "description": "Cover begun, not covered on as_of"},
            "premiums_cents": {**_CENTS, "description": "Basic premiums paid by as_of, without levies"},
        }), "description": "Every product, zeros included"},
    }
)
DEVICE_LIST = _object(
    {
        "devices": {"type": "array", "maxItems": devices_rows_max, "items": _object({
            "device_code": _DEVICE_CODE, "channel": {"type": "string", "enum": ["branch", "agent"]},
            "location_code": _TEXT, "location_name": _NULLABLE_TEXT,
            "status": {"type": "string", "enum": ["active", "revoked", "frozen"]},
            "enrolled_at": _TIMESTAMP, "app_version": _NULLABLE_TEXT,
            "last_batch_at": {"type": ["string", "null"], "description": "When its last batch arrived"},
            "last_sequence": _INT,
            "last_seen_at": {"type": ["string", "null"],
                             "description": "When its last signed request (pull, hold, statement) arrived, "
                             "to the minute"},
            "clock_skew_s": {**_NULLABLE_INT,
                             "description": "Its clock minus the server's then (signed send time), seconds"},
            "clock_skew_flagged": {"type": "boolean",
                                   "description": f"Beyond {clock_skew_s_tolerated} seconds either way"},
            "frozen_reason": _NULLABLE_TEXT,
        }), "description": "By location, then device code"},
        "locations": {"type": "array", "items": _object({
            "code": _TEXT, "name": _TEXT, "channel": {"type": "string", "enum": ["branch", "agent"]},
        })},
    }
)
ENROLMENT_CODE_REQUEST = _object(
    {
        "location_code": _TEXT,
        "channel": {"type": "string", "enum": ["branch", "agent"],
                    "description": "Optional; must be the location's own (a branch's or an agent's)"},
        "valid_hours": {"type": "integer", "minimum": 1, "maximum": 720, "default": 72},
    },
    required=["location_code"],
)
ENROLMENT_CODE = _object(
    {
        "enrolment_code": {"type": "string", "pattern": "^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$",
                           "description": "Shown once: only its SHA-256 is kept"},
        "device_code": _DEVICE_CODE, "location_code": _TEXT, "expires_at": _TIMESTAMP,
    }
)
REVOCATION_REQUEST = _object({"reason": _TEXT})
REVOCATION = _object({"device_code": _DEVICE_CODE, "status": {"type": "string", "enum": ["revoked"]}})

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Wekeza sync server",
        "version": __version__,
        "description": "Devices enrol with a one-time code and upload signed batches of their journal. "
        "Bodies are JSON (RFC 8785 canonical for batches and acknowledgements); amounts are integer "
        "cents; every error is {\"error\": {\"code\", \"message\", \"details\"}} with a stable code.",
    },
    "paths": {
        "/v1/health": {
            "get": {
                "summary": "Is the server up, and does its database answer?",
                "security": [],  # public: it tells nothing of the bank's data
                "responses": {
                    "200": _json(_ref("Health"), "Up, database answering"),
                    "503": _json(_ref("Health"), "Up, database not answering"),
                },
            }
        },
        "/v1/devices": {
            "post": {
                "summary": "Enrol a device with a one-time enrolment code",
                "security": [],  # authenticated by the one-time enrolment code in the body
                "requestBody": {
                    "required": True,
                    "description": f"At most {enrolment_body_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("EnrolmentRequest")}},
                },
                "responses": {
                    "201": _json(_ref("Enrolment"), "Enrolled (or the same device asking again)"),
                    **_errors(400, 403, 413, 415, 500, 503),
                },
            },
            "get": {
                "summary": "Head office's list of devices: state, last batch, last contact, clock skew",
                "security": [{"userToken": []}],
                "description": "For head office (devices_manage). Every enrolled device, and the locations "
                "an enrolment code can be issued for. Never cached.",
                "responses": {
                    "200": _json(_ref("DeviceList"), "The devices and the locations"),
                    **_errors(401, 403, 500, 503),
                },
            },
        },
        "/v1/enrolment-codes": {
            "post": {
                "summary": "Issue a one-time code a device at a location enrols with (POST /v1/devices)",
                "security": [{"userToken": []}],
                "description": "For head office (devices_manage), as `wekeza-server enrol` does. The code's "
                "device code is minted now. An unknown location is 404; a channel other than the "
                "location's is 400.",
                "requestBody": {
                    "required": True,
                    "description": f"At most {admin_body_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("EnrolmentCodeRequest")}},
                },
                "responses": {
                    "201": _json(_ref("EnrolmentCode"), "The code, shown this once"),
                    **_errors(400, 401, 403, 404, 413, 415, 500, 503),
                },
            }
        },
        "/v1/devices/{device_code}/revocation": {
            "post": {
                "summary": "Revoke a device: its batches and signed requests are refused from now on",
                "security": [{"userToken": []}],
                "description": "For head office (devices_manage). Final; who revoked it, when and why are "
                "kept. Revoking a revoked device again changes nothing. A device never enrolled is 404.",
                "parameters": [{"name": "device_code", "in": "path", "required": True, "schema": _DEVICE_CODE}],
                "requestBody": {
                    "required": True,
                    "description": f"At most {admin_body_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("RevocationRequest")}},
                },
                "responses": {
                    "200": _json(_ref("Revocation"), "Revoked"),
                    **_errors(400, 401, 403, 404, 413, 415, 500, 503),
                },
            }
        },
        "/v1/batches": {
            "post": {
                "summary": "Upload a signed batch of journal entries; booked exactly once",
                "security": [],  # authenticated by the batch's own signature, in the body
                "description": "Authenticated by the batch's own Ed25519 signature. The same bytes "
                "again return the same acknowledgement, byte for byte, and book nothing.",
                "requestBody": {
                    "required": True,
                    "description": f"Canonical JSON, at most {batch_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("Batch")}},
                },
                "responses": {
                    "200": _json(_ref("SignedAcknowledgement"), "The server's signed answer, per entry"),
                    **_errors(400, 403, 409, 413, 415, 422, 426, 500, 503),
                },
            }
        },
        "/v1/changes": {
            "get": {
                "summary": "Pull: what this device needs from head office, since its cursor",
                "security": [{"deviceSignature": []}],
                "description": "Signed by the device: Wekeza-Device, Wekeza-Sent-At (the device's clock, "
                "within 24 hours of the server's) and Wekeza-Signature, an Ed25519 signature (context "
                "'wekeza/request/v1') over the canonical JSON of {method, path, query, body_sha256, "
                "device_code, sent_at}. Users, customers and accounts are a full snapshot of what the "
                "device serves; entry_results answer the device's batches after `since`. The allowance "
                "is signed with the server key the device pinned at enrolment.",
                "parameters": [
                    {"name": "since", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 0, "default": 0},
                     "description": "The cursor the previous pull returned (0 the first time)"},
                    *[
                        {"name": name, "in": "header", "required": True, "schema": schema}
                        for name, schema in (
                            ("Wekeza-Device", _DEVICE_CODE),
                            ("Wekeza-Sent-At", _TIMESTAMP),
                            ("Wekeza-Signature", {"type": "string", "pattern": "^[0-9a-f]{128}$"}),
                        )
                    ],
                ],
                "responses": {
                    "200": _json(_ref("Changes"), "What the device needs, read in one transaction"),
                    "401": _json(_ref("Error"), "unauthenticated or bad_signature: the request is not "
                                 "signed by the device's enrolled key (or its clock is over a day off)"),
                    **_errors(400, 403, 500, 503),
                },
            }
        },
        "/v1/holds": {
            "post": {
                "summary": "Authorize a cash withdrawal online: a hold on the customer's account",
                "security": [{"deviceSignature": []}],
                "description": "Signed by a branch or agent device as the pull is (the body's SHA-256 is "
                "signed). Judged by the limit table, the customer's day so far and the available balance "
                "(less active holds); approved, the debit is held until the entry with that id syncs, or "
                "until expires_at. The same request again gets the same answer; the same entry_id with "
                "other content is refused (422 already_exists). The answer is signed with the server key "
                "(context 'wekeza/hold/v1') over its canonical JSON.",
                "requestBody": {
                    "required": True,
                    "description": f"Canonical JSON, at most {hold_request_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("HoldRequest")}},
                },
                "responses": {
                    "200": _json(_ref("SignedHoldAnswer"), "Approved, declined or needs_approval, signed"),
                    "401": _json(_ref("Error"), "unauthenticated or bad_signature: the request is not "
                                 "signed by the device's enrolled key (or its clock is over a day off)"),
                    **_errors(400, 403, 413, 415, 422, 500, 503),
                },
            }
        },
        "/v1/statements": {
            "post": {
                "summary": "A customer's account statement for a period, from head office's books",
                "security": [{"deviceSignature": []}],
                "description": "Signed by the device as the pull is (the body's SHA-256 is signed). Every "
                "booked posting on the account, from every counter and agent, with business dates in the "
                "period, ordered by business date, time at the counter, device and sequence; the opening "
                "balance is what the booked postings before the period add up to. A statement ending "
                "today is the balance enquiry. The user must be active at head office and allowed to "
                "print statements (403 permission_denied otherwise); an account head office does not "
                "hold for a customer is 404 not_found; a period of more than "
                f"{statement_lines_max} postings is refused (422 refused). The answer is signed with "
                f"the server key (context '{SigningContext.STATEMENT.value}') over its canonical JSON.",
                "requestBody": {
                    "required": True,
                    "description": f"Canonical JSON, at most {statement_request_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("StatementRequest")}},
                },
                "responses": {
                    "200": _json(_ref("SignedStatement"), "The statement, signed"),
                    "401": _json(_ref("Error"), "unauthenticated or bad_signature: the request is not "
                                 "signed by the device's enrolled key (or its clock is over a day off)"),
                    **_errors(400, 403, 404, 413, 415, 422, 500, 503),
                },
            }
        },
        "/v1/sessions": {
            "post": {
                "summary": "Log in online (supervisors, head office, directors) for a user token",
                "security": [],  # authenticated by the password in the body
                "description": "Tellers and agents log in at their device and are refused here (403 "
                "role_not_allowed). The token (a JWT, EdDSA under the server key) lives 30 minutes; the "
                "user is read again on every request, so a deactivated user's token stops at once.",
                "requestBody": {
                    "required": True,
                    "description": f"At most {login_body_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("LoginRequest")}},
                },
                "responses": {
                    "201": _json(_ref("Session"), "Logged in: the token and who it is for"),
                    **_errors(400, 401, 403, 413, 415, 429, 500, 503),
                },
            }
        },
        "/v1/approvals": {
            "get": {
                "summary": "The approvals queue: entries awaiting a checker, oldest first",
                "security": [{"userToken": []}],
                "description": "A supervisor sees their location's items, head office every location's, a "
                "director the payroll runs of the businesses they act for.",
                "responses": {
                    "200": _json(_ref("ApprovalQueue"), "The items this user may decide"),
                    **_errors(401, 403, 500, 503),
                },
            }
        },
        "/v1/approvals/{device_code}/{sequence}": {
            "post": {
                "summary": "Decide an item of the queue (four eyes): approve, or reject with a reason",
                "security": [{"userToken": []}],
                "description": "The checker is never the entry's maker. One decision per entry; the first "
                "stands. Approved: the entry is booked (or rejected with a code if it can no longer be, "
                "e.g. insufficient_funds). A payroll run is booked line by line: booked if a line was paid, "
                "each refused line named in the device's pull. Rejected: code approval_rejected with the "
                "reason. The device hears the answer on its next pull.",
                "parameters": [
                    {"name": "device_code", "in": "path", "required": True, "schema": _DEVICE_CODE},
                    {"name": "sequence", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1}},
                ],
                "requestBody": {
                    "required": True,
                    "description": f"At most {decision_body_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("DecisionRequest")}},
                },
                "responses": {
                    "201": _json(_ref("Decision"), "Recorded, and the answer the entry got"),
                    **_errors(400, 401, 403, 404, 409, 413, 415, 500, 503),
                },
            }
        },
        "/v1/receipts/verify": {
            "post": {
                "summary": "Verify a receipt against the journal: the entry it shows, sealed by its device",
                "security": [{"userToken": []}],
                "description": "For supervisors and head office. Every field the receipt carries is "
                "compared with the entry the journal holds at the reference's device and sequence: "
                "reference, operation, local time, amount, fee, journal hash, and the device's Ed25519 "
                "signature of the QR code under the key it enrolled with. Answered 200 whatever was found; "
                "text that is not a receipt is 400.",
                "requestBody": {
                    "required": True,
                    "description": f"At most {receipt_verify_body_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("ReceiptVerifyRequest")}},
                },
                "responses": {
                    "200": _json(_ref("ReceiptVerification"), "What the journal says of the receipt"),
                    **_errors(400, 401, 403, 413, 415, 500, 503),
                },
            }
        },
        "/v1/reconciliation": {
            "get": {
                "summary": "Reconcile a business day: per location and device, what arrived and what is "
                "unresolved",
                "security": [{"userToken": []}],
                "description": "For head office. The report `wekeza-server reconcile` writes as PDF and "
                "CSV: batches received, entries and what was decided, totals by operation, devices not "
                "synced since the day began, forks, refused entries, exceptions, clock skew, tills (declared "
                "count against the journal, over and short per teller), vault and agent float positions. "
                "Read in one transaction.",
                "parameters": [
                    {"name": "date", "in": "query", "required": True, "schema": _DATE,
                     "description": "The business date; not after today"},
                    {"name": "branch", "in": "query", "required": False,
                     "schema": {"type": "string", "maxLength": branch_code_length_max},
                     "description": "One location's code (default: every location)"},
                ],
                "responses": {
                    "200": _json(_ref("Reconciliation"), "The day's report"),
                    **_errors(400, 401, 403, 404, 500, 503),
                },
            }
        },
        "/v1/portfolio": {
            "get": {
                "summary": "The books as of a business day: loan book, its history, SMEs, insurance policies",
                "security": [{"userToken": []}],
                "description": "For head office. The loan book (active and closed loans, principal "
                "outstanding, NPL ratio, PAR30, by classification and by product) rebuilt from each loan's "
                "terms and the repayments paid by the date; the same figures at month-ends before it; "
                "business customers and their facilities; policies sold, in force and lapsed by type. Read "
                "in one transaction. The same figures `wekeza-server portfolio` writes as PDF and CSV.",
                "parameters": [
                    {"name": "date", "in": "query", "required": False, "schema": _DATE,
                     "description": "The business date; not after today (default: today, UTC)"},
                    {"name": "months", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 0, "maximum": history_months_max,
                                "default": months_default},
                     "description": "Month-ends of history before the date"},
                ],
                "responses": {
                    "200": _json(_ref("Portfolio"), "The portfolio"),
                    **_errors(400, 401, 403, 500, 503),
                },
            }
        },
        "/v1/exceptions": {
            "get": {
                "summary": "Exceptions to work: facts booked against a rule, newest first",
                "security": [{"userToken": []}],
                "description": "Head office sees every location's; a supervisor their own location's only.",
                "parameters": [
                    {"name": "status", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": [status.value for status in ExceptionStatus]}},
                    {"name": "location", "in": "query", "required": False,
                     "schema": {"type": "string", "maxLength": location_code_length_max},
                     "description": "Where the device that raised it is"},
                    {"name": "date", "in": "query", "required": False, "schema": _DATE,
                     "description": "The business date of the entry that raised it"},
                ],
                "responses": {
                    "200": _json(_ref("ExceptionList"), "The exceptions this user may work"),
                    **_errors(400, 401, 403, 500, 503),
                },
            }
        },
        "/v1/exceptions/{exception_id}": {
            "get": {
                "summary": "One exception: its entry, every step taken on it, the entry that corrected it",
                "security": [{"userToken": []}],
                "parameters": [
                    {"name": "exception_id", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {
                    "200": _json(_ref("ExceptionCase"), "The exception"),
                    **_errors(401, 403, 404, 500, 503),
                },
            }
        },
        "/v1/exceptions/{exception_id}/steps": {
            "post": {
                "summary": "Take a step on an exception: assign, comment, propose a correction, approve or "
                "reject it",
                "security": [{"userToken": []}],
                "description": "Every step is recorded, append-only. One proposal waits at a time; its "
                "checker is never its proposer (maker_is_checker). Approving books the correction (if it "
                "books anything: a write-off, a refund) in head office's own journal and resolves the "
                "exception, in one transaction; approving again is exception_already_resolved and books "
                "nothing. A correction is never above the exception (correction_above_exception) and only "
                "of a kind its code allows (correction_not_allowed). Answered 201, or 200 with the step "
                "first recorded when its step_id was already taken by the same step.",
                "parameters": [
                    {"name": "exception_id", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1}},
                ],
                "requestBody": {
                    "required": True,
                    "description": f"At most {step_body_bytes_max} bytes",
                    "content": {"application/json": {"schema": _ref("ExceptionStep")}},
                },
                "responses": {
                    "201": _json(_ref("StepOutcome"), "Recorded: the event and the exception after it"),
                    "200": _json(_ref("StepOutcome"), "Already recorded (a retry): nothing done now"),
                    **_errors(400, 401, 403, 404, 409, 413, 415, 422, 500, 503),
                },
            }
        },
        "/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [],  # public: the API's shape, no data
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
            }
        },
    },
    "components": {
        "securitySchemes": {
            "userToken": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "A token from POST /v1/sessions (supervisors, head office, directors)",
            },
            "deviceSignature": {
                "type": "apiKey",
                "in": "header",
                "name": "Wekeza-Signature",
                "description": "With Wekeza-Device and Wekeza-Sent-At: an Ed25519 signature by the device's "
                "enrolled key (context 'wekeza/request/v1') over the canonical JSON of {method, path, "
                "query, body_sha256, device_code, sent_at}",
            },
        },
        "schemas": {
            "Error": _object(
                {
                    "error": _object(
                        {
                            "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                            "message": _TEXT,
                            "details": {"type": "object"},
                        },
                        required=["code", "message"],
                    )
                }
            ),
            "Health": _object(
                {
                    "status": {"type": "string", "enum": ["ok", "degraded"]},
                    "database": {"type": "string", "enum": ["ok", "unreachable"]},
                    "server_version": _TEXT,
                }
            ),
            "EnrolmentRequest": ENROLMENT_REQUEST,
            "Enrolment": ENROLMENT,
            "BatchHeader": BATCH_HEADER,
            "JournalEntry": JOURNAL_ENTRY,
            "Batch": _object(
                {
                    "header": _ref("BatchHeader"),
                    "entries": {
                        "type": "array",
                        "items": _ref("JournalEntry"),
                        "minItems": 1,
                        "maxItems": batch_entries_max,
                    },
                    "signature": {"type": "string", "pattern": "^[0-9a-f]{128}$"},
                }
            ),
            "EntryResult": ENTRY_RESULT,
            "Changes": CHANGES,
            "HoldRequest": HOLD_REQUEST,
            "HoldAnswer": HOLD_ANSWER,
            "SignedHoldAnswer": _object(
                {"answer": _ref("HoldAnswer"), "signature": {"type": "string", "pattern": "^[0-9a-f]{128}$"}}
            ),
            "StatementRequest": STATEMENT_REQUEST,
            "StatementLine": STATEMENT_LINE,
            "StatementAnswer": STATEMENT_ANSWER,
            "SignedStatement": _object(
                {"answer": _ref("StatementAnswer"),
                 "signature": {"type": "string", "pattern": "^[0-9a-f]{128}$"}}
            ),
            "LoginRequest": LOGIN_REQUEST,
            "Session": SESSION,
            "ApprovalQueue": APPROVAL_QUEUE,
            "DecisionRequest": DECISION_REQUEST,
            "Decision": DECISION,
            "ReceiptVerifyRequest": RECEIPT_VERIFY_REQUEST,
            "ReceiptVerification": RECEIPT_VERIFICATION,
            "Reconciliation": RECONCILIATION,
            "Portfolio": PORTFOLIO,
            "DeviceList": DEVICE_LIST,
            "EnrolmentCodeRequest": ENROLMENT_CODE_REQUEST,
            "EnrolmentCode": ENROLMENT_CODE,
            "RevocationRequest": REVOCATION_REQUEST,
            "Revocation": REVOCATION,
            "ExceptionSummary": EXCEPTION_SUMMARY,
            "ExceptionEvent": EXCEPTION_EVENT,
            "CorrectingEntry": CORRECTING_ENTRY,
            "ExceptionCase": EXCEPTION_CASE,
            "ExceptionList": EXCEPTION_LIST,
            "ExceptionStep": EXCEPTION_STEP,
            "StepOutcome": STEP_OUTCOME,
            "Acknowledgement": ACKNOWLEDGEMENT,
            "SignedAcknowledgement": _object(
                {
                    "acknowledgement": _ref("Acknowledgement"),
                    "signature": {"type": "string", "pattern": "^[0-9a-f]{128}$"},
                }
            ),
        }
    },
}


class OpenApiResource:
    def on_get(self, _request: falcon.Request, response: falcon.Response) -> None:
        response.media = DOCUMENT
