"""The canonical byte encoding of everything we hash or sign: RFC 8785 (JCS) JSON, restricted.

Only objects with string keys, arrays, strings, integers, booleans and null. No floats: JCS numbers
are IEEE doubles, so an integer is allowed only where a double holds it exactly (|n| <= 2**53 - 1),
which is what a verifier in JavaScript, Go or Java reads back. Keys are sorted by UTF-16 code
units, as RFC 8785 section 3.2.3 requires (not by code points: they differ beyond the BMP).
Strings are escaped exactly as ECMAScript's JSON.stringify does; everything else is literal UTF-8.

`decode` is strict the other way round: the bytes must be exactly what `encode` would have
written for the value they hold, so one value has one encoding and one hash.

The last section holds the checks every wire document's fields go through, so journal entries,
batch headers and acknowledgements all refuse bad fields the same way, naming the field.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Collection, Mapping
from typing import NoReturn

from shared_core.errors import InvalidInput, NotCanonical

# Integers a double holds exactly: what every JSON reader in every language agrees on.
safe_integer_max = 2**53 - 1
# Deeper nesting than any document of ours needs; keeps a hostile document from exhausting the stack.
nesting_depth_max = 32
# Ceiling for one document before it is even parsed; batches have their own, smaller limit.
document_bytes_max = 8 * 1024 * 1024

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
_SURROGATE = re.compile("[\ud800-\udfff]")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_COMPACT = (",", ":")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def encode(value: object, *, path: str = "", depth_max: int = nesting_depth_max) -> bytes:
    """The canonical bytes of `value`; NotCanonical naming the path of anything we do not allow.

    `path` names `value` inside a larger document (e.g. 'entries[3].body'), so an error says where.
    """
    text = _written_at_c_speed(value) if depth_max == nesting_depth_max else None
    if text is None:
        parts: list[str] = []
        _write(value, parts, path, 1, depth_max)
        text = "".join(parts)
    data = text.encode("utf-8")
    if len(data) > document_bytes_max:
        raise NotCanonical(
            f"{_name(path)}: {len(data)} bytes is more than the {document_bytes_max} a document may hold",
            size_bytes=len(data),
        )
    return data


def decode(data: bytes) -> object:
    """The value held by canonical bytes; NotCanonical if they are not exactly canonical."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode needs bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > document_bytes_max:
        raise NotCanonical(
            f"{len(data)} bytes is more than the {document_bytes_max} a document may hold",
            size_bytes=len(data),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotCanonical(f"not valid UTF-8 at byte {error.start}", offset=error.start) from None
    try:
        try:
            value, integers_safe = _parse(text, _safe_integer), True
        except _BeyondSafeInteger:
            value, integers_safe = _parse(text, int), False
    except json.JSONDecodeError as error:
        raise NotCanonical(f"not JSON: {error.msg} at character {error.pos}", offset=error.pos) from None
    except (ValueError, RecursionError) as error:  # an integer of thousands of digits; absurd nesting
        raise NotCanonical(f"not a document we accept: {error}") from None
    if integers_safe and _written_canonically(value, text):
        return value
    expected = encode(value)
    if expected != data:
        offset = next(
            (index for index, (left, right) in enumerate(zip(data, expected)) if left != right),
            min(len(data), len(expected)),
        )
        raise NotCanonical(
            f"not in canonical form from byte {offset} (key order, whitespace, escaping or number form)",
            offset=offset,
        )
    return value


def _parse(text: str, parse_int: object) -> object:
    return json.loads(
        text,
        object_pairs_hook=_object_without_duplicates,
        parse_float=_refuse_fraction,
        parse_constant=_refuse_constant,
        parse_int=parse_int,
    )


class _BeyondSafeInteger(Exception):
    """Raised while parsing; `decode` then lets `encode` name where the integer is."""


def _safe_integer(text: str) -> int:
    value = int(text)
    if abs(value) > safe_integer_max:
        raise _BeyondSafeInteger
    return value


def _written_canonically(value: object, text: str) -> bool:
    """Whether `text`, which parsed into `value` (no fraction, no constant, no key twice, every
    integer safe), is exactly what `encode(value)` writes, checked at C speed: the standard
    library's encoder, compact, with keys sorted and non-ASCII left as it is, escapes strings as
    `_quote` does and writes integers as `int.__repr__` does; keys sort alike unless a character
    lies beyond the BMP (code-point order is not UTF-16 order there); nesting is not checked by it.
    False sends `decode` to the full check, which also says what is wrong."""
    if not text.isascii() and _BEYOND_BMP.search(text):
        return False
    written = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=_COMPACT, check_circular=False)
    return written == text and _nested_within(value, nesting_depth_max)


def _written_at_c_speed(value: object) -> str | None:
    """`encode(value)`'s text written by the standard library's C encoder, or None to take `_write`.

    The converse of `_written_canonically`: where that encoder writes our form (see there), its
    text is ours, provided it wrote `value` as it is. It quietly turns tuples into lists and keys
    that are not strings (1, True, None, 1.0) into strings, and writes floats: reading the text
    back (refusing fractions and unsafe integers) and comparing it with `value` catches each of
    those, and any of them sends the value to `_write`, which refuses it by name or writes it the
    slow way. So does a lone surrogate or a character beyond the BMP. (A bool is written as
    true/false and an int as digits by both, so `True == 1` hides nothing here.)"""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=_COMPACT, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    if not text.isascii() and (_BEYOND_BMP.search(text) or _SURROGATE.search(text)):
        return None
    try:
        read_back = json.loads(text, parse_float=_refuse_fraction, parse_int=_safe_integer)
    except (NotCanonical, _BeyondSafeInteger, ValueError, RecursionError):
        return None
    if read_back != value or not _nested_within(read_back, nesting_depth_max):
        return None
    return text


