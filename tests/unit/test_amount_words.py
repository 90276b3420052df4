"""The amount in words on a receipt, in English and Swahili.

Worked examples first, read against the figures beside them. Then the property that makes
the examples matter: a small reader, written here independently of the module, turns the
words back into cents, and for any amount up to the maximum it gets the same amount back,
so no two amounts share a wording and no wording is wrong by a digit.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shared_core.amount_words import Language, amount_in_words, amount_in_words_en, amount_in_words_sw
from shared_core.errors import InvalidAmount
from shared_core.money import Money, amount_cents_max

# (cents, English, Swahili)
WORKED_EXAMPLES = [
    (0, "Kenya Shillings Zero Only", "Shilingi sifuri"),
    (1, "Kenya Shillings Zero and Cents One Only", "Shilingi sifuri na senti moja"),
    (50, "Kenya Shillings Zero and Cents Fifty Only", "Shilingi sifuri na senti hamsini"),
    (100, "Kenya Shillings One Only", "Shilingi moja"),
    (1_000, "Kenya Shillings Ten Only", "Shilingi kumi"),
    (1_100, "Kenya Shillings Eleven Only", "Shilingi kumi na moja"),
    (1_900, "Kenya Shillings Nineteen Only", "Shilingi kumi na tisa"),
    (2_000, "Kenya Shillings Twenty Only", "Shilingi ishirini"),
    (2_100, "Kenya Shillings Twenty-One Only", "Shilingi ishirini na moja"),
    (2_500, "Kenya Shillings Twenty-Five Only", "Shilingi ishirini na tano"),
    (9_900, "Kenya Shillings Ninety-Nine Only", "Shilingi tisini na tisa"),
    (10_000, "Kenya Shillings One Hundred Only", "Shilingi mia moja"),
    (10_050, "Kenya Shillings One Hundred and Cents Fifty Only", "Shilingi mia moja na senti hamsini"),
    (10_100, "Kenya Shillings One Hundred and One Only", "Shilingi mia moja na moja"),
    (10_500, "Kenya Shillings One Hundred and Five Only", "Shilingi mia moja na tano"),
    (11_000, "Kenya Shillings One Hundred and Ten Only", "Shilingi mia moja na kumi"),
    (11_100, "Kenya Shillings One Hundred and Eleven Only", "Shilingi mia moja kumi na moja"),
    (25_600, "Kenya Shillings Two Hundred and Fifty-Six Only", "Shilingi mia mbili hamsini na sita"),
    (99_900, "Kenya Shillings Nine Hundred and Ninety-Nine Only", "Shilingi mia tisa tisini na tisa"),
    (100_000, "Kenya Shillings One Thousand Only", "Shilingi elfu moja"),
    (100_100, "Kenya Shillings One Thousand and One Only", "Shilingi elfu moja, na moja"),
    (101_000, "Kenya Shillings One Thousand and Ten Only", "Shilingi elfu moja, na kumi"),
    (110_000, "Kenya Shillings One Thousand One Hundred Only", "Shilingi elfu moja, na mia moja"),
    (
        125_000,
        "Kenya Shillings One Thousand Two Hundred and Fifty Only",
        "Shilingi elfu moja, mia mbili na hamsini",
    ),
    (
        125_050,
        "Kenya Shillings One Thousand Two Hundred and Fifty and Cents Fifty Only",
        "Shilingi elfu moja, mia mbili na hamsini na senti hamsini",
    ),
    (500_000, "Kenya Shillings Five Thousand Only", "Shilingi elfu tano"),
    (1_000_000, "Kenya Shillings Ten Thousand Only", "Shilingi elfu kumi"),
    # Where spoken Swahili is ambiguous the comma decides: 10,001 against 11,000 ...
    (1_000_100, "Kenya Shillings Ten Thousand and One Only", "Shilingi elfu kumi, na moja"),
    (1_100_000, "Kenya Shillings Eleven Thousand Only", "Shilingi elfu kumi na moja"),
    (1_010_000, "Kenya Shillings Ten Thousand One Hundred Only", "Shilingi elfu kumi, na mia moja"),
    # ... and 20,005 against 25,000.
    (2_000_500, "Kenya Shillings Twenty Thousand and Five Only", "Shilingi elfu ishirini, na tano"),
    (2_500_000, "Kenya Shillings Twenty-Five Thousand Only", "Shilingi elfu ishirini na tano"),
    (10_000_000, "Kenya Shillings One Hundred Thousand Only", "Shilingi laki moja"),
    (
        12_572_800,
        "Kenya Shillings One Hundred and Twenty-Five Thousand Seven Hundred and Twenty-Eight Only",
        "Shilingi laki moja, elfu ishirini na tano, mia saba ishirini na nane",
    ),
    (
        25_000_000,
        "Kenya Shillings Two Hundred and Fifty Thousand Only",
        "Shilingi laki mbili, na elfu hamsini",
    ),
    (50_000_000, "Kenya Shillings Five Hundred Thousand Only", "Shilingi laki tano"),
    (
        99_999_999,
        "Kenya Shillings Nine Hundred and Ninety-Nine Thousand Nine Hundred and Ninety-Nine"
        " and Cents Ninety-Nine Only",
        "Shilingi laki tisa, elfu tisini na tisa, mia tisa tisini na tisa na senti tisini na tisa",
    ),
    (100_000_000, "Kenya Shillings One Million Only", "Shilingi milioni moja"),
    (100_000_100, "Kenya Shillings One Million and One Only", "Shilingi milioni moja, na moja"),
    (200_000_000, "Kenya Shillings Two Million Only", "Shilingi milioni mbili"),
    (
        250_000_000,
        "Kenya Shillings Two Million Five Hundred Thousand Only",
        "Shilingi milioni mbili, na laki tano",
    ),
    # 105 million against 100,000,005.
    (
        10_500_000_000,
        "Kenya Shillings One Hundred and Five Million Only",
        "Shilingi milioni mia moja na tano",
    ),
    (
        10_000_000_500,
        "Kenya Shillings One Hundred Million and Five Only",
        "Shilingi milioni mia moja, na tano",
    ),
    (
        99_999_999_900,
        "Kenya Shillings Nine Hundred and Ninety-Nine Million Nine Hundred and Ninety-Nine Thousand"
        " Nine Hundred and Ninety-Nine Only",
        "Shilingi milioni mia tisa tisini na tisa, laki tisa, elfu tisini na tisa, mia tisa tisini na tisa",
    ),
    (100_000_000_000, "Kenya Shillings One Billion Only", "Shilingi bilioni moja"),
    (100_000_000_100, "Kenya Shillings One Billion and One Only", "Shilingi bilioni moja, na moja"),
    (amount_cents_max, "Kenya Shillings One Hundred Billion Only", "Shilingi bilioni mia moja"),
]


@pytest.mark.parametrize(
    ("cents", "english", "swahili"), WORKED_EXAMPLES, ids=[str(cents) for cents, _, _ in WORKED_EXAMPLES]
)
def test_worked_examples(cents: int, english: str, swahili: str) -> None:
    money = Money(cents)
    assert amount_in_words_en(money) == english
    assert amount_in_words_sw(money) == swahili
    assert amount_in_words(money, Language.ENGLISH) == english
    assert amount_in_words(money, Language.SWAHILI) == swahili


def test_language_codes_are_the_stored_values() -> None:
    assert Language("en") is Language.ENGLISH
    assert Language("sw") is Language.SWAHILI
    assert amount_in_words(Money(500_000), "sw") == "Shilingi elfu tano"  # type: ignore[arg-type]


def test_unknown_language_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        amount_in_words(Money(100), "fr")  # type: ignore[arg-type]


@pytest.mark.parametrize("cents", [-1, -100, -500_000, -amount_cents_max])
@pytest.mark.parametrize("language", list(Language))
def test_negative_amounts_are_refused(cents: int, language: Language) -> None:
    with pytest.raises(InvalidAmount, match="negative"):
        amount_in_words(Money(cents), language)


@pytest.mark.parametrize("value", [500, "500", None])
def test_only_money_has_words(value: object) -> None:
    with pytest.raises(TypeError):
        amount_in_words_en(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        amount_in_words_sw(value)  # type: ignore[arg-type]


# --- an independent reader of the English words -------------------------------------------

_EN_SMALL = {
    word.lower(): value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def read_english_number(text: str) -> int:
    total = 0
    current = 0
    scale_last = 10**12
    for word in text.lower().replace("-", " ").split(" "):
        if word == "and":
            continue
        if word in _EN_SMALL:
            current += _EN_SMALL[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "hundred":
            assert 0 < current < 10, text
            current *= 100
        elif word in _EN_SCALES:
            scale = _EN_SCALES[word]
            assert 0 < current < 1000 and scale < scale_last, text
            total += current * scale
            scale_last = scale
            current = 0
        else:
            raise AssertionError(f"unknown word {word!r} in {text!r}")
    return total + current


def read_english(words: str) -> int:
    match = re.fullmatch(
        r"Kenya Shillings (?P<shillings>.+?)(?: and Cents (?P<cents>[A-Za-z-]+))? Only", words
    )
    assert match, words
    cents = read_english_number(match["cents"]) if match["cents"] else 0
    assert 0 <= cents < 100 and (match["cents"] is None or cents > 0), words
    return read_english_number(match["shillings"]) * 100 + cents


# --- an independent reader of the Swahili words -------------------------------------------

_SW_UNITS = {
    word: value for value, word in enumerate("sifuri moja mbili tatu nne tano sita saba nane tisa".split())
}
_SW_TENS = {
    word: value * 10
    for value, word in enumerate(
        "- kumi ishirini thelathini arobaini hamsini sitini sabini themanini tisini".split()
    )
    if value
}
# value and the most of it one part may hold, largest first
_SW_SCALES = {"bilioni": (10**9, 999), "milioni": (10**6, 999), "laki": (10**5, 9), "elfu": (10**3, 99)}


def read_swahili_below_thousand(text: str) -> int:
    """'mia <unit>'? then a tens word? then a unit word?, with 'na' before the last of them."""
    words = text.split(" ")
    elements: list[tuple[str, int]] = []  # (kind, value) in the order written
    joiners: list[int] = []  # before which element each "na" stands
    position = 0
    while position < len(words):
        word = words[position]
        if word == "na":
            joiners.append(len(elements))
        elif word == "mia":
            position += 1
            elements.append(("hundreds", 100 * _SW_UNITS[words[position]]))
        elif word in _SW_TENS:
            elements.append(("tens", _SW_TENS[word]))
        else:
            elements.append(("units", _SW_UNITS[word]))
        position += 1
    kinds = [kind for kind, _ in elements]
    assert kinds == sorted(set(kinds), key=["hundreds", "tens", "units"].index), text
    assert joiners == ([len(elements) - 1] if len(elements) > 1 else []), text
    value = sum(value for _, value in elements)
    assert all(value for _, value in elements) and 0 < value < 1000, text
    return value


def read_swahili_number(text: str) -> int:
    if text == "sifuri":
        return 0
    parts = text.split(", ")
    total = 0
    scale_last = 10**12
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        joined = part.startswith("na ")
        if joined:
            part = part[3:]
        word, _, count_words = part.partition(" ")
        if word in _SW_SCALES:
            scale, count_max = _SW_SCALES[word]
            count = read_swahili_below_thousand(count_words)
            single = True
        else:
            assert last, text  # the part under a thousand comes last
            scale, count_max = 1, 999
            count = read_swahili_below_thousand(part)
            single = sum(digit != "0" for digit in str(count)) == 1  # 'mia tano', 'hamsini', 'tano'
        # "na" brings in the last part when it is a single element and follows others
        assert joined == (last and single and len(parts) > 1), text
        assert count <= count_max and scale < scale_last, text
        total += count * scale
        scale_last = scale
    return total


def read_swahili(words: str) -> int:
    match = re.fullmatch(r"Shilingi (?P<shillings>.+?)(?: na senti (?P<cents>[a-z ]+))?", words)
    assert match, words
    cents = read_swahili_below_thousand(match["cents"]) if match["cents"] else 0
    assert cents < 100, words
    return read_swahili_number(match["shillings"]) * 100 + cents


def test_the_readers_read_the_worked_examples() -> None:
    """The readers are checked against the table too, so a bug in either side shows."""
    for cents, english, swahili in WORKED_EXAMPLES:
        assert read_english(english) == cents, english
        assert read_swahili(swahili) == cents, swahili


@pytest.mark.parametrize(
    "ambiguous",
    [
        "Shilingi mia moja na kumi na moja",  # a second "na" in one part
        "Shilingi elfu moja na moja",  # 1,001 without its comma
        "Shilingi elfu moja, moja",  # 1,001 without its "na"
        "Shilingi elfu moja, na mia mbili na hamsini",  # "na" twice for 1,250
        "Shilingi moja, elfu kumi",  # the part under a thousand must come last
        "Shilingi elfu moja, laki moja",  # scales must fall
        "Shilingi elfu mia moja",  # 100,000 is "laki moja"
    ],
)
def test_the_swahili_reader_is_strict(ambiguous: str) -> None:
    with pytest.raises((AssertionError, KeyError)):
        read_swahili(ambiguous)


# Amounts with many zero digits find the edges where a scale starts or ends.
_digits_mostly_zero = st.lists(st.sampled_from("0000019"), min_size=1, max_size=13).map(
    lambda digits: int("".join(digits))
)
amounts = st.one_of(
    st.integers(min_value=0, max_value=amount_cents_max),
    st.integers(min_value=0, max_value=10_000_000),
    _digits_mostly_zero.filter(lambda cents: cents <= amount_cents_max),
).map(Money)


@given(amounts)
@settings(max_examples=2_000, deadline=None)
@example(Money(amount_cents_max))
@example(Money(0))
def test_english_words_read_back_to_the_same_amount(money: Money) -> None:
    assert read_english(amount_in_words_en(money)) == money.cents


@given(amounts)
@settings(max_examples=2_000, deadline=None)
@example(Money(amount_cents_max))
@example(Money(0))
def test_swahili_words_read_back_to_the_same_amount(money: Money) -> None:
    assert read_swahili(amount_in_words_sw(money)) == money.cents


def test_every_amount_up_to_ten_thousand_shillings_reads_back() -> None:
    """Every whole-shilling amount to 10,000 and every cent of the first shilling: exhaustive."""
    for cents in [*range(0, 1_000_001, 100), *range(1, 100)]:
        money = Money(cents)
        assert read_english(amount_in_words_en(money)) == cents
        assert read_swahili(amount_in_words_sw(money)) == cents


@given(amounts)
@settings(max_examples=1_000, deadline=None)
def test_words_are_clean_text(money: Money) -> None:
    """No double spaces, no stray commas, nothing but words a printer can set."""
    english = amount_in_words_en(money)
    swahili = amount_in_words_sw(money)
    for words in (english, swahili):
        assert words == words.strip()
        assert "  " not in words
        assert ",," not in words and " ," not in words and not words.endswith(",")
    assert re.fullmatch(r"[A-Za-z -]+", english), english  # English carries no commas at all
    assert re.fullmatch(r"[A-Z][a-z ,]+", swahili), swahili
    assert all(swahili[i + 1] == " " for i, c in enumerate(swahili) if c == ","), swahili
    assert "--" not in english and " -" not in english and "- " not in english
    assert english.startswith("Kenya Shillings ") and english.endswith(" Only")
    assert swahili.startswith("Shilingi ")
