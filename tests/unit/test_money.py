"""Money: integer cents, what a teller types, how amounts print, and rates applied to them.

Each case is a worked example: the text typed at the counter and the cents it becomes, or
the refusal and the words the teller reads. The properties at the end check every amount
in range, not just the examples: what we print, we read back to the same cent.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shared_core.errors import InvalidAmount
from shared_core.money import (
    CURRENCY,
    Money,
    amount_cents_max,
    amount_text_length_max,
    cents_per_shilling,
    decimal_to_money,
    money_of_cents,
    parse_amount,
)


def test_the_limits_are_what_the_design_says() -> None:
    assert CURRENCY == "KES"
    assert cents_per_shilling == 100
    assert amount_cents_max == 100_000_000_000 * 100  # KES 100 billion
    assert amount_cents_max < 2**53  # held exactly by any JSON reader


# --- parsing what a teller types -----------------------------------------------------------

ACCEPTED = [
    ("5,000", 500_000),
    ("5000", 500_000),
    ("5000.50", 500_050),
    ("5000.5", 500_050),
    ("5,000.05", 500_005),
    ("KES 5,000", 500_000),
    ("kes 5,000.00", 500_000),
    ("KES5000", 500_000),
    ("Ksh 5,000.5", 500_050),
    ("KSh. 5,000", 500_000),
    ("Kshs 5,000", 500_000),  # the longest prefix is taken whole, not "Ksh" + "s 5,000"
    ("KSHS. 5,000", 500_000),
    ("Sh 200", 20_000),
    ("Shs 200", 20_000),
    ("Shs.200", 20_000),
    ("  5000  ", 500_000),
    ("\t5000\n", 500_000),
    ("KES\u00a05,000", 500_000),  # a non-breaking space pasted from a document
    ("0.01", 1),
    ("0.5", 50),
    ("1", 100),
    ("999", 99_900),
    ("1,000", 100_000),
    ("12,345,678.90", 1_234_567_890),
    ("100,000,000,000", amount_cents_max),  # exactly at the maximum
    ("100000000000.00", amount_cents_max),
]


@pytest.mark.parametrize(("text", "cents"), ACCEPTED, ids=[text for text, _ in ACCEPTED])
def test_what_a_teller_types_is_read_to_the_cent(text: str, cents: int) -> None:
    assert parse_amount(text) == Money(cents)


REFUSED = [
    ("1e3", "scientific notation"),
    ("1E3", "scientific notation"),
    ("1.5e3", "scientific notation"),
    ("5,00,000", "commas in the wrong places"),  # Indian grouping
    ("50,00", "commas in the wrong places"),
    ("5000,000", "commas in the wrong places"),
    ("5,000,00", "commas in the wrong places"),
    (",500", "commas in the wrong places"),
    ("-5", "Negative amounts are not allowed"),
    ("KES -5,000", "Negative amounts are not allowed"),
    ("0", "more than zero"),
    ("0.00", "more than zero"),
    ("KES 0", "more than zero"),
    ("5.123", "more than two decimals"),
    ("5,000.001", "more than two decimals"),
    ("", "Enter an amount"),
    ("   ", "Enter an amount"),
    ("abc", "is not an amount"),
    ("KES", "is not an amount"),
    ("five thousand", "is not an amount"),
    ("5 hundred", "is not an amount"),
    ("5,000.", "not a complete amount"),
    ("5.", "not a complete amount"),
    (".5", "not a complete amount"),
    ("\u0665\u0660\u0660\u0660", "is not an amount"),  # Arabic-Indic digits ٥٠٠٠
    ("\uff15\uff10\uff10\uff10", "is not an amount"),  # full-width digits ５０００
    ("5\u0660\u0660\u0660", "is not an amount"),  # an ASCII 5 and three Arabic-Indic zeros
    ("5 000", "is not an amount"),
    ("5'000", "is not an amount"),
    ("+5", "is not an amount"),
    ("5-", "is not an amount"),
    ("--5", "is not an amount"),
    ("5000 KES", "is not an amount"),
    ("KES KES 5", "is not an amount"),
    ("100,000,000,000.01", "beyond the largest amount"),  # one cent over the maximum
    ("999999999999999", "beyond the largest amount"),
    ("1" * (amount_text_length_max + 1), "too long"),
]


@pytest.mark.parametrize(("text", "problem"), REFUSED, ids=[repr(text) for text, _ in REFUSED])
def test_refusals_name_the_problem(text: str, problem: str) -> None:
    with pytest.raises(InvalidAmount, match=re.escape(problem)) as refusal:
        parse_amount(text)
    assert refusal.value.code == "invalid_amount"


def test_a_float_is_refused_as_an_amount_not_quietly_converted() -> None:
    with pytest.raises(InvalidAmount, match="never passed as a float"):
        parse_amount(5000.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [5000, Decimal("5000"), None, b"5000"])
def test_anything_but_text_is_a_programming_error(value: object) -> None:
    with pytest.raises(TypeError):
        parse_amount(value)  # type: ignore[arg-type]


def test_negative_amounts_only_where_allowed() -> None:
    assert parse_amount("-5", allow_negative=True) == Money(-500)
    assert parse_amount("KES -5,000.50", allow_negative=True) == Money(-500_050)
    with pytest.raises(InvalidAmount, match="beyond the largest amount"):
        parse_amount("-100,000,000,000.01", allow_negative=True)
    assert parse_amount("-100,000,000,000", allow_negative=True) == Money(-amount_cents_max)


def test_zero_only_where_allowed() -> None:
    assert parse_amount("0", allow_zero=True) == Money(0)
    assert parse_amount("0.00", allow_zero=True) == Money(0)
    # "-0" is still a negative sign typed where negatives are not allowed
    with pytest.raises(InvalidAmount, match="Negative"):
        parse_amount("-0", allow_zero=True)
    assert parse_amount("-0", allow_zero=True, allow_negative=True) == Money(0)


def test_the_refusal_carries_what_was_typed() -> None:
    with pytest.raises(InvalidAmount) as refusal:
        parse_amount("5,00,000")
    assert refusal.value.details == {"value": "5,00,000"}
    assert "5,00,000" in str(refusal.value)


# --- the value type ------------------------------------------------------------------------


@pytest.mark.parametrize("cents", [True, False, 5000.0, 5000.5, Decimal("5000"), "5000", None])
def test_money_holds_only_int_cents(cents: object) -> None:
    with pytest.raises(TypeError):
        Money(cents)  # type: ignore[arg-type]


def test_money_holds_up_to_the_maximum_either_way() -> None:
    assert Money(amount_cents_max).cents == amount_cents_max
    assert Money(-amount_cents_max).cents == -amount_cents_max
    with pytest.raises(InvalidAmount, match="beyond the largest amount"):
        Money(amount_cents_max + 1)
    with pytest.raises(InvalidAmount, match="beyond the largest amount"):
        Money(-amount_cents_max - 1)


def test_money_is_frozen_and_hashable() -> None:
    money = Money(500)
    with pytest.raises(dataclasses.FrozenInstanceError):
        money.cents = 600  # type: ignore[misc]
    assert {Money(500), Money(500), Money(600)} == {Money(500), Money(600)}


def test_shillings_and_zero() -> None:
    assert Money.shillings(5_000) == Money(500_000)
    assert Money.shillings(-5) == Money(-500)
    assert Money.zero() == Money(0)
    for whole in (True, 5.0, Decimal(5), "5"):
        with pytest.raises(TypeError):
            Money.shillings(whole)  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount):
        Money.shillings(100_000_000_001)


def test_arithmetic() -> None:
    deposit = Money(500_050)  # KES 5,000.50
    fee = Money(3_300)  # KES 33.00
    assert deposit + fee == Money(503_350)
    assert deposit - fee == Money(496_750)
    assert fee - deposit == Money(-496_750)
    assert -deposit == Money(-500_050)
    assert abs(Money(-500_050)) == deposit
    assert Money(100) - Money(100) == Money.zero()


def test_arithmetic_stays_within_the_maximum() -> None:
    assert Money(amount_cents_max - 1) + Money(1) == Money(amount_cents_max)
    with pytest.raises(InvalidAmount):
        Money(amount_cents_max) + Money(1)
    with pytest.raises(InvalidAmount):
        Money(-amount_cents_max) - Money(1)


@pytest.mark.parametrize("other", [1, 1.0, Decimal(1), "1"])
def test_money_does_not_mix_with_bare_numbers(other: object) -> None:
    with pytest.raises(TypeError):
        Money(100) + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) - other  # type: ignore[operator]
    assert Money(100) != other


def test_sign_truth_and_order() -> None:
    assert Money(-1).is_negative and not Money(-1).is_positive
    assert Money(1).is_positive and not Money(1).is_negative
    assert not Money(0).is_negative and not Money(0).is_positive
    assert not Money(0) and Money(1) and Money(-1)
    assert Money(-1) < Money(0) < Money(1) < Money(100)
    assert max(Money(500), Money(70_000), Money(-1)) == Money(70_000)


# --- formatting ----------------------------------------------------------------------------

FORMATTED = [
    (500_000, "KES 5,000.00", "5,000.00"),
    (500_050, "KES 5,000.50", "5,000.50"),
    (500_005, "KES 5,000.05", "5,000.05"),
    (-500_000, "KES -5,000.00", "-5,000.00"),
    (1, "KES 0.01", "0.01"),
    (-1, "KES -0.01", "-0.01"),
    (0, "KES 0.00", "0.00"),
    (99_999, "KES 999.99", "999.99"),
    (100_000, "KES 1,000.00", "1,000.00"),
    (123_456_789, "KES 1,234,567.89", "1,234,567.89"),
    (amount_cents_max, "KES 100,000,000,000.00", "100,000,000,000.00"),
    (-amount_cents_max, "KES -100,000,000,000.00", "-100,000,000,000.00"),
]


@pytest.mark.parametrize(("cents", "with_currency", "bare"), FORMATTED, ids=[f for _, f, _ in FORMATTED])
def test_format(cents: int, with_currency: str, bare: str) -> None:
    money = Money(cents)
    assert money.format() == with_currency
    assert str(money) == with_currency
    assert money.format(currency=False) == bare


# --- rates ---------------------------------------------------------------------------------


def test_times_rate_rounds_half_a_cent_up() -> None:
    # KES 3.33 at 50% is 166.5 cents: half-up makes it 167, away from zero for a refund too.
    assert Money(333).times_rate("0.5") == Money(167)
    assert Money(-333).times_rate("0.5") == Money(-167)
    # Just under half a cent goes down; just over goes up.
    assert Money(1).times_rate("0.4999") == Money(0)
    assert Money(1).times_rate("0.5") == Money(1)
    assert Money(1).times_rate("0.5001") == Money(1)


def test_times_rate_worked_examples() -> None:
    # Excise duty of 0.25% on KES 1,234,567.89 is 3,086.419725 shillings: KES 3,086.42.
    assert Money(123_456_789).times_rate(Decimal("0.0025")) == Money(308_642)
    # A 1.5% premium on KES 100.00 is exactly KES 1.50.
    assert Money(10_000).times_rate("0.015") == Money(150)
    assert Money(10_000).times_rate(3) == Money(30_000)
    assert Money(10_000).times_rate(0) == Money(0)


def test_times_rate_honours_an_explicit_rounding_mode() -> None:
    assert Money(333).times_rate("0.5", ROUND_HALF_EVEN) == Money(166)
    assert Money(335).times_rate("0.5", ROUND_HALF_EVEN) == Money(168)
    assert Money(399).times_rate("0.5", ROUND_DOWN) == Money(199)
    assert Money(333).times_rate("0.5", ROUND_HALF_UP) == Money(167)


@pytest.mark.parametrize("rate", [0.5, 1.0, True, False])
def test_times_rate_refuses_float_and_bool_rates(rate: object) -> None:
    with pytest.raises(TypeError):
        Money(10_000).times_rate(rate)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_times_rate_refuses_a_rate_that_is_not_a_number(rate: str) -> None:
    with pytest.raises(InvalidAmount, match="not a number"):
        Money(10_000).times_rate(Decimal(rate))


def test_times_rate_result_stays_within_the_maximum() -> None:
    assert Money(amount_cents_max // 2).times_rate(2) == Money(amount_cents_max)
    with pytest.raises(InvalidAmount):
        Money(amount_cents_max).times_rate("1.01")


def test_times_rate_does_not_round_before_its_own_rounding() -> None:
    """At the default 28 digits, 0.49999999999999999999999999995 cents would first round to
    0.5 and then half-up to a whole cent; the product must be exact before rounding once."""
    assert Money(1).times_rate("0.49999999999999999999999999995") == Money(0)
    assert Money(1).times_rate("0.50000000000000000000000000001") == Money(1)


def test_times_rate_ignores_a_caller_changed_decimal_context() -> None:
    """Decimal's context is process state any library can change; amounts must not follow it."""
    with localcontext() as context:
        context.prec = 6
        assert Money(123_456_789).times_rate(1) == Money(123_456_789)
        assert decimal_to_money(Decimal("1234567.891")) == Money(123_456_789)


