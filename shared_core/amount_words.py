"""The amount in words printed on a receipt, in English and in Swahili.

Words are there so that a figure cannot be altered without the words contradicting it, so
each amount has exactly one wording and each wording names exactly one amount. Both
languages cover every amount from 0 to `money.amount_cents_max` (KES 100 billion); a
negative amount is refused, since receipts show the positive amount that moved.

English, the form Kenyan banks print on cheques and receipts:

    Kenya Shillings Five Thousand Only                               5,000.00
    Kenya Shillings One Hundred and Five Only                          105.00
    Kenya Shillings One Thousand and Five Only                       1,005.00
    Kenya Shillings One Thousand Two Hundred and Fifty
        and Cents Fifty Only                                         1,250.50
    Kenya Shillings One Hundred and Cents Fifty Only                   100.50
    Kenya Shillings Twenty-Five Thousand Only                       25,000.00
    Kenya Shillings Zero Only                                            0.00
    Kenya Shillings Zero and Cents One Only                              0.01

- Title Case; "Kenya Shillings" first and "Only" last, always, so nothing can be added.
- British "and": after "Hundred" when tens or units follow ("One Hundred and Five"), and
  before a last group under one hundred that follows a scale ("One Million and One").
- Tens and units are hyphenated ("Twenty-Five"); scales are Thousand, Million, Billion
  (short scale); no commas.
- Cents follow the shillings as "and Cents <n>": the label before its number, as "Kenya
  Shillings" is, and as on East African and Indian cheques ("and Cents Fifty Only"). Not
  "and Fifty Cents": "One Hundred and Fifty Cents" (100.50) is read as 150 by a hurried
  eye until the last word; "One Hundred and Cents Fifty" cannot be. It is also the
  Swahili order ("na senti hamsini"). An amount under one shilling still names the
  shillings, "Zero", so every wording has the same shape.

Swahili, noun first, then the number, as on Kenya's banknotes ("Shilingi Elfu Moja"):

    Shilingi elfu tano                                               5,000.00
    Shilingi mia moja na tano                                          105.00
    Shilingi ishirini na tano                                           25.00
    Shilingi elfu moja, mia mbili na hamsini                         1,250.00
    Shilingi elfu moja, na moja                                      1,001.00
    Shilingi elfu ishirini na tano                                  25,000.00
    Shilingi elfu ishirini, na tano                                 20,005.00
    Shilingi laki mbili, na elfu hamsini                           250,000.00
    Shilingi milioni mbili                                       2,000,000.00
    Shilingi mia moja na senti hamsini                                 100.50
    Shilingi sifuri na senti hamsini                                     0.50

- Sentence case, as in the examples above.
- Numbers: a scale word comes before its count ("mia tatu" 300, "elfu tano" 5,000);
  "na" comes before the last part in use ("mia mbili hamsini na sita" 256).
- Scales: mia (100), elfu (1,000), laki (100,000), milioni, bilioni. For 100,000 we write
  "laki", not "elfu mia": "laki" is the standard Swahili word (Kamusi ya Kiswahili Sanifu),
  the one Kenyans say and write for amounts ("laki tano"), and "elfu mia tano" (500,000) is
  too easily read as "elfu, mia tano" (1,500). So below a million the parts are laki (1-9),
  elfu (1-99) and the rest (1-999); counts of milioni (1-999) and bilioni (1-100) are
  written with mia, never with laki or elfu inside.
- The comma. Spoken Swahili is ambiguous where a count ends in tens: "elfu ishirini na tano"
  is 25,000, but 20,005 said the same way ("elfu ishirini" and "tano") sounds identical; so
  do 11,000 and 10,001, or 105 million and 100,000,005. A receipt must not be. We write a
  comma after every scale part (elfu, laki, milioni, bilioni), including before the "na"
  that brings in the last part, and never anywhere else: "elfu ishirini, na tano" is
  20,005, "elfu ishirini na tano" is 25,000. The counts never hold a comma, so the commas
  alone show where each part ends.
- Cents follow as "na senti <n>"; zero shillings are "sifuri", as in English.
"""

from __future__ import annotations

from enum import StrEnum

from shared_core.errors import InvalidAmount
from shared_core.money import Money, cents_per_shilling

# KES 100 billion is the most Money holds; both languages' scales stop at billion, whose
# count we write up to 999, so this bound covers it with room to spare.
_shillings_max = 999_999_999_999


class Language(StrEnum):
    ENGLISH = "en"
    SWAHILI = "sw"


def amount_in_words(money: Money, language: Language) -> str:
    """The receipt wording of a non-negative amount in the given language."""
    language = Language(language)
    if language is Language.ENGLISH:
        return amount_in_words_en(money)
    return amount_in_words_sw(money)


