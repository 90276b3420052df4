"""One hierarchy of domain errors, each with a stable code and a message a teller can act on.

Codes are part of the wire protocol (the server answers entries with them) and of the
receipts and reports people read: once published, a code never changes meaning.
Programmer errors are `assert`s or TypeErrors; these are the operating errors a bank expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


class DomainError(Exception):
    """Base of every expected, explainable refusal in the product."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str, **details: str | int) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


# --- bad input: what was typed or sent cannot be understood -------------------------------


class InvalidInput(DomainError):
    code = "invalid_input"


class InvalidAmount(InvalidInput):
    code = "invalid_amount"


class InvalidReference(InvalidInput):
    code = "invalid_reference"


class InvalidAccount(InvalidInput):
    code = "invalid_account"


class InvalidOperation(InvalidInput):
    code = "invalid_operation"


class UnknownRole(InvalidInput):
    code = "unknown_role"


class InvalidLimitTable(InvalidInput):
    code = "invalid_limit_table"


class InvalidKycTier(InvalidInput):
    code = "invalid_kyc_tier"


# --- refusals: understood, but the rules say no -----------------------------------------


class Refused(DomainError):
    code = "refused"


class LimitExceeded(Refused):
    code = "limit_exceeded"


class KycInsufficient(Refused):
    code = "kyc_insufficient"


class PermissionDenied(Refused):
    code = "permission_denied"


class MakerIsChecker(Refused):
    code = "maker_is_checker"


class ApprovalRequired(Refused):
    code = "approval_required"


class InsufficientFunds(Refused):
    code = "insufficient_funds"


class AuthenticationFailed(Refused):
    code = "authentication_failed"


class LockedOut(Refused):
    code = "locked_out"


class TillNotOpen(Refused):
    code = "till_not_open"


class TillAlreadyOpen(Refused):
    code = "till_already_open"


class AllowanceExhausted(Refused):
    """The offline allowance is spent, expired or missing: sync before paying out more."""

    code = "allowance_exhausted"


class PaymentAbovePayoff(Refused):
    """A repayment above what closes the loan today; the message names the payoff."""

    code = "payment_above_payoff"


class LoanClosed(Refused):
    code = "loan_closed"


class NotReversible(Refused):
    """An entry that may not be reversed as things stand; the message says why and what to do."""

    code = "not_reversible"


class OnlineOnly(Refused):
    code = "online_only"


class NotFound(Refused):
    code = "not_found"


class AlreadyExists(Refused):
    code = "already_exists"


class PremiumMismatch(Refused):
    """A premium that is not what head office's tariff makes the cover cost; the message names both."""

    code = "premium_mismatch"


class PolicyNotFound(NotFound):
    """A renewal or monthly premium for a policy number head office never issued."""

    code = "policy_not_found"


class PolicyOfAnotherCustomer(Refused):
    """A premium paid by one customer for a policy another customer holds."""

    code = "policy_of_another_customer"


class DeviceUnknown(Refused):
    """A batch from a device the server never enrolled."""

    code = "device_unknown"


class DeviceRevoked(Refused):
    """Head office revoked this device; its batches are refused."""

    code = "device_revoked"


class DeviceFrozen(Refused):
    """The device is frozen (its journal forked, or head office froze it) until head office acts."""

    code = "device_frozen"


class EnrolmentCodeInvalid(Refused):
    """An enrolment code that is unknown, spent or expired: the answer never says which."""

    code = "enrolment_code_invalid"


# --- integrity: data that should be whole is not ------------------------------------------


class IntegrityViolation(DomainError):
    code = "integrity_violation"


class InvariantBroken(IntegrityViolation):
    """A money invariant failed. Raised by `ensure`, which `python -O` does not strip."""

    code = "invariant_broken"


class UnbalancedEntry(IntegrityViolation):
    code = "unbalanced_entry"


class NotCanonical(IntegrityViolation):
    code = "not_canonical"


class ChainBroken(IntegrityViolation):
    code = "chain_broken"


class SequenceGap(IntegrityViolation):
    code = "sequence_gap"


class BadSignature(IntegrityViolation):
    code = "bad_signature"


class UnsupportedProtocol(IntegrityViolation):
    code = "unsupported_protocol"


class UpgradeNeeded(IntegrityViolation):
    """The device speaks a protocol too old for this server; its entries wait for the new app."""

    code = "upgrade_needed"


class ForkDetected(IntegrityViolation):
    """A different batch for sequences already accepted: the device's journal has forked."""

    code = "fork_detected"



# --- online sessions and the approvals queue --------------------------------------------------


class RoleNotAllowed(PermissionDenied):
    """A role that may not do this here: a teller or agent logs in at their device, not online."""

    code = "role_not_allowed"


class TokenInvalid(AuthenticationFailed):
    """A user token that is missing its parts, not signed by this server, or names no active user."""

    code = "token_invalid"


class TokenExpired(TokenInvalid):
    """A user token past its expiry: log in again."""

    code = "token_expired"


class AlreadyDecided(Refused):
    """An item a checker has already decided: the first decision stands."""

    code = "already_decided"


class NotAwaitingApproval(Refused):
    """An entry that is not waiting for a checker (the server booked or rejected it on arrival)."""

    code = "not_awaiting_approval"


class ApprovalRejected(Refused):
    """A checker rejected the request: the answer to its entry carries this code and their reason."""

    code = "approval_rejected"

# --- exceptions worked (shared_core.exception_resolution) ----------------------------------------


class ExceptionNotFound(NotFound):
    """No exception of that number, or none the user may see."""

    code = "exception_not_found"


class ExceptionAlreadyResolved(Refused):
    """The exception is resolved: its resolution stands and nothing more is done to it."""

    code = "exception_already_resolved"


class ResolutionPending(Refused):
    """A resolution is already proposed and waits for a checker: approve or reject it first."""

    code = "resolution_pending"


class NoResolutionPending(Refused):
    """Nothing proposed to approve or reject: propose a correction first."""

    code = "no_resolution_pending"


class CorrectionNotAllowed(Refused):
    """A correction head office may not propose for this kind of exception; the message lists those it may."""

    code = "correction_not_allowed"


class CorrectionAboveException(Refused):
    """A correction for more than the exception's amount, or more than the account is still out by."""

    code = "correction_above_exception"


class AssigneeNotPermitted(PermissionDenied):
    """The user named to work an exception may not work it (role, location, or not active)."""

    code = "assignee_not_permitted"


class StepIdReused(AlreadyExists):
    """A step id already used for another step: a retry sends the same step, a new step a new id."""

    code = "step_id_reused"


def ensure(condition: bool, message: str) -> None:
    """Check an invariant that guards money; unlike `assert`, survives `python -O`."""
    if not condition:
        raise InvariantBroken(message)


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed check among many: checks over many items return a tuple of these."""

    code: str
    message: str
    subject: str = ""

    def __post_init__(self) -> None:
        assert self.code and self.message, "a violation names its code and says what is wrong"


def all_error_classes() -> tuple[type[DomainError], ...]:
    """Every DomainError class, for the test that keeps codes unique."""
    found: list[type[DomainError]] = []
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return tuple(found)
