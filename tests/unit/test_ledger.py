"""Double entry: what every operation debits and credits, and the checks that keep the ledger whole.

Amounts are signed cents, debits positive, credits negative. Unless a test says otherwise every
operation below is for KES 1,000.00 at a branch, with these accounts:

    wallet:C0001234     Juma's wallet            (customer account)
    savings:C0005678    Amina's savings          (counterparty of a transfer)
    till:BR-K7Q2        the teller's drawer      (cash account at a branch)
    float:AG-X9P3       an agent's e-float       (cash account at an agent)
    vault:BR01          the branch vault
    loan:L000042        Juma's loan
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.accounts import (
    EXCEPTIONS_OFFLINE_OVERDRAFT,
    INCOME_FEES,
    INCOME_INTEREST,
    PREMIUMS_PAYABLE,
    SLOT_ACCOUNT_TYPES,
    SUSPENSE_TILL_OVER_SHORT,
    AccountType,
    customer_view,
)
from shared_core.channels import Channel
from shared_core.errors import InvalidAccount, InvalidAmount, InvalidOperation, UnbalancedEntry
from shared_core.ledger import (
    Posting,
    balances_from,
    check_balances,
    check_entry_balanced,
    credit,
    debit,
    ensure_balanced,
    postings_for,
    reversal_postings,
)
from shared_core.money import Money, amount_cents_max
from shared_core.operations import OPERATION_SPECS, Operation, OperationKind, Slot

K = OperationKind
WALLET = "wallet:C0001234"
SAVINGS = "savings:C0005678"
TILL = "till:BR-K7Q2"
FLOAT = "float:AG-X9P3"
VAULT = "vault:BR01"
LOAN = "loan:L000042"
KES_1000 = Money(1_000_00)

DEFAULT_ACCOUNTS = {
    Slot.CUSTOMER_ACCOUNT: WALLET,
    Slot.COUNTERPARTY_ACCOUNT: SAVINGS,
    Slot.CASH_ACCOUNT: TILL,
    Slot.VAULT_ACCOUNT: VAULT,
    Slot.LOAN_ACCOUNT: LOAN,
}


def make_operation(
    kind: OperationKind,
    *,
    channel: Channel = Channel.BRANCH,
    amount: Money = KES_1000,
    fee: Money = Money(0),
    **accounts: str,
) -> Operation:
    """An operation of `kind` naming the default account for each slot it uses, unless overridden."""
    slots = {slot.value: accounts.get(slot.value, DEFAULT_ACCOUNTS[slot]) for slot in OPERATION_SPECS[kind].slots}
    return Operation(kind=kind, channel=channel, amount=amount, fee=fee, **slots)


# The auditor's table: every kind that moves money, and where its KES 1,000.00 goes.
# kind                       debit                      credit
POSTING_TABLE = [
    (K.TILL_OPEN,             TILL,                      VAULT),
    (K.VAULT_TO_TILL,         TILL,                      VAULT),
    (K.TILL_CLOSE,            VAULT,                     TILL),
    (K.TILL_TO_VAULT,         VAULT,                     TILL),
    (K.TILL_OVER,             TILL,                      SUSPENSE_TILL_OVER_SHORT),
    (K.TILL_SHORT,            SUSPENSE_TILL_OVER_SHORT,  TILL),
    (K.CASH_DEPOSIT,          TILL,                      WALLET),
    (K.CASH_WITHDRAWAL,       WALLET,                    TILL),
    (K.TRANSFER,              WALLET,                    SAVINGS),
    (K.LOAN_DISBURSEMENT,     LOAN,                      WALLET),
    (K.LOAN_REPAYMENT_CASH,   TILL,                      LOAN),
    (K.LOAN_REPAYMENT_WALLET, WALLET,                    LOAN),
    (K.PREMIUM_CASH,          TILL,                      PREMIUMS_PAYABLE),
    (K.PREMIUM_WALLET,        WALLET,                    PREMIUMS_PAYABLE),
]  # fmt: skip
MONEY_KINDS = [row[0] for row in POSTING_TABLE]
NO_MONEY_KINDS = [K.CUSTOMER_REGISTRATION, K.KYC_UPGRADE]
LINE_POSTED_KINDS = [K.PAYROLL_RUN]  # its postings come from its lines: tests/unit/test_payroll_run.py
FEE_KINDS = [kind for kind in MONEY_KINDS if Slot.CUSTOMER_ACCOUNT in OPERATION_SPECS[kind].slots]
NO_FEE_KINDS = [kind for kind in MONEY_KINDS if kind not in FEE_KINDS]
TILL_ONLY_KINDS = [K.TILL_OPEN, K.TILL_CLOSE, K.VAULT_TO_TILL, K.TILL_TO_VAULT, K.TILL_OVER, K.TILL_SHORT]


def test_the_table_covers_every_kind_of_operation() -> None:
    assert set(MONEY_KINDS) | set(NO_MONEY_KINDS) | set(LINE_POSTED_KINDS) | {K.REVERSAL} == set(OperationKind)
    assert len(MONEY_KINDS) == len(set(MONEY_KINDS))


@pytest.mark.parametrize(("kind", "debited", "credited"), POSTING_TABLE)
def test_each_kind_debits_and_credits_as_the_table_says(kind: OperationKind, debited: str, credited: str) -> None:
    assert postings_for(make_operation(kind)) == (
        Posting(debited, Money(1_000_00)),
        Posting(credited, Money(-1_000_00)),
    )


@pytest.mark.parametrize(
    ("kind", "debited", "credited"),
    [
        (K.CASH_DEPOSIT, FLOAT, WALLET),
        (K.CASH_WITHDRAWAL, WALLET, FLOAT),
        (K.LOAN_REPAYMENT_CASH, FLOAT, LOAN),
        (K.PREMIUM_CASH, FLOAT, PREMIUMS_PAYABLE),
    ],
)
def test_at_an_agent_the_agents_float_stands_where_the_till_would(
    kind: OperationKind, debited: str, credited: str
) -> None:
    operation = make_operation(kind, channel=Channel.AGENT, cash_account=FLOAT)
    assert postings_for(operation) == (debit(debited, KES_1000), credit(credited, KES_1000))


def test_a_cash_deposit_at_an_agent_leaves_the_bank_owing_the_agent_less_float() -> None:
    """The agent starts with KES 20,000 of e-float; Juma hands over KES 1,000 cash for his wallet.

    The agent keeps the cash in the shop, so the bank now owes the agent KES 19,000 of e-float,
    and owes Juma KES 1,000.
    """
    opening = (credit(FLOAT, Money(20_000_00)), debit("vault:HQ", Money(20_000_00)))
    deposit = postings_for(make_operation(K.CASH_DEPOSIT, channel=Channel.AGENT, cash_account=FLOAT))
    balances = balances_from(opening + deposit)
    assert customer_view(AccountType.FLOAT, balances[FLOAT]) == Money(19_000_00)
    assert customer_view(AccountType.WALLET, balances[WALLET]) == Money(1_000_00)


@pytest.mark.parametrize("kind", NO_MONEY_KINDS)
def test_registration_and_kyc_upgrade_post_nothing(kind: OperationKind) -> None:
    assert postings_for(Operation(kind=kind, channel=Channel.AGENT, amount=Money(0))) == ()


def test_a_reversal_is_not_derived_from_its_own_operation() -> None:
    with pytest.raises(InvalidOperation, match="reversal_postings"):
        postings_for(Operation(kind=K.REVERSAL, channel=Channel.BRANCH, amount=KES_1000))


# --- accounts of the wrong type are refused, slot by slot ------------------------------------

SAMPLE_ACCOUNT_OF_TYPE = {
    AccountType.WALLET: "wallet:C0009999",
    AccountType.SAVINGS: "savings:C0009999",
    AccountType.LOAN: "loan:L000099",
    AccountType.TILL: "till:BR-ZZ99",
    AccountType.VAULT: "vault:BR99",
    AccountType.FLOAT: "float:AG-ZZ99",
    AccountType.INCOME: INCOME_INTEREST,
    AccountType.PAYABLE: PREMIUMS_PAYABLE,
    AccountType.SUSPENSE: SUSPENSE_TILL_OVER_SHORT,
    AccountType.EXCEPTIONS: EXCEPTIONS_OFFLINE_OVERDRAFT,
    AccountType.EXPENSE: "expense:offline_overdrafts_written_off",
}
WRONG_TYPE_CASES = [
    (kind, slot, account_type)
    for kind in MONEY_KINDS
    for slot in sorted(OPERATION_SPECS[kind].slots)
    for account_type in AccountType
    if account_type not in SLOT_ACCOUNT_TYPES[slot]
    or (slot is Slot.CASH_ACCOUNT and kind in TILL_ONLY_KINDS and account_type is not AccountType.TILL)
]


def test_there_are_wrong_type_cases_for_every_slot() -> None:
    assert {slot for _, slot, _ in WRONG_TYPE_CASES} == set(Slot)


@pytest.mark.parametrize(("kind", "slot", "account_type"), WRONG_TYPE_CASES)
def test_an_account_of_the_wrong_type_is_refused(kind: OperationKind, slot: Slot, account_type: AccountType) -> None:
    wrong = SAMPLE_ACCOUNT_OF_TYPE[account_type]
    with pytest.raises(InvalidAccount, match=f"cannot use {wrong} as its {slot.value.replace('_', ' ')}"):
        postings_for(make_operation(kind, **{slot.value: wrong}))


@pytest.mark.parametrize("kind", TILL_ONLY_KINDS)
def test_till_movements_and_counts_need_a_till_not_an_agents_float(kind: OperationKind) -> None:
    with pytest.raises(InvalidAccount, match="needs a till account"):
        postings_for(make_operation(kind, cash_account=FLOAT))


@pytest.mark.parametrize("malformed", ["wallet:c0001234", "C0001234", "purse:C0001234", "wallet:"])
def test_a_malformed_account_code_is_refused(malformed: str) -> None:
    with pytest.raises(InvalidAccount):
        postings_for(make_operation(K.CASH_DEPOSIT, customer_account=malformed))


def test_a_transfer_to_the_same_account_is_refused() -> None:
    with pytest.raises(InvalidOperation, match="to itself"):
        postings_for(make_operation(K.TRANSFER, counterparty_account=WALLET))


def test_a_transfer_between_a_customers_wallet_and_savings_is_allowed() -> None:
    postings = postings_for(make_operation(K.TRANSFER, counterparty_account="savings:C0001234"))
    assert postings == (debit(WALLET, KES_1000), credit("savings:C0001234", KES_1000))


# --- fees ------------------------------------------------------------------------------------


def test_a_withdrawal_fee_is_charged_to_the_customer_and_earned_as_income() -> None:
    """Juma withdraws KES 1,000 and pays a KES 30 fee: his wallet goes down by 1,030."""
    operation = make_operation(K.CASH_WITHDRAWAL, fee=Money(30_00))
    postings = postings_for(operation)
    assert postings == (
        Posting(WALLET, Money(1_000_00)),
        Posting(TILL, Money(-1_000_00)),
        Posting(WALLET, Money(30_00)),
        Posting(INCOME_FEES, Money(-30_00)),
    )
    balances = balances_from(postings)
    assert customer_view(AccountType.WALLET, balances[WALLET]) == Money(-1_030_00)
    assert customer_view(AccountType.TILL, balances[TILL]) == Money(-1_000_00)
    assert customer_view(AccountType.INCOME, balances[INCOME_FEES]) == Money(30_00)


@pytest.mark.parametrize("kind", FEE_KINDS)
def test_every_kind_with_a_customer_account_may_carry_a_fee(kind: OperationKind) -> None:
    postings = postings_for(make_operation(kind, fee=Money(1)))
    assert postings[2:] == (Posting(WALLET, Money(1)), Posting(INCOME_FEES, Money(-1)))


@pytest.mark.parametrize("kind", NO_FEE_KINDS)
def test_a_fee_on_a_kind_without_a_customer_account_is_refused(kind: OperationKind) -> None:
    with pytest.raises(InvalidOperation, match="no customer account to charge a fee to"):
        postings_for(make_operation(kind, fee=Money(1)))


def test_a_zero_fee_adds_no_postings() -> None:
    assert len(postings_for(make_operation(K.CASH_DEPOSIT, fee=Money(0)))) == 2


def test_fee_kinds_are_exactly_those_with_a_customer_account() -> None:
    assert set(FEE_KINDS) == {
        K.CASH_DEPOSIT,
        K.CASH_WITHDRAWAL,
        K.TRANSFER,
        K.LOAN_DISBURSEMENT,
        K.LOAN_REPAYMENT_WALLET,
        K.PREMIUM_WALLET,
    }


# --- reversals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fee"), [(kind, Money(0)) for kind in MONEY_KINDS] + [(kind, Money(25_00)) for kind in FEE_KINDS]
)
def test_reversing_any_kind_leaves_every_account_at_zero(kind: OperationKind, fee: Money) -> None:
    original = postings_for(make_operation(kind, fee=fee))
    reversal = reversal_postings(original)
    assert [p.account for p in reversal] == [p.account for p in original]
    assert [p.amount for p in reversal] == [-p.amount for p in original]
    assert set(balances_from(original + reversal).values()) == {Money(0)}


def test_an_entry_that_moved_no_money_cannot_be_reversed() -> None:
    with pytest.raises(InvalidOperation, match="nothing to reverse"):
        reversal_postings(())


def test_an_unbalanced_original_is_not_reversed() -> None:
    with pytest.raises(UnbalancedEntry):
        reversal_postings((debit(WALLET, KES_1000), credit(TILL, Money(999_99))))


# --- postings and balanced entries -----------------------------------------------------------


def test_a_posting_of_zero_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="moves nothing"):
        Posting(WALLET, Money(0))


def test_a_posting_names_an_account_of_the_chart() -> None:
    with pytest.raises(InvalidAccount):
        Posting("wallet:c0001234", KES_1000)
    with pytest.raises(TypeError):
        Posting(WALLET, 1_000_00)  # type: ignore[arg-type]


def test_debit_and_credit_sign_the_amount() -> None:
    assert debit(TILL, KES_1000).amount == Money(1_000_00) and debit(TILL, KES_1000).is_debit
    assert credit(WALLET, KES_1000).amount == Money(-1_000_00) and credit(WALLET, KES_1000).is_credit


def test_a_balanced_entry_has_no_violations_and_an_empty_entry_is_balanced() -> None:
    assert check_entry_balanced((debit(TILL, KES_1000), credit(WALLET, KES_1000))) == ()
    assert check_entry_balanced(()) == ()
    ensure_balanced(())


def test_an_entry_one_cent_out_is_unbalanced() -> None:
    postings = (debit(TILL, Money(1_000_01)), credit(WALLET, KES_1000))
    violations = check_entry_balanced(postings)
    assert [v.code for v in violations] == ["unbalanced_entry"]
    assert "KES 1,000.01" in violations[0].message and "KES 1,000.00" in violations[0].message
    with pytest.raises(UnbalancedEntry, match="do not equal"):
        ensure_balanced(postings)


def test_totals_past_the_largest_single_amount_still_check() -> None:
    big = Money(amount_cents_max)
    postings = (debit(TILL, big), debit(TILL, big), credit(WALLET, big), credit(WALLET, big))
    assert check_entry_balanced(postings) == ()
    assert check_entry_balanced(postings[:3]) != ()


# --- balances replayed from postings ---------------------------------------------------------

A_DAY_AT_THE_TILL = (
    postings_for(make_operation(K.TILL_OPEN, amount=Money(50_000_00)))
    + postings_for(make_operation(K.CASH_DEPOSIT, amount=Money(5_000_00)))
    + postings_for(make_operation(K.CASH_WITHDRAWAL, amount=Money(2_000_00), fee=Money(30_00)))
    + postings_for(make_operation(K.TILL_SHORT, amount=Money(10_00)))
)
A_DAY_AT_THE_TILL_BALANCES = {
    VAULT: Money(-50_000_00),  # the vault gave the till 50,000
    TILL: Money(52_990_00),  # 50,000 + 5,000 - 2,000 - 10 short
    WALLET: Money(-2_970_00),  # Juma: 5,000 in, 2,000 out, 30 fee: 2,970 left
    INCOME_FEES: Money(-30_00),
    SUSPENSE_TILL_OVER_SHORT: Money(10_00),
}


def test_balances_are_replayed_from_the_postings() -> None:
    assert balances_from(A_DAY_AT_THE_TILL) == A_DAY_AT_THE_TILL_BALANCES
    assert customer_view(AccountType.WALLET, A_DAY_AT_THE_TILL_BALANCES[WALLET]) == Money(2_970_00)


def test_stated_balances_that_match_the_replay_pass() -> None:
    assert check_balances(A_DAY_AT_THE_TILL_BALANCES, A_DAY_AT_THE_TILL) == ()


def test_a_wallet_balance_tampered_by_one_cent_is_caught() -> None:
    tampered = dict(A_DAY_AT_THE_TILL_BALANCES) | {WALLET: Money(-2_970_01)}
    violations = check_balances(tampered, A_DAY_AT_THE_TILL)
    assert [(v.code, v.subject) for v in violations] == [("balance_mismatch", WALLET)]
    assert "KES -2,970.01" in violations[0].message and "KES -2,970.00" in violations[0].message


def test_every_difference_is_reported_not_just_the_first() -> None:
    stated = dict(A_DAY_AT_THE_TILL_BALANCES)
    stated[TILL] = Money(53_000_00)  # teller's drawer overstated
    del stated[INCOME_FEES]  # fees never stated
    stated["wallet:C0009999"] = Money(-100_00)  # a balance with no postings behind it
    stated["savings:C0008888"] = Money(0)  # stated zero, no postings: fine
    stated["wallet:bad"] = Money(0)  # not an account code at all
    violations = check_balances(stated, A_DAY_AT_THE_TILL)
    assert sorted((v.code, v.subject) for v in violations) == [
        ("balance_mismatch", TILL),
        ("balance_mismatch", "wallet:C0009999"),
        ("balance_missing", INCOME_FEES),
        ("invalid_account", "wallet:bad"),
    ]


def test_an_account_whose_postings_net_to_zero_must_still_be_stated() -> None:
    postings = postings_for(make_operation(K.CASH_DEPOSIT)) + postings_for(make_operation(K.CASH_WITHDRAWAL))
    assert [(v.code, v.subject) for v in check_balances({TILL: Money(0)}, postings)] == [("balance_missing", WALLET)]


# --- properties over every operation ---------------------------------------------------------

_PARTY_ID = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=40)


def _accounts_of(*types: AccountType) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(types), _PARTY_ID).map(lambda pair: f"{pair[0].value}:{pair[1]}")


@st.composite
def valid_operations(draw: st.DrawFn) -> Operation:
    """Any valid money-moving operation: random kind, channel, amount, fee and accounts of the right types."""
    kind = draw(st.sampled_from(MONEY_KINDS))
    slots = OPERATION_SPECS[kind].slots
    accounts: dict[str, str] = {}
    for slot in [slot for slot in Slot if slot in slots]:  # customer before counterparty
        allowed = SLOT_ACCOUNT_TYPES[slot]
        if slot is Slot.CASH_ACCOUNT and kind in TILL_ONLY_KINDS:
            allowed = frozenset({AccountType.TILL})
        strategy = _accounts_of(*sorted(allowed))
        if slot is Slot.COUNTERPARTY_ACCOUNT:
            strategy = strategy.filter(lambda account: account != accounts[Slot.CUSTOMER_ACCOUNT.value])
        accounts[slot.value] = draw(strategy)
    amount = Money(draw(st.integers(1, amount_cents_max)))
    # amount and fee together stay within the largest amount, so the customer's total debit is one too
    fee_cents_max = amount_cents_max - amount.cents if kind in FEE_KINDS else 0
    fee = Money(draw(st.integers(0, fee_cents_max)))
    channel = draw(st.sampled_from(list(Channel)))
    return Operation(kind=kind, channel=channel, amount=amount, fee=fee, **accounts)


@settings(deadline=None)
@given(valid_operations())
def test_every_operations_postings_balance_and_none_is_zero(operation: Operation) -> None:
    postings = postings_for(operation)
    assert check_entry_balanced(postings) == ()
    assert all(posting.amount for posting in postings)
    assert sum(p.amount.cents for p in postings if p.is_debit) == operation.amount.cents + operation.fee.cents
    assert len(postings) == (4 if operation.fee else 2)
    assert postings[0].is_debit and postings[1].is_credit  # debit first, credit second


@settings(deadline=None)
@given(valid_operations())
def test_every_operation_reversed_nets_to_zero(operation: Operation) -> None:
    original = postings_for(operation)
    assert set(balances_from(original + reversal_postings(original)).values()) == {Money(0)}
    assert check_balances(balances_from(original), original) == ()


def test_shortfall_counts_only_what_this_operation_takes_below_zero() -> None:
    from shared_core.ledger import shortfall

    kes = Money.shillings
    assert shortfall(kes(300), kes(-500)) == kes(200)
    assert shortfall(kes(500), kes(-500)) == Money(0)  # exactly to zero is allowed
    assert shortfall(kes(500), Money(-50_001)) == Money(1)  # one cent over
    assert shortfall(kes(-100), kes(-50)) == kes(50)  # already overdrawn: only its own part
    assert shortfall(kes(-100), kes(80)) == Money(0)  # a credit never falls short


def test_customer_effects_name_only_deposit_accounts_as_the_customer_reads_them() -> None:
    from shared_core.ledger import customer_effects

    postings = (
        Posting("wallet:C0001234", Money(10_000)),  # debit: the wallet loses KES 100
        Posting("loan:L000042", Money(-10_000)),
    )
    assert customer_effects(postings) == {"wallet:C0001234": Money(-10_000)}
