"""The canonical encoding: one value, one byte string, in any language that implements RFC 8785."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core import canonical
from shared_core.canonical import decode, encode, sha256_hex
from shared_core.errors import InvalidInput, NotCanonical
from shared_core.operations import OperationKind

# --- RFC 8785 examples (those without floats) ----------------------------------------------


def test_rfc8785_sorting_example_orders_keys_by_utf16_code_units() -> None:
    # RFC 8785 section 3.2.3: the emoji (UTF-16 D83D DE00) sorts before U+FB33, although its code
    # point U+1F600 is larger. Sorting by code points, as Python does, would get this wrong.
    source = (
        '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",'
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",'
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}'
    )
    encoded = encode(json.loads(source))
    expected_order = ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis",
                      "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"]
    assert list(json.loads(encoded).values()) == expected_order
    assert sorted(json.loads(source)) != list(json.loads(encoded)), "code-point order differs here"


def test_rfc8785_sample_without_its_numbers() -> None:
    # The RFC's section 3.2.2 sample, its "numbers" array left out (we allow no floats).
    source = (
        r'{"string": "\u20ac$\u000F\u000aA' + "'" + r'\u0042\u0022\u005c\\\"\/",'
        r' "literals": [null, true, false]}'
    )
    expected = '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    assert encode(json.loads(source)) == expected.encode("utf-8")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # cyberphone/json-canonicalization testdata "weird" (U+007F stays literal; "</script>" too)
        (
            '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f", "\\ud83d\\ude02": "Smiley",'
            ' "\\u00f6": "Latin Small Letter O With Diaeresis", "\\ufb33": "Hebrew Letter Dalet With Dagesh",'
            ' "</script>": "Browser Challenge"}',
            '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f",'
            '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\U0001f602":"Smiley",'
            '"\ufb33":"Hebrew Letter Dalet With Dagesh"}',
        ),
        # testdata "structures", its one float (56.0) written as the integer 56
        (
            '{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56}, "10": { }, "": "empty", "a": { },'
            ' "111": [ { } ], "A": { }}',
            '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
        ),
        # testdata "french": no locale-aware collation, and no Unicode normalisation
        (
            '{"peach": 1, "p\u00e9ch\u00e9": 2, "p\u00eache": 3, "sin": 4, "x": "\\u1e0d\\u0307"}',
            '{"peach":1,"p\u00e9ch\u00e9":2,"p\u00eache":3,"sin":4,"x":"\u1e0d\u0307"}',
        ),
    ],
)
def test_jcs_reference_vectors(source: str, expected: str) -> None:
    assert encode(json.loads(source)) == expected.encode("utf-8")
    assert decode(expected.encode("utf-8")) == json.loads(source)


# --- strings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"', '"\\""'),
        ("\\", '"\\\\"'),
        ("\b\t\n\f\r", '"\\b\\t\\n\\f\\r"'),
        ("\x00\x01\x1f", '"\\u0000\\u0001\\u001f"'),
        ("\x0b", '"\\u000b"'),  # vertical tab has no short form in JSON
        ("\x7f", '"\x7f"'),  # DEL is not a control character to JSON
        ("/", '"/"'),  # never escaped
        ("\u2028\u2029", '"\u2028\u2029"'),  # JSON.stringify leaves them literal
        ("Shilingi 5,000 \u20ac \U0001f600", '"Shilingi 5,000 \u20ac \U0001f600"'),
    ],
)
def test_strings_are_escaped_as_json_stringify_does(text: str, expected: str) -> None:
    assert encode(text) == expected.encode("utf-8")


def test_no_whitespace_and_literals() -> None:
    assert encode({"b": [1, -2, 0], "a": None, "c": True, "d": False, "e": (), "f": {}}) == (
        b'{"a":null,"b":[1,-2,0],"c":true,"d":false,"e":[],"f":{}}'
    )


def test_str_enum_encodes_as_its_value() -> None:
    assert encode({"kind": OperationKind.CASH_DEPOSIT}) == b'{"kind":"cash_deposit"}'


def test_integers_exactly_at_the_safe_limit_pass_and_one_beyond_fails() -> None:
    limit = 2**53 - 1
    assert encode(limit) == b"9007199254740991"
    assert encode(-limit) == b"-9007199254740991"
    with pytest.raises(NotCanonical, match=r"amount_cents"):
        encode({"amount_cents": limit + 1})
    with pytest.raises(NotCanonical):
        encode(-limit - 1)


# --- refusals, naming the path ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"entries": [{}, {}, {}, {"body": {"amount_cents": 10.0}}]}, "entries[3].body.amount_cents"),
        ({"fee": Decimal("1.00")}, "fee"),
        ({"scan": b"\x00"}, "scan"),
        ({"customer": {1: "one"}}, "customer"),
        ({"name": "Juma \ud800"}, "name"),
        ({"tags": {"x"}}, "tags"),
        ([float("nan")], "[0]"),
        ({"odd key": 1.5}, '["odd key"]'),
    ],
)
def test_refusals_name_the_path_of_the_bad_value(value: Any, path: str) -> None:
    with pytest.raises(NotCanonical) as caught:
        encode(value)
    assert caught.value.message.startswith(f"{path}: ")


def test_nesting_exactly_at_the_limit_passes_and_one_deeper_fails() -> None:
    deepest: Any = []
    for _ in range(canonical.nesting_depth_max - 1):
        deepest = [deepest]
    assert decode(encode(deepest)) == deepest
    with pytest.raises(NotCanonical, match="nested more than"):
        encode([deepest])


def test_size_limit_applies_to_encoding_and_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(canonical, "document_bytes_max", 10)
    assert encode("12345678") == b'"12345678"'  # exactly 10 bytes
    with pytest.raises(NotCanonical, match="more than the 10"):
        encode("123456789")
    with pytest.raises(NotCanonical, match="more than the 10"):
        decode(b'"123456789"')


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": 1}',  # whitespace
        b'{"b":1,"a":2}',  # keys out of order
        b'{"a":1,"a":1}',  # duplicate key
        b"1.0",
        b"1e3",
        b"-0",
        b"01",
        b"NaN",
        b"Infinity",
        b'"\\u0041"',  # needless escape
        b'"\\u000F"',  # uppercase hex
        b'"\\/"',  # escaped solidus
        b'"\\ud800"',  # lone surrogate
        b'"\xff"',  # not UTF-8
        b'"\xed\xa0\x80"',  # a surrogate encoded in UTF-8 (CESU)
        b"\xef\xbb\xbf{}",  # byte order mark
        b"9007199254740992",
        b"{} ",
        b"",
        b"[1,]",
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_decode_refuses_anything_not_exactly_canonical(data: bytes) -> None:
    with pytest.raises(NotCanonical):
        decode(data)


@pytest.mark.parametrize(
    ("data", "canonical_form"),
    [
        # Keys in code-point order, which is not UTF-16 order beyond the BMP:
        ('{"\uff61":1,"\U0001f600":2}'.encode(), '{"\U0001f600":2,"\uff61":1}'.encode()),
        (b"[" * 33 + b"]" * 33, None),  # one level deeper than allowed
        (b'{"a":[9007199254740992]}', None),  # an integer other languages cannot hold, inside
        (b'{"a":"\\u00e9"}', '{"a":"\u00e9"}'.encode()),  # an escape where the text is written as is
    ],
)
def test_decode_refuses_what_json_would_also_write_and_accepts_the_canonical_form(
    data: bytes, canonical_form: bytes | None
) -> None:
    # Decoding checks most documents by re-writing them with the standard library's encoder; these
    # are the documents where that encoder and ours differ, or where it checks nothing.
    with pytest.raises(NotCanonical):
        decode(data)
    if canonical_form is not None:
        assert decode(canonical_form) == json.loads(data)


def test_decode_accepts_nesting_and_integers_exactly_at_their_limits() -> None:
    deepest = b"[" * canonical.nesting_depth_max + b"]" * canonical.nesting_depth_max
    assert decode(deepest) == json.loads(deepest)
    assert decode(b'{"a":[-9007199254740991]}') == {"a": [-canonical.safe_integer_max]}


def test_sha256_hex() -> None:
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_require_fields_names_missing_and_unknown() -> None:
    with pytest.raises(InvalidInput, match=r"^header: missing field device_code"):
        canonical.require_fields({"a": 1}, ("a", "device_code"), "header")
    with pytest.raises(InvalidInput, match=r"^header: unknown field extra"):
        canonical.require_fields({"a": 1, "extra": 2}, ("a",), "header")
    with pytest.raises(InvalidInput, match=r"expected an integer, found a boolean"):
        canonical.require_int(True, "sequence", minimum=1)


# --- properties ----------------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-canonical.safe_integer_max, max_value=canonical.safe_integer_max)
    | st.text()
)
_values = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4)
    | st.tuples(children, children)
    | st.dictionaries(st.text(max_size=6), children, max_size=5),
    max_leaves=25,
)


def _as_decoded(value: Any) -> Any:
    """What decoding gives back: tuples become lists."""
    if isinstance(value, dict):
        return {key: _as_decoded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_decoded(item) for item in value]
    return value


def _reinserted(value: Any, order: str) -> Any:
    """The same content, every object rebuilt with its keys inserted in another order."""
    if isinstance(value, dict):
        keys = {
            "sorted": sorted(value),
            "reverse_sorted": sorted(value, reverse=True),
            "reversed_insertion": list(reversed(value)),
        }[order]
        return {key: _reinserted(value[key], order) for key in keys}
    if isinstance(value, (list, tuple)):
        return [_reinserted(item, order) for item in value]
    return value


@given(_values)
def test_round_trip(value: Any) -> None:
    assert decode(encode(value)) == _as_decoded(value)


@given(_values, st.sampled_from(["sorted", "reverse_sorted", "reversed_insertion"]))
def test_encoding_does_not_depend_on_insertion_order(value: Any, order: str) -> None:
    assert encode(_reinserted(value, order)) == encode(value)


@given(st.dictionaries(st.text(max_size=4), st.integers(0, 9), min_size=2, max_size=8))
def test_keys_come_out_in_utf16_order(value: dict[str, int]) -> None:
    keys = list(json.loads(encode(value)))
    assert keys == sorted(value, key=lambda key: key.encode("utf-16-be"))


@settings(deadline=None)
@given(_values)
def test_encoding_is_json_that_python_reads_back(value: Any) -> None:
    assert json.loads(encode(value).decode("utf-8")) == _as_decoded(value)


@settings(deadline=None)
@given(_values)
def test_decode_accepts_what_the_standard_library_writes_only_where_it_is_canonical(value: Any) -> None:
    # Decoding checks most documents by writing them again with the standard library's encoder
    # (keys sorted by code point, non-ASCII as it is); where that differs from encode, decoding
    # must refuse it.
    written = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    if written == encode(value):
        assert decode(written) == _as_decoded(value)
    else:
        with pytest.raises(NotCanonical):
            decode(written)


def _written_slowly(value: Any) -> bytes:
    parts: list[str] = []
    canonical._write(value, parts, "", 1, canonical.nesting_depth_max)
    return "".join(parts).encode("utf-8")


@settings(deadline=None)
@given(_values | st.dictionaries(st.text(max_size=3), _values, max_size=3))
def test_encode_at_c_speed_writes_exactly_what_the_canonical_writer_does(value: Any) -> None:
    # encode takes the standard library's C encoder where it provably writes our form; whatever
    # the value holds (tuples, text beyond the BMP, lone surrogates), the bytes must be the ones
    # the canonical writer itself produces, or both must refuse.
    try:
        expected = _written_slowly(value)
    except (NotCanonical, UnicodeEncodeError):
        with pytest.raises(NotCanonical):
            encode(value)
        return
    assert encode(value) == expected


@pytest.mark.parametrize(
    "value",
    [{"a": 1.0}, {1: 2}, {True: 1}, {None: 1}, {"a": 2**53}, {"a": float("nan")}, {"a": "\ud800"}, {"a": b"x"}],
    ids=["float", "int key", "bool key", "None key", "unsafe int", "nan", "lone surrogate", "bytes"],
)
def test_what_the_c_encoder_would_quietly_write_is_still_refused(value: Any) -> None:
    with pytest.raises(NotCanonical):
        encode(value)
