"""Receipt references: 'AG-K7Q2-000042-6' is agent channel, device K7Q2, its 42nd entry, check 6.

The check character must catch what people actually get wrong when they read a reference off a
receipt or over the phone: one character wrong, or two neighbours swapped.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core.channels import Channel
from shared_core.errors import InvalidReference
from shared_core.references import (
    CHECK_TABLE,
    Reference,
    check_alphabet,
    check_character,
    damm_state,
    device_code_alphabet,
    device_code_count,
    device_code_for_number,
    device_number_for_code,
    is_valid_device_code,
    make_reference,
    parse_reference,
    sequence_max,
)

SAMPLES = [
    "AG-K7Q2-000042-6",
    make_reference(Channel.BRANCH, "0000", 1),
    make_reference(Channel.HEAD_OFFICE, "ZZZZ", 999_999),
    make_reference(Channel.AGENT, "X9P3", 1_000_000),
    make_reference(Channel.BRANCH, "7Z4M", 230),
    make_reference(Channel.AGENT, "M0NH", 123_456_789),
]
TYPED_CHARACTERS = check_alphabet + "-"  # what a typo can put in a reference (case is forgiven)


def test_a_reference_reads_channel_device_sequence_and_check() -> None:
    assert make_reference(Channel.AGENT, "K7Q2", 42) == "AG-K7Q2-000042-6"
    assert make_reference(Channel.BRANCH, "K7Q2", 42) == "BR-K7Q2-000042-D"
    assert str(Reference(Channel.HEAD_OFFICE, "K7Q2", 42)).startswith("HO-K7Q2-000042-")


@pytest.mark.parametrize(
    ("sequence", "printed"),
    [(1, "000001"), (42, "000042"), (999_999, "999999"), (1_000_000, "1000000"), (sequence_max, "9" * 12)],
)
def test_the_sequence_is_padded_to_six_digits_and_grows_past_them(sequence: int, printed: str) -> None:
    text = make_reference(Channel.BRANCH, "K7Q2", sequence)
    assert text.split("-")[2] == printed
    assert parse_reference(text).sequence == sequence


@pytest.mark.parametrize("sequence", [0, -1, sequence_max + 1])
def test_a_sequence_outside_one_to_the_maximum_is_refused(sequence: int) -> None:
    with pytest.raises(InvalidReference, match="sequence number"):
        make_reference(Channel.BRANCH, "K7Q2", sequence)


def test_a_sequence_must_be_an_int() -> None:
    with pytest.raises(TypeError):
        Reference(Channel.BRANCH, "K7Q2", True)
    with pytest.raises(TypeError):
        Reference("branch", "K7Q2", 1)  # type: ignore[arg-type]


# --- device codes ----------------------------------------------------------------------------


def test_device_codes_use_crockford_base32_without_confusable_letters() -> None:
    assert len(device_code_alphabet) == 32 == len(set(device_code_alphabet))
    assert set(device_code_alphabet) == set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set("ILOU")


@pytest.mark.parametrize("code", ["K7Q2", "0000", "ZZZZ", "X9P3"])
def test_valid_device_codes(code: str) -> None:
    assert is_valid_device_code(code)


@pytest.mark.parametrize("code", ["k7q2", "K7Q", "K7Q2A", "K7I2", "K7L2", "K7O2", "K7U2", "K7-2", "", " K7Q"])
def test_invalid_device_codes(code: str) -> None:
    assert not is_valid_device_code(code)
    with pytest.raises(InvalidReference):
        Reference(Channel.AGENT, code, 1)


@pytest.mark.parametrize(
    ("number", "code"), [(0, "0000"), (1, "0001"), (31, "000Z"), (32, "0010"), (device_code_count - 1, "ZZZZ")]
)
def test_device_codes_are_numbered_in_base_32(number: int, code: str) -> None:
    assert device_code_for_number(number) == code
    assert device_number_for_code(code) == number


@pytest.mark.parametrize("number", [-1, device_code_count])
def test_device_numbers_outside_the_range_are_refused(number: int) -> None:
    with pytest.raises(InvalidReference, match="outside 0..1048575"):
        device_code_for_number(number)


@given(st.integers(0, device_code_count - 1))
def test_every_device_number_has_its_own_valid_code(number: int) -> None:
    code = device_code_for_number(number)
    assert is_valid_device_code(code)
    assert device_number_for_code(code) == number  # an inverse exists, so no two numbers share a code


# --- parsing what people type ----------------------------------------------------------------


def test_surrounding_spaces_and_lower_case_are_forgiven() -> None:
    assert parse_reference("  ag-k7q2-000042-6 \n") == Reference(Channel.AGENT, "K7Q2", 42)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a reference"),
        ("   ", "Enter a reference"),
        ("AG-K7Q2-000042", "four parts separated by dashes"),
        ("AG-K7Q2-000042-6-1", "four parts separated by dashes"),
        ("AGK7Q20000426", "four parts separated by dashes"),
        ("XY-K7Q2-000042-6", "'XY' is not a channel: a reference starts with BR, AG or HO"),
        ("AG-K7O2-000042-6", "cannot contain O: device codes never use I, L, O or U"),
        ("AG-K7Q-000042-6", "device code 'K7Q' must be 4 characters"),
        ("AG-K7Q2-00004A-6", "sequence part '00004A' must be digits only"),
        ("AG-K7Q2-00042-6", "must have 6 to 12 digits"),
        ("AG-K7Q2-0000042-6", "extra leading zeros"),
        ("AG-K7Q2-000000-6", "sequence number 0 is outside"),
        ("AG-K7Q2-000042-", "must be one check character"),
        ("AG-K7Q2-000042-66", "must be one check character"),
        ("AG-K7Q2-000042-7", "check character does not match: the reference was probably mistyped"),
        ("AG-K7Q2-" + "1" * 40 + "-6", "too long to be real"),
    ],
)
def test_a_bad_reference_is_refused_with_a_message_a_teller_understands(text: str, message: str) -> None:
    with pytest.raises(InvalidReference, match=message) as raised:
        parse_reference(text)
    assert raised.value.code == "invalid_reference"


@pytest.mark.parametrize(("text", "part"), [("XY-K7Q2-000042-6", "prefix"), ("AG-K7O2-000042-6", "device_code"),
                                            ("AG-K7Q2-00042-6", "sequence"), ("AG-K7Q2-000042-66", "check")])
def test_the_malformed_part_is_named(text: str, part: str) -> None:
    with pytest.raises(InvalidReference) as raised:
        parse_reference(text)
    assert raised.value.details["part"] == part


def test_check_character_refuses_characters_outside_its_alphabet() -> None:
    with pytest.raises(InvalidReference, match="'-' cannot be part of a reference"):
        check_character("AG-K7Q2")
    with pytest.raises(InvalidReference):
        check_character("")


# --- the check character catches typos -------------------------------------------------------


@pytest.mark.parametrize("reference", SAMPLES)
def test_every_single_character_substitution_is_rejected(reference: str) -> None:
    parse_reference(reference)  # the sample itself is valid
    accepted = []
    for position, original in enumerate(reference):
        for typed in TYPED_CHARACTERS:
            if typed != original:
                mistyped = reference[:position] + typed + reference[position + 1 :]
                try:
                    parse_reference(mistyped)
                except InvalidReference:
                    continue
                accepted.append(mistyped)
    assert accepted == []


@pytest.mark.parametrize("reference", SAMPLES)
def test_every_adjacent_transposition_is_rejected(reference: str) -> None:
    swapped_texts = [
        reference[:i] + reference[i + 1] + reference[i] + reference[i + 2 :]
        for i in range(len(reference) - 1)
        if reference[i] != reference[i + 1]
    ]
    assert len(swapped_texts) >= 7  # even the most repetitive sample has seven
    for swapped in swapped_texts:
        with pytest.raises(InvalidReference):
            parse_reference(swapped)


def test_the_transposition_iso_7064_mod_37_36_misses_is_caught() -> None:
    """Under ISO 7064 MOD 37,36 both 'AG-7Z4M-000230-P' and 'AG-7Z4M-000320-P' pass: '23' -> '32'."""
    valid = make_reference(Channel.AGENT, "7Z4M", 230)
    with pytest.raises(InvalidReference, match="check character does not match"):
        parse_reference(valid.replace("000230", "000320"))


# The samples above show it on examples; these show it for every possible reference. The check is a
# fold over a 36 x 36 table: the body followed by its check character folds to 0.


def test_each_character_moves_the_fold_to_a_different_state() -> None:
    """A Latin square: from any state, different characters lead to different states, and from
    different states the same character does too, so one wrong character always shows at the end."""
    for row in CHECK_TABLE:
        assert sorted(row) == list(range(36))
    for column in range(36):
        assert sorted(row[column] for row in CHECK_TABLE) == list(range(36))


def test_swapping_any_two_different_neighbours_changes_the_fold() -> None:
    """Totally anti-symmetric: from every state c, reading x then y differs from y then x when x != y."""
    collisions = [
        (state, x, y)
        for state in range(36)
        for x in range(36)
        for y in range(36)
        if x != y and CHECK_TABLE[CHECK_TABLE[state][x]][y] == CHECK_TABLE[CHECK_TABLE[state][y]][x]
    ]
    assert collisions == []


@given(st.text(alphabet=check_alphabet, min_size=1, max_size=30))
def test_a_body_followed_by_its_check_character_folds_to_zero(body: str) -> None:
    values = [check_alphabet.index(c) for c in body + check_character(body)]
    assert damm_state(values) == 0


# --- uniqueness ------------------------------------------------------------------------------

references = st.builds(
    Reference,
    channel=st.sampled_from(list(Channel)),
    device_code=st.text(alphabet=device_code_alphabet, min_size=4, max_size=4),
    sequence=st.integers(1, sequence_max),
)


@given(references)
def test_make_and_parse_round_trip(reference: Reference) -> None:
    text = make_reference(reference.channel, reference.device_code, reference.sequence)
    assert parse_reference(text) == reference
    assert parse_reference(f" {text.lower()} ") == reference


@given(references, references)
def test_different_devices_or_sequences_never_share_a_reference(first: Reference, second: Reference) -> None:
    assert (str(first) == str(second)) == (first == second)


@given(references, st.integers(1, 1_000))
def test_the_next_entries_of_one_device_all_differ(reference: Reference, count: int) -> None:
    following = {
        make_reference(reference.channel, reference.device_code, sequence)
        for sequence in range(reference.sequence, min(reference.sequence + count, sequence_max + 1))
    }
    assert len(following) == min(count, sequence_max + 1 - reference.sequence)


@given(references, st.data())
def test_changing_any_one_part_changes_the_reference(reference: Reference, data: st.DataObject) -> None:
    part = data.draw(st.sampled_from(["channel", "device_code", "sequence"]))
    if part == "channel":
        other = data.draw(st.sampled_from([c for c in Channel if c is not reference.channel]))
        changed = Reference(other, reference.device_code, reference.sequence)
    elif part == "device_code":
        position = data.draw(st.integers(0, 3))
        letter = data.draw(st.sampled_from([c for c in device_code_alphabet if c != reference.device_code[position]]))
        code = reference.device_code[:position] + letter + reference.device_code[position + 1 :]
        changed = Reference(reference.channel, code, reference.sequence)
    else:
        step = data.draw(st.sampled_from([-1, 1]))
        if not 1 <= reference.sequence + step <= sequence_max:
            step = -step
        changed = Reference(reference.channel, reference.device_code, reference.sequence + step)
    assert str(changed) != str(reference)