def test_decimal_to_money() -> None:
    assert decimal_to_money(Decimal("12.345")) == Money(1_235)
    assert decimal_to_money(Decimal("12.344")) == Money(1_234)
    assert decimal_to_money(Decimal("-12.345")) == Money(-1_235)
    assert decimal_to_money(Decimal("12.345"), ROUND_HALF_EVEN) == Money(1_234)
    assert decimal_to_money(Decimal("1E+3")) == Money(100_000)
    with pytest.raises(InvalidAmount):
        decimal_to_money(Decimal("100000000000.01"))


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_decimal_to_money_refuses_what_is_not_a_number(value: str) -> None:
    with pytest.raises(InvalidAmount, match="is not an amount"):
        decimal_to_money(Decimal(value))


# --- every amount, not just the examples ---------------------------------------------------

all_cents = st.one_of(
    st.integers(min_value=-amount_cents_max, max_value=amount_cents_max),
    st.integers(min_value=-1_000_000, max_value=1_000_000),
)
_FORMATTED_SHAPE = re.compile(r"-?\d{1,3}(,\d{3})*\.\d{2}")


@given(all_cents)
@settings(max_examples=1_000)
@example(0)
@example(1)
@example(-1)
@example(amount_cents_max)
@example(-amount_cents_max)
def test_what_we_print_reads_back_to_the_same_cent(cents: int) -> None:
    money = Money(cents)
    assert parse_amount(money.format(), allow_zero=True, allow_negative=True) == money
    assert parse_amount(money.format(currency=False), allow_zero=True, allow_negative=True) == money


