"""The rule check: allow, needs approval (maker-checker) or deny, with every reason and the table version.

`judge` runs every check and keeps every reason, so a teller sees all that is wrong at once and an
auditor sees the whole judgement. Deny beats needs approval beats allow. Flags (a cash transaction
report due) are duties, not refusals. Each decision names the limit table version it was judged
under, so the server can tell policy drift from a broken rule.

A checker may never be the maker: `check_checker` compares user ids stripped and without regard
to case, so 'Alice' cannot approve what 'alice' made. Were ids case-sensitive elsewhere, two
accounts differing only in case would still be one person to this rule: the safe side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from shared_core.channels import Channel
from shared_core.errors import (
    ApprovalRequired,
    DomainError,
    InvalidInput,
    KycInsufficient,
    LimitExceeded,
    MakerIsChecker,
    PermissionDenied,
    ensure,
)
from shared_core.kyc import KycTier, parse_tier
from shared_core.limits import LimitTable
from shared_core.money import Money, amount_cents_max
from shared_core.operations import CashEffect, Operation, OperationKind, Slot
from shared_core.roles import Permission, Role, has_permission, parse_role

user_id_length_max = 64


class Outcome(StrEnum):
    ALLOW = "allow"
    NEEDS_APPROVAL = "needs_approval"
    DENY = "deny"


_SEVERITY: Mapping[Outcome, int] = MappingProxyType(
    {Outcome.ALLOW: 0, Outcome.NEEDS_APPROVAL: 1, Outcome.DENY: 2}
)


class Flag(StrEnum):
    """A duty the operation creates without being refused."""

    CASH_TRANSACTION_REPORT = "cash_transaction_report"  # cash at or above the CTR threshold


class ApprovalItem(StrEnum):
    """What a checker is asked to approve."""

    LARGE_WITHDRAWAL = "large_withdrawal"
    REVERSAL = "reversal"
    KYC_UPGRADE = "kyc_upgrade"
    PAYROLL_RUN = "payroll_run"
    TILL_OVER_SHORT = "till_over_short"
    UNSYNCED_TILL_CLOSE = "unsynced_till_close"
    LOAN_APPLICATION = "loan_application"  # credit scoring referred it to a credit officer
    EXCEPTION_RESOLUTION = "exception_resolution"  # a correction proposed for an exception (issue 7)


class ReasonCode(StrEnum):
    """Stable codes: they travel on the wire and appear in reports, so they never change meaning."""

    PERMISSION_DENIED = "permission_denied"
    CHANNEL_MOVES_NO_CASH = "channel_moves_no_cash"
    KYC_TIER_MISSING = "kyc_tier_missing"
    KYC_TIER_NOT_ALLOWED_ON_CHANNEL = "kyc_tier_not_allowed_on_channel"
    LIMIT_PER_TRANSACTION = "limit_per_transaction"
    LIMIT_PER_DAY = "limit_per_day"
    LIMIT_BALANCE_CAP = "limit_balance_cap"
    APPROVAL_LARGE_WITHDRAWAL = "approval_large_withdrawal"
    APPROVAL_REVERSAL = "approval_reversal"
    APPROVAL_KYC_UPGRADE = "approval_kyc_upgrade"
    APPROVAL_TILL_OVER_SHORT = "approval_till_over_short"
    APPROVAL_PAYROLL_RUN = "approval_payroll_run"
    APPROVAL_LOAN_APPLICATION = "approval_loan_application"
    APPROVAL_UNSYNCED_TILL_CLOSE = "approval_unsynced_till_close"


@dataclass(frozen=True, slots=True)
class _Rule:
    outcome: Outcome
    error: type[DomainError]
    item: ApprovalItem | None = None


def _approval(item: ApprovalItem) -> _Rule:
    return _Rule(Outcome.NEEDS_APPROVAL, ApprovalRequired, item)


_C = ReasonCode
_RULES: Mapping[ReasonCode, _Rule] = MappingProxyType(
    {
        _C.PERMISSION_DENIED: _Rule(Outcome.DENY, PermissionDenied),
        _C.CHANNEL_MOVES_NO_CASH: _Rule(Outcome.DENY, PermissionDenied),
        _C.KYC_TIER_MISSING: _Rule(Outcome.DENY, KycInsufficient),
        _C.KYC_TIER_NOT_ALLOWED_ON_CHANNEL: _Rule(Outcome.DENY, PermissionDenied),
        _C.LIMIT_PER_TRANSACTION: _Rule(Outcome.DENY, LimitExceeded),
        _C.LIMIT_PER_DAY: _Rule(Outcome.DENY, LimitExceeded),
        _C.LIMIT_BALANCE_CAP: _Rule(Outcome.DENY, LimitExceeded),
        _C.APPROVAL_LARGE_WITHDRAWAL: _approval(ApprovalItem.LARGE_WITHDRAWAL),
        _C.APPROVAL_REVERSAL: _approval(ApprovalItem.REVERSAL),
        _C.APPROVAL_KYC_UPGRADE: _approval(ApprovalItem.KYC_UPGRADE),
        _C.APPROVAL_TILL_OVER_SHORT: _approval(ApprovalItem.TILL_OVER_SHORT),
        _C.APPROVAL_PAYROLL_RUN: _approval(ApprovalItem.PAYROLL_RUN),
        _C.APPROVAL_UNSYNCED_TILL_CLOSE: _approval(ApprovalItem.UNSYNCED_TILL_CLOSE),
        _C.APPROVAL_LOAN_APPLICATION: _approval(ApprovalItem.LOAN_APPLICATION),
    }
)
assert set(_RULES) == set(ReasonCode), "every reason code has a rule"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision is not a plain allow: a stable code and words a teller can act on."""

    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in _RULES:
            raise ValueError(f"unknown reason code {self.code!r}")
        assert self.message, "a reason says what is wrong"
        object.__setattr__(self, "code", ReasonCode(self.code))

    @property
    def outcome(self) -> Outcome:
        return _RULES[ReasonCode(self.code)].outcome

    @property
    def approval_item(self) -> ApprovalItem | None:
        return _RULES[ReasonCode(self.code)].item


