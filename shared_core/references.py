"""Human references printed on receipts, e.g. 'AG-K7Q2-000042-6': unique offline, checkable by eye.

Four parts: the channel prefix (BR, AG, HO), the device's 4-character code, the device's own
sequence number (at least 6 digits; it grows past 999999 rather than wrapping) and a check
character. References are per device, never from a shared counter, so two devices offline can
never mint the same one.

Device codes use the Crockford base-32 alphabet (digits and letters without I, L, O, U), so they
read aloud over a phone without confusion.

The check character is the Damm algorithm over a totally anti-symmetric quasigroup of order 36
(below), computed over prefix + device code + sequence and written in 0-9A-Z. It catches every
single-character substitution and every transposition of two adjacent characters, including the
check character itself. ISO 7064 MOD 37,36 (hybrid) was considered and rejected: it misses some
adjacent transpositions, e.g. 'AG-7Z4M-000230-P' and 'AG-7Z4M-000320-P' both pass it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared_core.channels import Channel
from shared_core.errors import InvalidInput, InvalidReference

device_code_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
device_code_length = 4
device_code_count = len(device_code_alphabet) ** device_code_length  # 32**4 = 1,048,576 devices
sequence_digits_min = 6
sequence_digits_max = 12  # a trillion entries per device: far beyond any device's life
sequence_max = 10**sequence_digits_max - 1
reference_text_length_max = 40
check_alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_DEVICE_CODE = re.compile(f"[{device_code_alphabet}]{{{device_code_length}}}", re.ASCII)
_EXAMPLE = "e.g. AG-K7Q2-000042-6"


# --- the check character ----------------------------------------------------------------------
#
# Damm's construction: x * y = phi(x) + y over an abelian group G of order 36 with an automorphism
# phi such that phi(x) - x is also a bijection. Then y -> x * y is a bijection (every single
# substitution changes the result) and (c * x) * y = (c * y) * x only when x = y (every adjacent
# transposition changes it). No such phi exists on the cyclic group Z36, which is why plain
# weighted sums mod 36 cannot do this; it does exist on G = GF(4) x GF(9) under addition, taking
# phi = multiplication by (w, i), w a root of w^2 = w + 1 in GF(4) and i a root of i^2 = -1 in GF(9).
# A symbol's value v in 0..35 is the element (v // 9 in GF(4) as 2 bits, v % 9 in GF(9) as u + 3w).


def _add(x: int, y: int) -> int:
    four = (x // 9) ^ (y // 9)  # GF(4) addition: bitwise exclusive or
    nine_x, nine_y = x % 9, y % 9
    nine = ((nine_x // 3 + nine_y // 3) % 3) * 3 + (nine_x % 3 + nine_y % 3) % 3
    return four * 9 + nine


def _negate(x: int) -> int:
    nine = x % 9
    return (x // 9) * 9 + ((-(nine // 3)) % 3) * 3 + (-(nine % 3)) % 3


def _phi(x: int) -> int:
    high, low = (x // 9) >> 1, (x // 9) & 1
    four = ((high ^ low) << 1) | high  # w * (high*w + low) = (high + low)*w + high
    real, imaginary = (x % 9) % 3, (x % 9) // 3
    nine = real * 3 + (-imaginary) % 3  # i * (real + imaginary*i) = -imaginary + real*i
    return four * 9 + nine


# CHECK_TABLE[state][value] is the next state of the fold; published so a verifier in any language
# can copy the table instead of the algebra.
CHECK_TABLE: tuple[tuple[int, ...], ...] = tuple(tuple(_add(_phi(x), y) for y in range(36)) for x in range(36))


def damm_state(values: tuple[int, ...] | list[int]) -> int:
    """The Damm fold over symbol values; a body followed by its check character folds to 0."""
    state = 0
    for value in values:
        state = CHECK_TABLE[state][value]
    return state


def _values(text: str) -> list[int]:
    values = []
    for character in text:
        value = check_alphabet.find(character)
        if value < 0:
            raise InvalidReference(
                f"'{character}' cannot be part of a reference; references hold only 0-9, A-Z and dashes",
                character=character,
            )
        values.append(value)
    return values


def check_character(body: str) -> str:
    """The check character of a reference body: prefix + device code + sequence, without dashes."""
    if not isinstance(body, str):
        raise TypeError(f"check_character needs str, got {type(body).__name__}")
    if not body:
        raise InvalidReference("A reference body is empty; nothing to check")
    return check_alphabet[_negate(_phi(damm_state(_values(body))))]


# --- device codes -----------------------------------------------------------------------------


def is_valid_device_code(text: str) -> bool:
    return isinstance(text, str) and _DEVICE_CODE.fullmatch(text) is not None


def device_code_for_number(number: int) -> str:
    """The device code numbered `number` (0 <= number < 32**4), for the server minting codes."""
    if type(number) is not int:
        raise TypeError(f"device_code_for_number needs int, got {type(number).__name__}")
    if not 0 <= number < device_code_count:
        raise InvalidReference(f"Device number {number} is outside 0..{device_code_count - 1}", number=number)
    characters = []
    for _ in range(device_code_length):
        number, digit = divmod(number, len(device_code_alphabet))
        characters.append(device_code_alphabet[digit])
    return "".join(reversed(characters))


def device_number_for_code(code: str) -> int:
    """The inverse of `device_code_for_number`."""
    if not is_valid_device_code(code):
        raise InvalidReference(_device_code_problem(code), device_code=str(code)[:device_code_length * 4])
    number = 0
    for character in code:
        number = number * len(device_code_alphabet) + device_code_alphabet.index(character)
    return number


def _device_code_problem(code: str) -> str:
    confusable = sorted({c for c in code if c in "ILOU"})
    if len(code) == device_code_length and confusable and all(c in device_code_alphabet + "ILOU" for c in code):
        return (
            f"The device code '{code}' cannot contain {', '.join(confusable)}: "
            "device codes never use I, L, O or U (read I and L as 1, O as 0)"
        )
    return (
        f"The device code '{code}' must be {device_code_length} characters from 0-9 and A-Z "
        "without I, L, O or U"
    )


# --- references -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry's reference; `str()` gives the text printed on the receipt."""

    channel: Channel
    device_code: str
    sequence: int

    def __post_init__(self) -> None:
        if not isinstance(self.channel, Channel):
            raise TypeError(f"Reference.channel must be a Channel, got {type(self.channel).__name__}")
        if not isinstance(self.device_code, str):
            raise TypeError(f"Reference.device_code must be str, got {type(self.device_code).__name__}")
        if type(self.sequence) is not int:  # a bool here is a bug
            raise TypeError(f"Reference.sequence must be int, got {type(self.sequence).__name__}")
        if not is_valid_device_code(self.device_code):
            raise InvalidReference(
                _device_code_problem(self.device_code), part="device_code", device_code=self.device_code[:16]
            )
        if not 1 <= self.sequence <= sequence_max:
            raise InvalidReference(
                f"The sequence number {self.sequence} is outside 1..{sequence_max}",
                part="sequence",
                sequence=self.sequence,
            )

    @property
    def body(self) -> str:
        """What the check character covers: prefix, device code and sequence, without dashes."""
        return f"{self.channel.prefix}{self.device_code}{self.sequence:0{sequence_digits_min}d}"

    def __str__(self) -> str:
        sequence = f"{self.sequence:0{sequence_digits_min}d}"
        return f"{self.channel.prefix}-{self.device_code}-{sequence}-{check_character(self.body)}"