@given(all_cents)
@settings(max_examples=1_000)
def test_format_is_plain_digits_with_two_decimals(cents: int) -> None:
    text = Money(cents).format()
    assert text.startswith("KES ")
    assert _FORMATTED_SHAPE.fullmatch(text.removeprefix("KES ")), text
    assert "e" not in text.lower().removeprefix("kes ")


@given(st.integers(min_value=1, max_value=amount_cents_max))
@settings(max_examples=500)
def test_plain_digits_read_to_the_cent(cents: int) -> None:
    whole, fraction = divmod(cents, 100)
    assert parse_amount(f"{whole}.{fraction:02d}") == Money(cents)
    if fraction % 10 == 0:
        assert parse_amount(f"{whole}.{fraction // 10}") == Money(cents)


@given(st.integers(min_value=1, max_value=10**11), st.data())
@settings(max_examples=500)
def test_commas_are_accepted_only_every_three_digits(whole: int, data: st.DataObject) -> None:
    digits = str(whole)
    thousands = {i for i in range(1, len(digits)) if (len(digits) - i) % 3 == 0}
    commas = data.draw(st.sets(st.integers(min_value=1, max_value=max(len(digits) - 1, 1))))
    commas = {i for i in commas if i < len(digits)}
    text = "".join(("," if i in commas else "") + digit for i, digit in enumerate(digits))
    if commas in (set(), thousands):
        assert parse_amount(text) == Money(whole * 100)
    else:
        with pytest.raises(InvalidAmount, match="commas in the wrong places"):
            parse_amount(text)