def _outcome_of(reasons: tuple[Reason, ...]) -> Outcome:
    return max((reason.outcome for reason in reasons), key=_SEVERITY.__getitem__, default=Outcome.ALLOW)


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    reasons: tuple[Reason, ...]
    flags: tuple[str, ...]
    limit_table_version: int

    def __post_init__(self) -> None:
        if not isinstance(self.reasons, tuple) or not isinstance(self.flags, tuple):
            raise TypeError("Decision holds tuples of reasons and flags")
        version = self.limit_table_version
        ensure(type(version) is int and version >= 1, "a decision names its table version")
        # A decision that says allow while holding a refusal would pay cash out: checked in any build.
        ensure(Outcome(self.outcome) == _outcome_of(self.reasons), "a decision's outcome follows its reasons")

    @classmethod
    def of(cls, reasons: tuple[Reason, ...], flags: tuple[str, ...], limit_table_version: int) -> Decision:
        return cls(_outcome_of(reasons), reasons, flags, limit_table_version)

    @property
    def is_allowed(self) -> bool:
        return self.outcome == Outcome.ALLOW

    @property
    def approval_items(self) -> tuple[ApprovalItem, ...]:
        """What a checker must approve before this goes ahead (empty unless it needs approval)."""
        items = (reason.approval_item for reason in self.reasons if reason.approval_item is not None)
        return tuple(dict.fromkeys(items))

    def raise_if_refused(self) -> None:
        """Raise the error of the first deny reason, else ApprovalRequired; return quietly on allow."""
        version = self.limit_table_version
        for reason in self.reasons:
            if reason.outcome == Outcome.DENY:
                codes = ",".join(r.code for r in self.reasons if r.outcome == Outcome.DENY)
                raise _RULES[ReasonCode(reason.code)].error(
                    reason.message, reason=reason.code, reasons=codes, limit_table_version=version
                )
        if self.outcome == Outcome.NEEDS_APPROVAL:
            pending = [reason for reason in self.reasons if reason.outcome == Outcome.NEEDS_APPROVAL]
            raise ApprovalRequired(
                "; ".join(reason.message for reason in pending),
                reason=pending[0].code,
                items=",".join(self.approval_items),
                limit_table_version=version,
            )


# --- judging an operation ----------------------------------------------------------------------


def _a_role(role: Role) -> str:
    """'A teller', 'An agent', 'A head office user': how a refusal names who was refused."""
    words = {Role.HEAD_OFFICE: "head office user"}.get(role, role.value)
    return f"{'An' if words[0] in 'aeiou' else 'A'} {words}"


def _where(channel: Channel) -> str:
    return {Channel.BRANCH: "at a branch", Channel.AGENT: "at an agent"}.get(channel, "at head office")


def _moves_cash(operation: Operation) -> bool:
    """Touches a till or an agent's float: cash across the counter, or between till and vault."""
    return Slot.CASH_ACCOUNT in operation.spec.slots