def make_reference(channel: Channel, device_code: str, sequence: int) -> str:
    return str(Reference(channel, device_code, sequence))


def parse_reference(text: str) -> Reference:
    """A reference as typed or scanned: surrounding spaces and lower case are fine, typos are not."""
    if not isinstance(text, str):
        raise TypeError(f"parse_reference needs str, got {type(text).__name__}")
    cleaned = text.strip().upper()
    if not cleaned:
        raise InvalidReference(f"Enter a reference, {_EXAMPLE}")
    if len(cleaned) > reference_text_length_max:
        raise InvalidReference(
            f"That reference is too long to be real; a reference looks like AG-K7Q2-000042-6",
            reference=cleaned[:reference_text_length_max],
        )
    parts = cleaned.split("-")
    if len(parts) != 4:
        raise InvalidReference(
            f"'{cleaned}' is not a reference: it has four parts separated by dashes, {_EXAMPLE}",
            reference=cleaned,
        )
    prefix, device_code, sequence_text, check = parts
    try:
        channel = Channel.from_prefix(prefix)
    except InvalidInput:  # re-raised with the part named
        raise InvalidReference(
            f"'{prefix}' is not a channel: a reference starts with BR, AG or HO, {_EXAMPLE}",
            part="prefix",
            reference=cleaned,
        ) from None
    if not is_valid_device_code(device_code):
        raise InvalidReference(_device_code_problem(device_code), part="device_code", reference=cleaned)
    if not sequence_text.isascii() or not sequence_text.isdigit():
        raise InvalidReference(
            f"The sequence part '{sequence_text}' must be digits only, {_EXAMPLE}",
            part="sequence",
            reference=cleaned,
        )
    if not sequence_digits_min <= len(sequence_text) <= sequence_digits_max:
        raise InvalidReference(
            f"The sequence part '{sequence_text}' must have {sequence_digits_min} to "
            f"{sequence_digits_max} digits, {_EXAMPLE}",
            part="sequence",
            reference=cleaned,
        )
    sequence = int(sequence_text)
    if f"{sequence:0{sequence_digits_min}d}" != sequence_text:
        raise InvalidReference(
            f"The sequence part '{sequence_text}' has extra leading zeros: the reference was probably mistyped",
            part="sequence",
            reference=cleaned,
        )
    if len(check) != 1 or check not in check_alphabet:
        raise InvalidReference(
            f"The last part '{check}' must be one check character (a digit or letter), {_EXAMPLE}",
            part="check",
            reference=cleaned,
        )
    reference = Reference(channel, device_code, sequence)
    if check_character(reference.body) != check:
        raise InvalidReference(
            "The check character does not match: the reference was probably mistyped", reference=cleaned
        )
    return reference