_non_ascii_digits = st.characters(categories=["Nd"]).filter(lambda c: c not in "0123456789")


@given(st.lists(st.one_of(_non_ascii_digits, st.sampled_from("0123456789,.")), min_size=1, max_size=12))
@settings(max_examples=300)
def test_digits_from_other_scripts_are_never_read(characters: list[str]) -> None:
    text = "".join(characters)
    if not any(c.isdigit() and c not in "0123456789" for c in text):
        return
    with pytest.raises(InvalidAmount):
        parse_amount(text, allow_zero=True)


_rates = st.one_of(
    st.decimals(min_value=0, max_value=2, places=4, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=2, places=40, allow_nan=False, allow_infinity=False),
)


@given(st.integers(min_value=-amount_cents_max // 2, max_value=amount_cents_max // 2), _rates)
@settings(max_examples=1_000)
@example(1, Decimal("0.49999999999999999999999999995"))
@example(333, Decimal("0.5"))
@example(-333, Decimal("0.5"))
def test_times_rate_is_exact_arithmetic_rounded_half_up_once(cents: int, rate: Decimal) -> None:
    exact = Fraction(cents) * Fraction(rate)
    magnitude = abs(exact)
    rounded = int(magnitude + Fraction(1, 2))  # floor(x + 1/2): half away from zero
    expected = rounded if exact >= 0 else -rounded
    assert Money(cents).times_rate(rate) == Money(expected)


@pytest.mark.parametrize(("typed", "cents"), [("5,000/=", 500_000), ("KES 5,000/-", 500_000), ("250 /=", 25_000)])
def test_the_kenyan_whole_shillings_mark_is_understood(typed: str, cents: int) -> None:
    assert parse_amount(typed) == Money(cents)


@pytest.mark.parametrize("typed", ["5,000.50/=", "0,500", "00,500", "/="])
def test_slips_around_the_whole_shillings_mark_and_leading_zero_groups_are_refused(typed: str) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(typed)


@pytest.mark.parametrize("cents", [0, 1, -1, 500_000, -amount_cents_max, amount_cents_max])
def test_arithmetic_makes_money_that_is_the_same_as_money_made_whole(cents: int) -> None:
    made = money_of_cents(cents)
    assert made == Money(cents) and hash(made) == hash(Money(cents)) and repr(made) == repr(Money(cents))
    assert Money(cents) + Money(0) == Money(cents) and -(-Money(cents)) == Money(cents)
    assert abs(Money(cents)).cents == abs(cents)


def test_arithmetic_beyond_the_largest_amount_is_refused_naming_it() -> None:
    with pytest.raises(InvalidAmount, match=str(amount_cents_max + 1)):
        Money(amount_cents_max) + Money(1)
    with pytest.raises(InvalidAmount):
        Money(-amount_cents_max) - Money(1)
    with pytest.raises(InvalidAmount):
        money_of_cents(amount_cents_max + 1)