def _nested_within(value: object, depth_max: int) -> bool:
    """Whether the objects and lists of parsed JSON nest at most `depth_max` levels (as `_write`
    counts them: `value` itself is the first)."""
    level = [value] if isinstance(value, (dict, list)) else []
    for _ in range(depth_max):
        if not level:
            return True
        level = [
            item
            for container in level
            for item in (container.values() if isinstance(container, dict) else container)
            if isinstance(item, (dict, list))
        ]
    return not level


def sha256_hex(data: bytes) -> str:
    """SHA-256 of `data` as 64 lowercase hex characters."""
    return hashlib.sha256(data).hexdigest()


def _write(value: object, parts: list[str], path: str, depth: int, depth_max: int) -> None:
    # bool before int: True is an int in Python, but `true` in JSON.
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        if abs(value) > safe_integer_max:
            _refuse(path, f"integer {value} is beyond ±(2**53 - 1), which other languages cannot hold")
        parts.append(int.__repr__(value))
    elif isinstance(value, str):
        parts.append(_quote(value, path))
    elif isinstance(value, Mapping):
        _check_depth(path, depth, depth_max)
        keys = list(value.keys())
        for key in keys:
            if not isinstance(key, str):
                _refuse(path, f"keys must be strings, found {type(key).__name__} {key!r}")
        if all(key.isascii() for key in keys):
            keys.sort()  # for ASCII, code-point order is UTF-16 order; the common case, made cheap
        else:
            keys.sort(key=_utf16_order)
        parts.append("{")
        for index, key in enumerate(keys):
            if index:
                parts.append(",")
            child = _join(path, key)
            parts.append(_quote(key, child))
            parts.append(":")
            _write(value[key], parts, child, depth + 1, depth_max)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        _check_depth(path, depth, depth_max)
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            _write(item, parts, f"{path}[{index}]", depth + 1, depth_max)
        parts.append("]")
    elif isinstance(value, float):
        _refuse(path, f"floats are not allowed ({value!r}); amounts are integer cents")
    else:
        _refuse(path, f"a {type(value).__name__} cannot be encoded; use str, int, bool, None, dict or list")


def _quote(text: str, path: str) -> str:
    if not text.isascii() and _SURROGATE.search(text):
        _refuse(path, "text holds a lone surrogate, which is not valid Unicode")
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    return _ESCAPES.get(character) or f"\\u{ord(character):04x}"


def _utf16_order(key: str) -> bytes:
    # Big-endian UTF-16 bytes compare exactly as the sequence of UTF-16 code units does.
    return key.encode("utf-16-be")


def _check_depth(path: str, depth: int, depth_max: int) -> None:
    if depth > depth_max:
        _refuse(path, f"nested more than {depth_max} levels deep")


@functools.lru_cache(maxsize=4096)  # the same few paths recur in every entry
def _join(path: str, key: str) -> str:
    if _IDENTIFIER.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=True)}]"


def _name(path: str) -> str:
    return path or "the document"


def _refuse(path: str, problem: str) -> NoReturn:
    raise NotCanonical(f"{_name(path)}: {problem}", path=path)


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, item in pairs:
        if key in result:
            raise NotCanonical(f"key {key!r} appears twice in one object", key=key)
        result[key] = item
    return result


def _refuse_fraction(text: str) -> NoReturn:
    raise NotCanonical(f"number {text[:40]} has a fraction or exponent; only integers are allowed")


def _refuse_constant(text: str) -> NoReturn:
    raise NotCanonical(f"{text} is not a JSON value", number=text)


# --- fields of wire documents -------------------------------------------------------------


def require_fields(data: object, names: Collection[str], path: str) -> Mapping[str, object]:
    """`data` as an object holding exactly the fields `names`: none missing, none unknown."""
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{_name(path)}: expected an object, found {_kind_of(data)}", field=path)
    missing = sorted(set(names) - set(data))
    if missing:
        raise InvalidInput(f"{_name(path)}: missing field {', '.join(missing)}", field=path)
    unknown = sorted(str(key) for key in set(data) - set(names))
    if unknown:
        raise InvalidInput(f"{_name(path)}: unknown field {', '.join(unknown)}", field=path)
    return data


def require_int(value: object, field: str, *, minimum: int, maximum: int = safe_integer_max) -> int:
    if type(value) is not int:  # a bool is an int in Python; on the wire it is not a number
        raise InvalidInput(f"{field}: expected an integer, found {_kind_of(value)}", field=field)
    if not minimum <= value <= maximum:
        raise InvalidInput(f"{field}: {value} is outside {minimum}..{maximum}", field=field)
    return value


def require_text(value: object, field: str, *, length_max: int, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, found {_kind_of(value)}", field=field)
    if not value and not allow_empty:
        raise InvalidInput(f"{field}: must not be empty", field=field)
    if len(value) > length_max:
        raise InvalidInput(f"{field}: {len(value)} characters is more than {length_max}", field=field)
    return value


def require_pattern(value: object, field: str, pattern: re.Pattern[str], description: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected {description}, found {_kind_of(value)}", field=field)
    if not pattern.fullmatch(value):
        raise InvalidInput(f"{field}: {value[:80]!r} is not {description}", field=field)
    return value


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def require_sha256_hex(value: object, field: str) -> str:
    return require_pattern(value, field, _SHA256_HEX, "a SHA-256 hash (64 lowercase hex characters)")


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"