def amount_in_words_en(money: Money) -> str:
    """'Kenya Shillings One Thousand Two Hundred and Fifty and Cents Fifty Only'."""
    shillings, cents = _split(money)
    words = f"Kenya Shillings {_english_number(shillings)}"
    if cents:
        words += f" and Cents {_english_below_hundred(cents)}"
    return f"{words} Only"


def amount_in_words_sw(money: Money) -> str:
    """'Shilingi elfu moja, mia mbili na hamsini na senti hamsini'."""
    shillings, cents = _split(money)
    words = f"Shilingi {_swahili_number(shillings)}"
    if cents:
        words += f" na senti {_swahili_below_thousand(cents)}"
    return words


def _split(money: Money) -> tuple[int, int]:
    if not isinstance(money, Money):
        raise TypeError(f"amount in words needs Money, got {type(money).__name__}")
    if money.is_negative:
        raise InvalidAmount(
            f"{money.format()} is negative; a receipt shows the amount in words as a positive amount",
            cents=money.cents,
        )
    shillings, cents = divmod(money.cents, cents_per_shilling)
    assert shillings <= _shillings_max, "Money never holds more than KES 100 billion"
    return shillings, cents


# --- English -------------------------------------------------------------------------------

_ENGLISH_BELOW_TWENTY = (
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
    "Nineteen",
)  # fmt: skip
_ENGLISH_TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")
_ENGLISH_SCALES = ((1_000_000_000, "Billion"), (1_000_000, "Million"), (1_000, "Thousand"))


def _english_number(number: int) -> str:
    if number == 0:
        return "Zero"
    parts: list[str] = []
    rest = number
    for scale, name in _ENGLISH_SCALES:
        count, rest = divmod(rest, scale)
        if count:
            parts.append(f"{_english_below_thousand(count)} {name}")
    if rest:
        if parts and rest < 100:  # British: "One Thousand and Five"
            parts.append("and")
        parts.append(_english_below_thousand(rest))
    return " ".join(parts)


def _english_below_thousand(number: int) -> str:
    assert 0 < number < 1000, number
    hundreds, rest = divmod(number, 100)
    if not hundreds:
        return _english_below_hundred(rest)
    words = f"{_ENGLISH_BELOW_TWENTY[hundreds]} Hundred"
    return f"{words} and {_english_below_hundred(rest)}" if rest else words


def _english_below_hundred(number: int) -> str:
    assert 0 < number < 100, number
    if number < 20:
        return _ENGLISH_BELOW_TWENTY[number]
    tens, units = divmod(number, 10)
    return f"{_ENGLISH_TENS[tens]}-{_ENGLISH_BELOW_TWENTY[units]}" if units else _ENGLISH_TENS[tens]


# --- Swahili -------------------------------------------------------------------------------

_SWAHILI_UNITS = ("sifuri", "moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa")
_SWAHILI_TENS = (
    "", "kumi", "ishirini", "thelathini", "arobaini", "hamsini", "sitini", "sabini", "themanini", "tisini",
)  # fmt: skip
# (word, value, how many of it at most); the count is written before the next scale down.
_SWAHILI_SCALES = (
    ("bilioni", 1_000_000_000, 999),
    ("milioni", 1_000_000, 999),
    ("laki", 100_000, 9),
    ("elfu", 1_000, 99),
)


def _swahili_number(number: int) -> str:
    if number == 0:
        return _SWAHILI_UNITS[0]
    parts: list[str] = []  # each scale part is one unit of meaning, closed by a comma
    rest = number
    for word, value, count_max in _SWAHILI_SCALES:
        count, rest = divmod(rest, value)
        assert count <= count_max, (word, count)
        if count:
            parts.append(f"{word} {_swahili_below_thousand(count)}")
    last_is_single = True  # a scale part, or a rest of one element, takes "na" before it
    if rest:
        parts.append(_swahili_below_thousand(rest))
        last_is_single = len(_swahili_elements(rest)) == 1
    if len(parts) > 1 and last_is_single:
        parts[-1] = f"na {parts[-1]}"
    return ", ".join(parts)


def _swahili_below_thousand(number: int) -> str:
    elements = _swahili_elements(number)
    if len(elements) == 1:
        return elements[0]
    return f"{' '.join(elements[:-1])} na {elements[-1]}"


def _swahili_elements(number: int) -> list[str]:
    """The parts of 1-999 in use: 'mia <n>', then the tens, then the units."""
    assert 0 < number < 1000, number
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    elements: list[str] = []
    if hundreds:
        elements.append(f"mia {_SWAHILI_UNITS[hundreds]}")
    if tens:
        elements.append(_SWAHILI_TENS[tens])
    if units:
        elements.append(_SWAHILI_UNITS[units])
    return elements
