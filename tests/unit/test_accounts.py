"""The chart of accounts: what each account type is, how codes are written, and how balances read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core.accounts import (
    EXCEPTIONS_OFFLINE_OVERDRAFT,
    FIXED_ACCOUNTS,
    INCOME_FEES,
    INCOME_INTEREST,
    INCOME_PENALTIES,
    PREMIUMS_PAYABLE,
    SLOT_ACCOUNT_TYPES,
    SUSPENSE_TILL_OVER_SHORT,
    AccountClass,
    AccountCode,
    AccountType,
    Side,
    account_id_length_max,
    customer_view,
    float_account,
    loan_account,
    parse_account,
    savings_account,
    till_account,
    vault_account,
    wallet_account,
)
from shared_core.errors import InvalidAccount
from shared_core.money import Money
from shared_core.operations import Slot

# type        class        normal side   why
CHART = [
    (AccountType.WALLET, AccountClass.LIABILITY, Side.CREDIT),  # the bank owes the customer
    (AccountType.SAVINGS, AccountClass.LIABILITY, Side.CREDIT),  # the bank owes the customer
    (AccountType.LOAN, AccountClass.ASSET, Side.DEBIT),  # the customer owes the bank
    (AccountType.TILL, AccountClass.ASSET, Side.DEBIT),  # cash in a teller's drawer
    (AccountType.VAULT, AccountClass.ASSET, Side.DEBIT),  # cash in the branch vault
    (AccountType.FLOAT, AccountClass.LIABILITY, Side.CREDIT),  # the bank owes the agent e-float
    (AccountType.INCOME, AccountClass.INCOME, Side.CREDIT),  # fees, interest, penalties earned
    (AccountType.PAYABLE, AccountClass.LIABILITY, Side.CREDIT),  # premiums owed to underwriters
    (AccountType.SUSPENSE, AccountClass.ASSET, Side.DEBIT),  # a short waits here to be explained
    (AccountType.EXCEPTIONS, AccountClass.ASSET, Side.DEBIT),  # an offline overdraft is owed to the bank
    (AccountType.EXPENSE, AccountClass.EXPENSE, Side.DEBIT),  # a loss the bank bears, e.g. a write-off
]


def test_chart_covers_every_account_type() -> None:
    assert {row[0] for row in CHART} == set(AccountType)


@pytest.mark.parametrize(("account_type", "account_class", "normal_side"), CHART)
def test_each_account_type_knows_its_class_and_normal_side(
    account_type: AccountType, account_class: AccountClass, normal_side: Side
) -> None:
    assert account_type.account_class is account_class
    assert account_type.normal_side is normal_side


def test_fixed_accounts_are_the_banks_own_ledger_accounts() -> None:
    assert FIXED_ACCOUNTS == {
        "income:fees",
        "income:interest",
        "payable:loan_overpayments",
        "income:penalties",
        "payable:insurance_premiums",
        "payable:training_levy",
        "payable:policyholders_compensation_fund",
        "payable:stamp_duty",
        "suspense:till_over_short",
        "exceptions:offline_overdraft",
        "expense:offline_overdrafts_written_off",
    }
    assert (INCOME_FEES, INCOME_INTEREST, INCOME_PENALTIES) == ("income:fees", "income:interest", "income:penalties")
    assert PREMIUMS_PAYABLE == "payable:insurance_premiums"
    assert SUSPENSE_TILL_OVER_SHORT == "suspense:till_over_short"
    assert EXCEPTIONS_OFFLINE_OVERDRAFT == "exceptions:offline_overdraft"
    for code in FIXED_ACCOUNTS:
        assert str(parse_account(code)) == code
        assert parse_account(code).type.is_fixed


@pytest.mark.parametrize(
    ("builder", "party_id", "code"),
    [
        (wallet_account, "C0001234", "wallet:C0001234"),
        (savings_account, "C0001234", "savings:C0001234"),
        (loan_account, "L000042", "loan:L000042"),
        (till_account, "BR-K7Q2", "till:BR-K7Q2"),
        (vault_account, "BR01", "vault:BR01"),
        (float_account, "AG-X9P3", "float:AG-X9P3"),
    ],
)
def test_builders_write_the_code_and_parse_reads_it_back(
    builder: Callable[[str], str], party_id: str, code: str
) -> None:
    assert builder(party_id) == code
    parsed = parse_account(code)
    assert parsed == AccountCode(AccountType(code.split(":")[0]), party_id)
    assert str(parsed) == code


def test_an_id_of_exactly_forty_characters_is_accepted_and_forty_one_refused() -> None:
    forty = "A" * account_id_length_max
    assert parse_account(f"wallet:{forty}").id == forty
    with pytest.raises(InvalidAccount, match="longer than 40"):
        parse_account(f"wallet:{forty}A")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("C0001234", "expected <type>:<id>"),
        ("purse:C0001234", "'purse' in 'purse:C0001234' is not an account type"),
        ("Wallet:C0001234", "'Wallet' .* is not an account type"),
        ("wallet:", "has no id"),
        ("wallet:c0001234", "only uppercase letters, digits and '-'"),
        ("wallet:C000 1234", "only uppercase letters, digits and '-'"),
        (" wallet:C0001234", "is not an account type"),
        ("wallet:C0001234 ", "only uppercase letters"),
        ("wallet:C0001234:X", "only uppercase letters"),
        ("till:BR_K7Q2", "only uppercase letters"),
        ("income:fess", "'income:fess' is not in the chart of accounts; income accounts are income:fees"),
        ("income:FEES", "not in the chart of accounts"),
        ("payable:levies", "payable accounts are payable:insurance_premiums"),
        ("suspense:", "has no id"),
    ],
)
def test_malformed_account_codes_are_refused_naming_the_problem(text: str, problem: str) -> None:
    with pytest.raises(InvalidAccount, match=problem) as raised:
        parse_account(text)
    assert raised.value.code == "invalid_account"


def test_builders_refuse_bad_ids_rather_than_correcting_them() -> None:
    with pytest.raises(InvalidAccount):
        wallet_account("c0001234")
    with pytest.raises(InvalidAccount):
        till_account("")


def test_account_code_needs_an_account_type_not_text() -> None:
    with pytest.raises(TypeError):
        AccountCode("wallet", "C0001234")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_account(None)  # type: ignore[arg-type]


def test_slots_hold_only_their_account_types() -> None:
    assert set(SLOT_ACCOUNT_TYPES) == set(Slot)
    assert SLOT_ACCOUNT_TYPES[Slot.CUSTOMER_ACCOUNT] == {AccountType.WALLET, AccountType.SAVINGS}
    assert SLOT_ACCOUNT_TYPES[Slot.COUNTERPARTY_ACCOUNT] == {AccountType.WALLET, AccountType.SAVINGS}
    assert SLOT_ACCOUNT_TYPES[Slot.CASH_ACCOUNT] == {AccountType.TILL, AccountType.FLOAT}
    assert SLOT_ACCOUNT_TYPES[Slot.VAULT_ACCOUNT] == {AccountType.VAULT}
    assert SLOT_ACCOUNT_TYPES[Slot.LOAN_ACCOUNT] == {AccountType.LOAN}


# ledger balance (debits positive) -> what the customer or teller reads
@pytest.mark.parametrize(
    ("account_type", "ledger_cents", "reads_cents", "story"),
    [
        (AccountType.WALLET, -500_00, 500_00, "KES 500 deposited: the customer has 500"),
        (AccountType.WALLET, 200_00, -200_00, "debited past zero offline: overdrawn by 200"),
        (AccountType.SAVINGS, -1_000_00, 1_000_00, "savings of 1,000"),
        (AccountType.LOAN, 10_000_00, 10_000_00, "10,000 disbursed: the customer owes 10,000"),
        (AccountType.TILL, 50_000_00, 50_000_00, "50,000 in the drawer"),
        (AccountType.VAULT, 1_000_000_00, 1_000_000_00, "1,000,000 in the vault"),
        (AccountType.FLOAT, -20_000_00, 20_000_00, "the agent holds 20,000 of e-float"),
        (AccountType.INCOME, -30_00, 30_00, "30 of fees earned"),
        (AccountType.PAYABLE, -150_00, 150_00, "150 of premiums owed to the underwriter"),
        (AccountType.SUSPENSE, 10_00, 10_00, "a till short by 10 waits in suspense"),
        (AccountType.EXCEPTIONS, 700_00, 700_00, "700 overdrawn offline, for head office"),
        (AccountType.WALLET, 0, 0, "an empty wallet reads zero"),
    ],
)
def test_customer_view_reads_balances_as_people_do(
    account_type: AccountType, ledger_cents: int, reads_cents: int, story: str
) -> None:
    assert customer_view(account_type, Money(ledger_cents)) == Money(reads_cents), story


@given(st.sampled_from(list(AccountType)), st.integers(-10**13, 10**13))
def test_customer_view_flips_sign_exactly_for_credit_normal_accounts(account_type: AccountType, cents: int) -> None:
    viewed = customer_view(account_type, Money(cents))
    if account_type.normal_side is Side.CREDIT:
        assert viewed == Money(-cents)
    else:
        assert viewed == Money(cents)


@given(st.sampled_from([t for t in AccountType if not t.is_fixed]), st.from_regex(r"\A[A-Z0-9-]{1,40}\Z"))
def test_every_well_formed_party_code_round_trips(account_type: AccountType, party_id: str) -> None:
    code = f"{account_type.value}:{party_id}"
    assert str(parse_account(code)) == code


def test_a_code_read_again_reads_the_same_and_a_bad_one_is_refused_every_time() -> None:
    """parse_account remembers the codes it read (the ingest reads the same few hundreds of times a
    batch); it never remembers a refusal, and what is not text is refused before anything else."""
    wallet = AccountCode(AccountType.WALLET, "C0001234")
    assert parse_account("wallet:C0001234") == parse_account("wallet:C0001234") == wallet
    for _ in range(2):
        with pytest.raises(InvalidAccount, match="'income:fess' is not in the chart of accounts"):
            parse_account("income:fess")
        with pytest.raises(TypeError, match="parse_account needs str, got list"):
            parse_account(["wallet:C0001234"])  # type: ignore[arg-type]