def judge(
    table: LimitTable,
    *,
    operation: Operation,
    role: Role,
    tier: KycTier | None,
    spent_today: Money,
    balance_after: Money | None,
) -> Decision:
    """Judge one operation by every rule; the decision keeps all the reasons, not just the first.

    `tier` is the KYC tier of the operation's customer (None when it has none, e.g. a till open);
    `spent_today` is what that customer already moved today in the same direction on this channel;
    `balance_after` is the customer's balance after an operation that credits them, else None.
    Tier limits bound the operation's amount (a fee is the bank's, not the customer's movement).
    A reversal restores a state already judged, so it meets no tier limits, only its checker.
    """
    if not isinstance(table, LimitTable) or not isinstance(operation, Operation):
        raise TypeError("judge needs a LimitTable and an Operation")
    if not isinstance(spent_today, Money) or not (balance_after is None or isinstance(balance_after, Money)):
        raise TypeError("spent_today and balance_after are Money")
    # A negative "already spent" would widen the daily limit: refused in any build.
    ensure(not spent_today.is_negative, "spent_today cannot be negative")
    role = parse_role(role)
    tier = None if tier is None else parse_tier(tier)
    spec = operation.spec
    channel = operation.channel
    amount = operation.amount
    reasons: list[Reason] = []

    if not has_permission(role, spec.permission):
        reasons.append(
            Reason(
                _C.PERMISSION_DENIED,
                f"{_a_role(role)} may not {spec.permission.value.replace('_', ' ')}; "
                "ask a user with that permission",
            )
        )
    if _moves_cash(operation) and not table.has_cash_limits(channel):
        reasons.append(
            Reason(_C.CHANNEL_MOVES_NO_CASH, "Head office moves no cash; serve this at a branch or an agent")
        )
    if Slot.CUSTOMER_ACCOUNT in spec.slots and tier is None:
        reasons.append(Reason(_C.KYC_TIER_MISSING, "This customer has no KYC tier yet; register them first"))

    limited = spec.moves_money and operation.kind != OperationKind.REVERSAL and table.has_cash_limits(channel)
    if tier is not None and limited:
        limits = table.tier_limits(channel, tier)
        who = f"{tier.label} {_where(channel)}"
        if amount > limits.per_transaction:
            reasons.append(
                Reason(
                    _C.LIMIT_PER_TRANSACTION,
                    f"{who} allows at most {limits.per_transaction} per transaction; this one is {amount}",
                )
            )
        # Plain ints: a total beyond what Money holds is refused, not an error.
        day_total_cents = spent_today.cents + amount.cents
        if day_total_cents > limits.per_day.cents:
            shown = day_total_cents <= amount_cents_max
            total = f", this would make {Money(day_total_cents)}" if shown else ""
            reasons.append(
                Reason(
                    _C.LIMIT_PER_DAY,
                    f"{who} allows at most {limits.per_day} a day; {spent_today} already today{total}",
                )
            )
        cap = limits.balance_cap
        if balance_after is not None and cap is not None and balance_after > cap:
            reasons.append(
                Reason(
                    _C.LIMIT_BALANCE_CAP,
                    f"{who} allows a balance of at most {cap}; this would make it {balance_after}",
                )
            )

    kind = operation.kind
    if kind == OperationKind.CASH_WITHDRAWAL and table.has_cash_limits(channel):
        threshold = table.withdrawal_approval_threshold(channel)
        if amount > threshold:
            reasons.append(
                Reason(
                    _C.APPROVAL_LARGE_WITHDRAWAL,
                    f"A cash withdrawal above {threshold} {_where(channel)} needs a supervisor's approval",
                )
            )
    if kind == OperationKind.REVERSAL:
        reasons.append(Reason(_C.APPROVAL_REVERSAL, "A reversal needs a supervisor's approval"))
    if kind == OperationKind.KYC_UPGRADE:
        reasons.append(Reason(_C.APPROVAL_KYC_UPGRADE, "A KYC upgrade needs a supervisor's approval"))
    till_difference = kind in (OperationKind.TILL_OVER, OperationKind.TILL_SHORT)
    if till_difference and amount > table.till_over_short_tolerance:
        word = "over" if kind == OperationKind.TILL_OVER else "short"
        reasons.append(
            Reason(
                _C.APPROVAL_TILL_OVER_SHORT,
                f"A till {word} by {amount} needs a supervisor's approval "
                f"(tolerance {table.till_over_short_tolerance})",
            )
        )

    flags: list[str] = []
    if spec.cash_effect in (CashEffect.IN, CashEffect.OUT) and amount >= table.cash_report_threshold:
        flags.append(Flag.CASH_TRANSACTION_REPORT)
    return Decision.of(tuple(reasons), tuple(flags), table.version)


