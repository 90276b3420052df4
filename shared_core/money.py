"""KES amounts as integer cents: the value type, parsing what a teller types, and formatting.

No float ever touches an amount. Decimal appears only to apply a rate, with an explicit
rounding mode, and is converted straight back to cents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation, Overflow, localcontext

from shared_core.errors import InvalidAmount

CURRENCY = "KES"
cents_per_shilling = 100
# KES 100 billion: far above any single operation, and well inside the integers that
# JSON readers in other languages hold exactly (2**53).
amount_cents_max = 10_000_000_000_000
amount_text_length_max = 40

# Optional currency, optional sign, digits grouped strictly in threes (or not at all),
# at most two decimals. Anything else is refused with a message naming the problem.
# Longest prefix first: the regex takes the first alternative that matches, so "KSH" before
# "KSHS" would leave the "S" of "Kshs 5,000" behind.
_CURRENCY_PREFIX = re.compile(r"^(?:KSHS|KSH|KES|SHS|SH)\.?\s*", re.IGNORECASE)
# A grouped amount starts with 1-9 ("0,500" is a typing slip, not five hundred).
_AMOUNT = re.compile(
    r"^(?P<sign>-)?(?P<whole>[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d{1,2}))?$", re.ASCII
)
# Kenyan receipts and cheques close whole shillings with "/=" or "/-": "5,000/=".
_WHOLE_SHILLINGS_SUFFIX = re.compile(r"\s*/[=-]$")


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount of Kenya shillings in cents. Signed: a balance may be negative."""

    cents: int

    def __post_init__(self) -> None:
        if type(self.cents) is not int:  # a bool or a float here is a bug, not an input error
            raise TypeError(f"Money needs int cents, got {type(self.cents).__name__}")
        if abs(self.cents) > amount_cents_max:
            raise InvalidAmount(
                f"Amount {self.cents} cents is beyond the largest amount the system accepts",
                cents=self.cents,
            )

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def shillings(cls, whole: int) -> Money:
        if type(whole) is not int:
            raise TypeError(f"Money.shillings needs an int, got {type(whole).__name__}")
        return cls(whole * cents_per_shilling)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return money_of_cents(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return money_of_cents(self.cents - other.cents)

    def __neg__(self) -> Money:
        return money_of_cents(-self.cents)

    def __abs__(self) -> Money:
        return money_of_cents(abs(self.cents))

    def __bool__(self) -> bool:
        return self.cents != 0

    @property
    def is_negative(self) -> bool:
        return self.cents < 0

    @property
    def is_positive(self) -> bool:
        return self.cents > 0

    def times_rate(self, rate: Decimal | str | int, rounding: str = ROUND_HALF_UP) -> Money:
        """This amount times a rate (a premium rate, a levy), rounded to the cent."""
        if isinstance(rate, (float, bool)):
            raise TypeError(f"rates are Decimal, str or int, never {type(rate).__name__}")
        refusal = f"Rate {rate} is not a number"
        product = _multiply_exactly(Decimal(self.cents), Decimal(rate), refusal=refusal)
        return Money(int(product.to_integral_value(rounding=rounding)))

    def format(self, *, currency: bool = True) -> str:
        """'KES 5,000.00'; negative amounts as 'KES -5,000.00'."""
        sign = "-" if self.cents < 0 else ""
        whole, fraction = divmod(abs(self.cents), cents_per_shilling)
        text = f"{sign}{whole:,}.{fraction:02d}"
        return f"{CURRENCY} {text}" if currency else text

    def __str__(self) -> str:
        return self.format()



def money_of_cents(cents: int) -> Money:
    """Money from cents that int arithmetic on Money's cents made (sums, differences): only the range
    can be wrong, so only the range is checked. For code that builds amounts by the million (the loan
    replays of the portfolio); anywhere else Money(cents) checks the type too."""
    if -amount_cents_max <= cents <= amount_cents_max:
        money = object.__new__(Money)
        object.__setattr__(money, "cents", cents)
        return money
    return Money(cents)  # refused, naming the amount

def parse_amount(text: str, *, allow_zero: bool = False, allow_negative: bool = False) -> Money:
    """What a teller types ("5,000", "5000.50", "KES 5,000") as Money; anything else refused.

    Refused with a message naming what is wrong: floats, exponents ("1e3"), grouping that is
    not in threes ("5,00,000"), more than two decimals, negatives and zero unless allowed.
    """
    if isinstance(text, float):
        raise InvalidAmount("Amounts are typed as text, never passed as a float", value=repr(text))
    if not isinstance(text, str):
        raise TypeError(f"parse_amount needs str, got {type(text).__name__}")
    original = text
    text = text.strip()
    if not text:
        raise InvalidAmount("Enter an amount")
    if len(text) > amount_text_length_max:
        raise InvalidAmount("That amount is too long to be real", value=original[:amount_text_length_max])
    text = _CURRENCY_PREFIX.sub("", text, count=1)
    if _WHOLE_SHILLINGS_SUFFIX.search(text):
        text = _WHOLE_SHILLINGS_SUFFIX.sub("", text)
        if "." in text:
            raise InvalidAmount(f"'{original.strip()}': '/=' closes whole shillings; drop it or the cents")
    match = _AMOUNT.match(text)
    if match is None:
        raise InvalidAmount(_explain_unparseable(text), value=original)
    whole = int(match["whole"].replace(",", ""))
    fraction = (match["fraction"] or "").ljust(2, "0")
    cents = whole * cents_per_shilling + int(fraction or "0")
    if match["sign"]:
        if not allow_negative:
            raise InvalidAmount(f"Negative amounts are not allowed here: {original.strip()}", value=original)
        cents = -cents
    if cents == 0 and not allow_zero:
        raise InvalidAmount("The amount must be more than zero", value=original)
    if abs(cents) > amount_cents_max:
        raise InvalidAmount(f"{original.strip()} is beyond the largest amount the system accepts", value=original)
    return Money(cents)


def _explain_unparseable(text: str) -> str:
    if re.fullmatch(r"-?[\d.,]+e[-+]?\d*", text, re.ASCII | re.IGNORECASE):  # not "5 hundred"
        return f"'{text}' looks like scientific notation; type the amount in full, e.g. 1,000"
    if re.fullmatch(r"-?[\d,]+(\.\d+)?", text, re.ASCII):  # ASCII: "٥٠٠٠" is not digits here
        if "." in text and len(text.rsplit(".", 1)[1]) > 2:
            return f"'{text}' has more than two decimals; shillings have at most two (cents)"
        return f"'{text}' has commas in the wrong places; group digits in threes, e.g. 500,000"
    if re.fullmatch(r"-?\d*\.\d+", text, re.ASCII) or re.fullmatch(r"-?[\d,]+\.", text, re.ASCII):
        return f"'{text}' is not a complete amount; type e.g. 5000 or 5000.50"
    return f"'{text}' is not an amount; type digits, e.g. 5,000 or 5000.50"


def decimal_to_money(value: Decimal, rounding: str = ROUND_HALF_UP) -> Money:
    """A Decimal number of shillings (from a rate computation) as Money, rounded to the cent."""
    cents = _multiply_exactly(value, Decimal(cents_per_shilling), refusal=f"{value} is not an amount")
    return Money(int(cents.to_integral_value(rounding=rounding)))


def _multiply_exactly(left: Decimal, right: Decimal, *, refusal: str) -> Decimal:
    """left * right with no rounding at all, whatever decimal context the caller has set.

    The ambient context rounds products to its precision (28 digits by default, or whatever
    another module set): that would round a cent away before our explicit rounding mode
    ever sees it. A product never needs more digits than its two factors together.
    NaN and infinity are refused with `refusal`: they would pass through a product silently.
    """
    if not (left.is_finite() and right.is_finite()):
        raise InvalidAmount(refusal)
    digits = len(left.as_tuple().digits) + len(right.as_tuple().digits)
    with localcontext(Context(prec=max(digits, 1), traps=[InvalidOperation, Inexact, Overflow])):
        return left * right
