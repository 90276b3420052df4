"""The rule check, as worked examples an auditor can follow against the default limit table.

Default table (resources/limits/limit_table.json, version 1), in KES:

    channel  tier  per transaction   per day      balance cap
    agent    1        20,000          50,000       100,000
    agent    2       100,000         250,000       300,000
    agent    3       250,000         500,000       500,000
    branch   1        50,000         100,000       100,000
    branch   2       500,000       1,000,000     1,000,000
    branch   3     5,000,000      10,000,000     none

Cash withdrawals strictly above 100,000 (branch) or 50,000 (agent) need a checker. Cash at or
above USD 15,000 x 129.25 = KES 1,938,750.00 is flagged for a cash transaction report.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.approvals import (
    ApprovalItem,
    Decision,
    Flag,
    Outcome,
    Reason,
    check_checker,
    judge,
    judge_payroll_run,
    judge_registration,
    payroll_run_needs_approval,
)
from shared_core.channels import Channel
from shared_core.errors import (
    ApprovalRequired,
    InvalidInput,
    InvariantBroken,
    KycInsufficient,
    LimitExceeded,
    MakerIsChecker,
    PermissionDenied,
    UnknownRole,
)
from shared_core.kyc import KycTier
from shared_core.limits import LimitTable, parse_limit_table
from shared_core.money import Money, parse_amount
from shared_core.operations import OPERATION_SPECS, Operation, OperationKind, Slot
from shared_core.roles import Role, parse_role

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLE: LimitTable = parse_limit_table(
    json.loads((REPO_ROOT / "resources" / "limits" / "limit_table.json").read_text(encoding="utf-8"))
)

_ACCOUNTS = {
    Slot.CUSTOMER_ACCOUNT: "wallet:C0001234",
    Slot.COUNTERPARTY_ACCOUNT: "wallet:C0005678",
    Slot.VAULT_ACCOUNT: "vault:BR01",
    Slot.LOAN_ACCOUNT: "loan:L0000042",
}


def kes(text: str) -> Money:
    return parse_amount(text)


def make_operation(kind: OperationKind, channel: Channel = Channel.AGENT, amount: str | None = "1,000") -> Operation:
    """An operation with every account its kind needs filled in; amount None for kinds that move no money."""
    spec = OPERATION_SPECS[kind]
    accounts = {slot.value: _ACCOUNTS.get(slot) for slot in spec.slots}
    if Slot.CASH_ACCOUNT in spec.slots:
        accounts[Slot.CASH_ACCOUNT.value] = "float:AG0001" if channel == Channel.AGENT else "till:BR01-T1"
    money = Money.zero() if amount is None else kes(amount)
    return Operation(kind=kind, channel=channel, amount=money, **accounts)


def counter_role(channel: Channel) -> Role:
    return Role.AGENT if channel == Channel.AGENT else Role.TELLER


def judge_cash(
    kind: OperationKind,
    channel: Channel,
    amount: str,
    tier: int,
    *,
    spent_today: str = "0",
    balance_after: str | None = None,
    table: LimitTable = TABLE,
) -> Decision:
    return judge(
        table,
        operation=make_operation(kind, channel, amount),
        role=counter_role(channel),
        tier=KycTier(tier),
        spent_today=parse_amount(spent_today, allow_zero=True),
        balance_after=None if balance_after is None else parse_amount(balance_after, allow_zero=True),
    )


def codes(decision: Decision) -> list[str]:
    return [reason.code for reason in decision.reasons]


DEPOSIT = OperationKind.CASH_DEPOSIT
WITHDRAWAL = OperationKind.CASH_WITHDRAWAL


# --- a tier 1 customer, at an agent and at a branch ----------------------------------------------


def test_tier_1_at_an_agent_exactly_at_the_per_transaction_limit_is_allowed() -> None:
    decision = judge_cash(WITHDRAWAL, Channel.AGENT, "20,000.00", 1)
    assert decision.outcome == Outcome.ALLOW
    assert decision.reasons == ()
    decision.raise_if_refused()  # nothing to raise


def test_tier_1_at_an_agent_one_cent_over_the_per_transaction_limit_is_refused() -> None:
    decision = judge_cash(WITHDRAWAL, Channel.AGENT, "20,000.01", 1)
    assert decision.outcome == Outcome.DENY
    assert codes(decision) == ["limit_per_transaction"]
    assert decision.reasons[0].message == (
        "Tier 1 at an agent allows at most KES 20,000.00 per transaction; this one is KES 20,000.01"
    )
    with pytest.raises(LimitExceeded) as caught:
        decision.raise_if_refused()
    assert caught.value.details["reason"] == "limit_per_transaction"


def test_the_same_tier_1_customer_at_a_branch_gets_the_branch_limits() -> None:
    assert judge_cash(WITHDRAWAL, Channel.BRANCH, "20,000.01", 1).outcome == Outcome.ALLOW
    assert judge_cash(WITHDRAWAL, Channel.BRANCH, "50,000.00", 1).outcome == Outcome.ALLOW
    assert codes(judge_cash(WITHDRAWAL, Channel.BRANCH, "50,000.01", 1)) == ["limit_per_transaction"]


# --- per day ----------------------------------------------------------------------------------------


def test_per_day_exactly_at_the_limit_is_allowed() -> None:
    # Agent tier 1: 30,000 already deposited today + 20,000 now = 50,000, the daily limit.
    decision = judge_cash(DEPOSIT, Channel.AGENT, "20,000", 1, spent_today="30,000")
    assert decision.outcome == Outcome.ALLOW


def test_per_day_one_cent_over_is_refused() -> None:
    decision = judge_cash(DEPOSIT, Channel.AGENT, "20,000", 1, spent_today="30,000.01")
    assert codes(decision) == ["limit_per_day"]
    assert "KES 30,000.01 already today, this would make KES 50,000.01" in decision.reasons[0].message


# --- balance cap ------------------------------------------------------------------------------------


def test_balance_cap_exactly_at_the_cap_is_allowed() -> None:
    assert judge_cash(DEPOSIT, Channel.AGENT, "5,000", 1, balance_after="100,000").outcome == Outcome.ALLOW


def test_balance_cap_one_cent_over_is_refused() -> None:
    decision = judge_cash(DEPOSIT, Channel.AGENT, "5,000", 1, balance_after="100,000.01")
    assert codes(decision) == ["limit_balance_cap"]


def test_tier_3_at_a_branch_has_no_balance_cap() -> None:
    decision = judge_cash(DEPOSIT, Channel.BRANCH, "5,000,000", 3, balance_after="90,000,000")
    assert "limit_balance_cap" not in codes(decision)


# --- maker-checker ------------------------------------------------------------------------------------


def test_withdrawal_exactly_at_the_approval_threshold_passes() -> None:
    assert judge_cash(WITHDRAWAL, Channel.BRANCH, "100,000.00", 2).outcome == Outcome.ALLOW
    assert judge_cash(WITHDRAWAL, Channel.AGENT, "50,000.00", 3).outcome == Outcome.ALLOW


def test_withdrawal_one_cent_above_the_approval_threshold_needs_approval() -> None:
    decision = judge_cash(WITHDRAWAL, Channel.BRANCH, "100,000.01", 2)
    assert decision.outcome == Outcome.NEEDS_APPROVAL
    assert codes(decision) == ["approval_large_withdrawal"]
    assert decision.approval_items == (ApprovalItem.LARGE_WITHDRAWAL,)
    with pytest.raises(ApprovalRequired) as caught:
        decision.raise_if_refused()
    assert caught.value.details["items"] == "large_withdrawal"
    assert judge_cash(WITHDRAWAL, Channel.AGENT, "50,000.01", 3).outcome == Outcome.NEEDS_APPROVAL


def test_a_large_deposit_needs_no_approval() -> None:
    assert judge_cash(DEPOSIT, Channel.BRANCH, "400,000", 2).outcome == Outcome.ALLOW


@pytest.mark.parametrize(
    ("kind", "code", "item"),
    [
        (OperationKind.REVERSAL, "approval_reversal", ApprovalItem.REVERSAL),
        (OperationKind.KYC_UPGRADE, "approval_kyc_upgrade", ApprovalItem.KYC_UPGRADE),
    ],
)
def test_reversals_and_kyc_upgrades_always_need_approval(kind: OperationKind, code: str, item: ApprovalItem) -> None:
    amount = None if kind == OperationKind.KYC_UPGRADE else "1.00"
    decision = judge(
        TABLE,
        operation=make_operation(kind, Channel.BRANCH, amount),
        role=Role.TELLER,
        tier=KycTier.TIER_1,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert decision.outcome == Outcome.NEEDS_APPROVAL
    assert codes(decision) == [code]
    assert decision.approval_items == (item,)


def test_a_reversal_meets_no_tier_limit() -> None:
    # Reversing a KES 400,000 deposit for a tier 1 customer: the checker decides, not the limits.
    decision = judge(
        TABLE,
        operation=make_operation(OperationKind.REVERSAL, Channel.BRANCH, "400,000"),
        role=Role.TELLER,
        tier=KycTier.TIER_1,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert codes(decision) == ["approval_reversal"]


@pytest.mark.parametrize("kind", [OperationKind.TILL_OVER, OperationKind.TILL_SHORT])
def test_any_till_over_or_short_needs_a_supervisor_at_tolerance_zero(kind: OperationKind) -> None:
    decision = judge(
        TABLE,
        operation=make_operation(kind, Channel.BRANCH, "0.01"),
        role=Role.TELLER,
        tier=None,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert codes(decision) == ["approval_till_over_short"]


def test_till_over_short_at_a_tolerance_above_zero() -> None:
    tolerant = dataclasses.replace(TABLE, till_over_short_tolerance=kes("100"))

    def outcome(amount: str) -> Outcome:
        operation = make_operation(OperationKind.TILL_SHORT, Channel.BRANCH, amount)
        return judge(
            tolerant, operation=operation, role=Role.TELLER, tier=None, spent_today=Money.zero(), balance_after=None
        ).outcome

    assert outcome("100.00") == Outcome.ALLOW
    assert outcome("100.01") == Outcome.NEEDS_APPROVAL


def test_payroll_runs_always_need_approval() -> None:
    assert payroll_run_needs_approval().code == "approval_payroll_run"
    decision = judge_payroll_run(TABLE, role=Role.TELLER)
    assert decision.outcome == Outcome.NEEDS_APPROVAL
    assert decision.approval_items == (ApprovalItem.PAYROLL_RUN,)
    refused = judge_payroll_run(TABLE, role=Role.AGENT)
    assert refused.outcome == Outcome.DENY
    assert codes(refused) == ["permission_denied", "approval_payroll_run"]
    assert refused.reasons[0].message == "An agent may not upload a payroll run"


# --- cash transaction report --------------------------------------------------------------------------


def test_cash_exactly_at_the_report_threshold_is_flagged() -> None:
    decision = judge_cash(DEPOSIT, Channel.BRANCH, "1,938,750.00", 3)
    assert decision.flags == (Flag.CASH_TRANSACTION_REPORT,)
    assert decision.outcome == Outcome.ALLOW  # a flag is a duty, not a refusal


def test_cash_one_cent_below_the_report_threshold_is_not_flagged() -> None:
    assert judge_cash(DEPOSIT, Channel.BRANCH, "1,938,749.99", 3).flags == ()


def test_a_large_withdrawal_is_both_flagged_and_sent_for_approval() -> None:
    decision = judge_cash(WITHDRAWAL, Channel.BRANCH, "2,000,000", 3)
    assert decision.flags == ("cash_transaction_report",)
    assert decision.outcome == Outcome.NEEDS_APPROVAL


def test_a_transfer_moves_no_cash_and_is_never_flagged() -> None:
    decision = judge(
        TABLE,
        operation=make_operation(OperationKind.TRANSFER, Channel.BRANCH, "2,000,000"),
        role=Role.TELLER,
        tier=KycTier.TIER_3,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert decision.flags == ()
    assert decision.outcome == Outcome.ALLOW


# --- permissions, channels and missing tiers -------------------------------------------------------------


def test_a_role_without_the_permission_is_refused() -> None:
    decision = judge(
        TABLE,
        operation=make_operation(DEPOSIT, Channel.BRANCH, "1,000"),
        role=Role.DIRECTOR,
        tier=KycTier.TIER_2,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert codes(decision) == ["permission_denied"]
    with pytest.raises(PermissionDenied):
        decision.raise_if_refused()


def test_head_office_moves_no_cash() -> None:
    decision = judge(
        TABLE,
        operation=make_operation(DEPOSIT, Channel.HEAD_OFFICE, "1,000"),
        role=Role.SUPERVISOR,
        tier=KycTier.TIER_2,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert codes(decision) == ["channel_moves_no_cash"]


def test_a_customer_operation_without_a_tier_is_refused() -> None:
    decision = judge(
        TABLE,
        operation=make_operation(DEPOSIT, Channel.AGENT, "1,000"),
        role=Role.AGENT,
        tier=None,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert codes(decision) == ["kyc_tier_missing"]
    with pytest.raises(KycInsufficient):
        decision.raise_if_refused()


def test_a_till_open_has_no_customer_and_is_allowed() -> None:
    decision = judge(
        TABLE,
        operation=make_operation(OperationKind.TILL_OPEN, Channel.BRANCH, "200,000"),
        role=Role.TELLER,
        tier=None,
        spent_today=Money.zero(),
        balance_after=None,
    )
    assert decision.outcome == Outcome.ALLOW
    assert decision.flags == ()  # till cash is the bank's own, not a customer's cash transaction


def test_judge_refuses_unknown_role_text() -> None:
    with pytest.raises(UnknownRole):
        judge(
            TABLE,
            operation=make_operation(DEPOSIT, Channel.AGENT, "1,000"),
            role="banker",  # type: ignore[arg-type]
            tier=KycTier.TIER_1,
            spent_today=Money.zero(),
            balance_after=None,
        )


def test_a_negative_spent_today_is_an_invariant_break() -> None:
    # A negative "already spent today" would quietly widen the daily limit.
    with pytest.raises(InvariantBroken):
        judge(
            TABLE,
            operation=make_operation(DEPOSIT, Channel.AGENT, "1,000"),
            role=Role.AGENT,
            tier=KycTier.TIER_1,
            spent_today=Money(-1),
            balance_after=None,
        )


# --- every reason collected; deny beats needs approval ---------------------------------------------------


def test_every_broken_rule_is_reported_not_just_the_first() -> None:
    # A director (no cash permission) paying a tier 1 customer KES 60,000 at an agent,
    # after KES 10,000 already today: wrong role, over per transaction, over per day, over the
    # withdrawal threshold.
    decision = judge(
        TABLE,
        operation=make_operation(WITHDRAWAL, Channel.AGENT, "60,000"),
        role=Role.DIRECTOR,
        tier=KycTier.TIER_1,
        spent_today=kes("10,000"),
        balance_after=None,
    )
    assert codes(decision) == [
        "permission_denied",
        "limit_per_transaction",
        "limit_per_day",
        "approval_large_withdrawal",
    ]
    assert decision.outcome == Outcome.DENY
    with pytest.raises(PermissionDenied) as caught:  # the first deny reason's error
        decision.raise_if_refused()
    assert caught.value.details["reasons"] == "permission_denied,limit_per_transaction,limit_per_day"


def test_deny_outranks_needs_approval() -> None:
    # Branch tier 2, KES 500,000.01: one cent over per transaction AND above the withdrawal threshold.
    decision = judge_cash(WITHDRAWAL, Channel.BRANCH, "500,000.01", 2)
    assert set(codes(decision)) == {"limit_per_transaction", "approval_large_withdrawal"}
    assert decision.outcome == Outcome.DENY
    with pytest.raises(LimitExceeded):
        decision.raise_if_refused()


def test_a_decision_cannot_claim_allow_while_holding_a_refusal() -> None:
    refusal = Reason("limit_per_day", "over the daily limit")
    with pytest.raises(InvariantBroken):
        Decision(Outcome.ALLOW, (refusal,), (), 1)
    with pytest.raises(ValueError):
        Reason("made_up_code", "whatever")


# --- the table version is on every decision --------------------------------------------------------------


def test_the_table_version_is_stamped_on_every_decision() -> None:
    version_7 = dataclasses.replace(TABLE, version=7)
    decisions = [
        judge_cash(DEPOSIT, Channel.AGENT, "1,000", 1, table=version_7),  # allow
        judge_cash(DEPOSIT, Channel.AGENT, "20,000.01", 1, table=version_7),  # deny
        judge_cash(WITHDRAWAL, Channel.BRANCH, "100,000.01", 2, table=version_7),  # needs approval
        judge_registration(version_7, channel=Channel.AGENT, tier=KycTier.TIER_2, role=Role.AGENT),
        judge_payroll_run(version_7, role=Role.TELLER),
    ]
    assert {decision.outcome for decision in decisions} == set(Outcome)
    assert [decision.limit_table_version for decision in decisions] == [7] * len(decisions)
    with pytest.raises(LimitExceeded) as caught:
        decisions[1].raise_if_refused()
    assert caught.value.details["limit_table_version"] == 7


# --- registration -----------------------------------------------------------------------------------------


def test_an_agent_registers_at_tier_1_only() -> None:
    allowed = judge_registration(TABLE, channel=Channel.AGENT, tier=KycTier.TIER_1, role=Role.AGENT)
    assert allowed.outcome == Outcome.ALLOW
    refused = judge_registration(TABLE, channel=Channel.AGENT, tier=KycTier.TIER_2, role=Role.AGENT)
    assert codes(refused) == ["kyc_tier_not_allowed_on_channel"]
    assert "up to Tier 1" in refused.reasons[0].message


def test_a_branch_registers_up_to_tier_3() -> None:
    decision = judge_registration(TABLE, channel=Channel.BRANCH, tier=KycTier.TIER_3, role=Role.TELLER)
    assert decision.outcome == Outcome.ALLOW


def test_registration_needs_the_permission_and_a_cash_channel() -> None:
    decision = judge_registration(TABLE, channel=Channel.HEAD_OFFICE, tier=KycTier.TIER_1, role=Role.HEAD_OFFICE)
    assert codes(decision) == ["permission_denied", "kyc_tier_not_allowed_on_channel"]


# --- the checker --------------------------------------------------------------------------------------------


def test_the_maker_may_not_be_the_checker() -> None:
    with pytest.raises(MakerIsChecker):
        check_checker(
            maker_user_id="alice", checker_user_id="alice", checker_role=Role.SUPERVISOR, item=ApprovalItem.REVERSAL
        )


def test_the_maker_may_not_check_under_a_differently_cased_id() -> None:
    with pytest.raises(MakerIsChecker):
        check_checker(
            maker_user_id="alice", checker_user_id=" Alice ", checker_role=Role.SUPERVISOR, item=ApprovalItem.REVERSAL
        )


def test_a_teller_may_not_be_the_checker() -> None:
    with pytest.raises(PermissionDenied):
        check_checker(
            maker_user_id="alice", checker_user_id="bob", checker_role=Role.TELLER, item=ApprovalItem.LARGE_WITHDRAWAL
        )


def test_a_supervisor_may_be_the_checker() -> None:
    for item in ApprovalItem:
        check_checker(maker_user_id="alice", checker_user_id="grace", checker_role=Role.SUPERVISOR, item=item)


def test_payroll_runs_are_checked_by_payroll_approvers() -> None:
    check_checker(maker_user_id="alice", checker_user_id="dan", checker_role=Role.DIRECTOR, item=ApprovalItem.PAYROLL_RUN)
    with pytest.raises(PermissionDenied):  # a director approves payroll, not withdrawals
        check_checker(
            maker_user_id="alice", checker_user_id="dan", checker_role=Role.DIRECTOR, item=ApprovalItem.LARGE_WITHDRAWAL
        )


def test_a_referred_loan_is_checked_by_those_who_may_disburse() -> None:
    for role in (Role.SUPERVISOR, Role.HEAD_OFFICE):
        check_checker(maker_user_id="alice", checker_user_id="grace", checker_role=role, item=ApprovalItem.LOAN_APPLICATION)
    for role in (Role.DIRECTOR, Role.TELLER, Role.AGENT):
        with pytest.raises(PermissionDenied, match="may not approve a loan application"):
            check_checker(
                maker_user_id="alice", checker_user_id="dan", checker_role=role, item=ApprovalItem.LOAN_APPLICATION
            )


def test_an_unknown_role_text_is_refused() -> None:
    with pytest.raises(UnknownRole):
        parse_role("branch_manager")
    with pytest.raises(UnknownRole):
        check_checker(
            maker_user_id="alice",
            checker_user_id="bob",
            checker_role="branch_manager",  # type: ignore[arg-type]
            item=ApprovalItem.REVERSAL,
        )


@pytest.mark.parametrize(("maker", "checker"), [("", "bob"), ("alice", "   "), ("alice", "x" * 65)])
def test_checker_ids_must_name_users(maker: str, checker: str) -> None:
    with pytest.raises(InvalidInput):
        check_checker(maker_user_id=maker, checker_user_id=checker, checker_role=Role.SUPERVISOR, item=ApprovalItem.REVERSAL)


# --- property: allow iff every limit holds -------------------------------------------------------------------

# The policy restated from the table's notes, in cents, independent of the parser and the judge.
POLICY = {
    # (channel, tier): (per transaction, per day, balance cap or None)
    ("agent", 1): (2_000_000, 5_000_000, 10_000_000),
    ("agent", 2): (10_000_000, 25_000_000, 30_000_000),
    ("agent", 3): (25_000_000, 50_000_000, 50_000_000),
    ("branch", 1): (5_000_000, 10_000_000, 10_000_000),
    ("branch", 2): (50_000_000, 100_000_000, 100_000_000),
    ("branch", 3): (500_000_000, 1_000_000_000, None),
}
WITHDRAWAL_APPROVAL_ABOVE = {"agent": 5_000_000, "branch": 10_000_000}
CASH_REPORT_FROM = 15_000 * 12_925


def cents_near(limit: int) -> st.SearchStrategy[int]:
    """Amounts around a limit, where mistakes live, and anywhere up to twice it."""
    return st.one_of(st.integers(1, 2 * limit), st.sampled_from([limit - 1, limit, limit + 1]).filter(lambda c: c > 0))


@settings(deadline=None, max_examples=300)
@given(
    key=st.sampled_from(sorted(POLICY)),
    kind=st.sampled_from([DEPOSIT, WITHDRAWAL]),
    data=st.data(),
)
def test_the_decision_is_allow_exactly_when_every_limit_holds(key: tuple[str, int], kind: OperationKind, data: st.DataObject) -> None:
    channel_name, tier = key
    per_transaction, per_day, cap = POLICY[key]
    edges = [WITHDRAWAL_APPROVAL_ABOVE[channel_name] + delta for delta in (-1, 0, 1)]
    edges += [CASH_REPORT_FROM + delta for delta in (-1, 0, 1)]
    amount = data.draw(st.one_of(cents_near(per_transaction), st.sampled_from(edges)), label="amount")
    spent_today = data.draw(st.one_of(st.integers(0, per_day), st.just(per_day - amount)).filter(lambda c: c >= 0), label="spent")
    balance_after = data.draw(st.one_of(st.none(), cents_near(cap or 10**11)), label="balance_after")

    decision = judge(
        TABLE,
        operation=Operation(
            kind=kind,
            channel=Channel(channel_name),
            amount=Money(amount),
            customer_account="wallet:C0001234",
            cash_account="till:BR01-T1",
        ),
        role=counter_role(Channel(channel_name)),
        tier=KycTier(tier),
        spent_today=Money(spent_today),
        balance_after=None if balance_after is None else Money(balance_after),
    )

    limits_hold = (
        amount <= per_transaction
        and spent_today + amount <= per_day
        and (cap is None or balance_after is None or balance_after <= cap)
    )
    needs_checker = kind == WITHDRAWAL and amount > WITHDRAWAL_APPROVAL_ABOVE[channel_name]
    if not limits_hold:
        assert decision.outcome == Outcome.DENY
    elif needs_checker:
        assert decision.outcome == Outcome.NEEDS_APPROVAL
    else:
        assert decision.outcome == Outcome.ALLOW
    assert (decision.outcome == Outcome.ALLOW) == (limits_hold and not needs_checker)
    assert (Flag.CASH_TRANSACTION_REPORT in decision.flags) == (amount >= CASH_REPORT_FROM)
    assert decision.limit_table_version == 1


def test_closing_a_till_with_unsynced_entries_needs_a_supervisor() -> None:
    from shared_core.approvals import judge_till_close

    table = TABLE
    assert judge_till_close(table, unsynced_entries=0).is_allowed
    decision = judge_till_close(table, unsynced_entries=3)
    assert decision.outcome == Outcome.NEEDS_APPROVAL
    assert decision.approval_items == (ApprovalItem.UNSYNCED_TILL_CLOSE,)
    assert "3 entries have not reached head office" in decision.reasons[0].message
    assert decision.limit_table_version == table.version