def judge_registration(table: LimitTable, *, channel: Channel, tier: KycTier, role: Role) -> Decision:
    """May this user register a customer at this tier on this channel? (The evidence is checked by kyc.)"""
    role = parse_role(role)
    tier = parse_tier(tier)
    reasons: list[Reason] = []
    if not has_permission(role, Permission.CUSTOMER_REGISTER):
        reasons.append(
            Reason(_C.PERMISSION_DENIED, f"{_a_role(role)} may not register customers")
        )
    if not table.has_cash_limits(channel):
        reasons.append(
            Reason(_C.KYC_TIER_NOT_ALLOWED_ON_CHANNEL, "Customers are registered at a branch or by an agent")
        )
    else:
        tier_max = table.registration_tier_max(channel)
        if tier > tier_max:
            reasons.append(
                Reason(
                    _C.KYC_TIER_NOT_ALLOWED_ON_CHANNEL,
                    f"{_where(channel).capitalize()}, customers are registered up to {tier_max.label}; "
                    f"register at {tier_max.label} and upgrade at a branch",
                )
            )
    return Decision.of(tuple(reasons), (), table.version)


def payroll_run_needs_approval() -> Reason:
    """Every payroll run waits for a checker, whatever its size."""
    return Reason(
        _C.APPROVAL_PAYROLL_RUN, "A payroll run needs approval by a supervisor or the company's director"
    )


def judge_payroll_run(table: LimitTable, *, role: Role) -> Decision:
    """A payroll run as its maker submits it: never allowed outright, at best waiting for a checker."""
    role = parse_role(role)
    reasons: list[Reason] = []
    if not has_permission(role, Permission.PAYROLL_UPLOAD):
        reasons.append(
            Reason(_C.PERMISSION_DENIED, f"{_a_role(role)} may not upload a payroll run")
        )
    reasons.append(payroll_run_needs_approval())
    return Decision.of(tuple(reasons), (), table.version)


# --- the checker ---------------------------------------------------------------------------------


def _user_id(label: str, text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{label} is text, got {type(text).__name__}")
    stripped = text.strip()
    if not stripped or len(stripped) > user_id_length_max:
        raise InvalidInput(f"The {label.replace('_', ' ')} must name a user", field=label)
    return stripped


# Approving a payroll run is a director's or supervisor's; a referred loan, a credit officer's
# (the roles that may disburse); an exception's correction, theirs who work exceptions; every other
# item, any checker's.
_CHECKER_PERMISSIONS = MappingProxyType(
    {
        ApprovalItem.PAYROLL_RUN: Permission.PAYROLL_APPROVE,
        ApprovalItem.LOAN_APPLICATION: Permission.LOAN_DISBURSE,
        ApprovalItem.EXCEPTION_RESOLUTION: Permission.EXCEPTIONS_RESOLVE,
    }
)


def check_checker(
    *, maker_user_id: str, checker_user_id: str, checker_role: Role, item: ApprovalItem
) -> None:
    """Refuse a checker who is the maker (ids compared without case) or lacks the right to approve `item`."""
    maker = _user_id("maker_user_id", maker_user_id)
    checker = _user_id("checker_user_id", checker_user_id)
    try:
        item = ApprovalItem(item)
    except ValueError:
        raise InvalidInput(f"'{item}' is not something a checker approves", item=str(item)[:40]) from None
    if maker.casefold() == checker.casefold():
        raise MakerIsChecker(
            "The maker of an item may not approve it; ask another supervisor", user=checker, item=item.value
        )
    role = parse_role(checker_role)
    needed = _CHECKER_PERMISSIONS.get(item, Permission.APPROVE)
    if not has_permission(role, needed):
        raise PermissionDenied(
            f"{_a_role(role)} may not approve a {item.value.replace('_', ' ')}; "
            "ask a supervisor",
            role=role.value,
            item=item.value,
        )


def judge_till_close(table: LimitTable, *, unsynced_entries: int) -> Decision:
    """Closing a till while entries still wait for head office needs a supervisor: they are
    listed on the end-of-day report, and the supervisor answers for them until they sync."""
    ensure(unsynced_entries >= 0, "a count of unsynced entries is never negative")
    reasons: tuple[Reason, ...] = ()
    if unsynced_entries:
        reasons = (
            Reason(
                ReasonCode.APPROVAL_UNSYNCED_TILL_CLOSE,
                f"{unsynced_entries} entr{'y has' if unsynced_entries == 1 else 'ies have'} not reached "
                "head office yet; a supervisor must approve closing the till",
            ),
        )
    return Decision.of(reasons, (), table.version)
