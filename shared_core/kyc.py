"""KYC tiers: what evidence each tier needs, and the national ID number a customer is found by.

Tiers are cumulative: a tier needs everything the tier below needs, and more. Tier 1 is what an
agent can capture offline from the ID card and the customer's phone; tier 2 adds the scans a
branch (or a connected agent) takes; tier 3 adds the tax PIN and an address a bank can verify.
The limits each tier allows live in `shared_core.limits`, as data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import IntEnum, StrEnum
from types import MappingProxyType

from shared_core.errors import InvalidInput, InvalidKycTier, KycInsufficient


class KycTier(IntEnum):
    TIER_1 = 1
    TIER_2 = 2
    TIER_3 = 3

    @property
    def label(self) -> str:
        return f"Tier {self.value}"


def parse_tier(value: object) -> KycTier:
    """A tier from a record, a form or a table: 1, 2, 3 (int or digit text); anything else refused.

    A bool is refused although `True == 1` in Python: a flag standing in for a tier is a bug
    upstream, never a customer's tier.
    """
    if isinstance(value, KycTier):
        return value
    number: int | None = None
    if type(value) is int:
        number = value
    elif isinstance(value, str) and len(value) <= 8 and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is not None and number in {tier.value for tier in KycTier}:
        return KycTier(number)
    raise InvalidKycTier(f"{value!r} is not a KYC tier; expected 1, 2 or 3", tier=repr(value)[:40])


class Evidence(StrEnum):
    """One piece of KYC evidence. Declaration order is the order tellers are told what is missing."""

    FULL_NAME = "full_name"
    NATIONAL_ID = "national_id"
    PHONE_NUMBER = "phone_number"
    DATE_OF_BIRTH = "date_of_birth"
    ID_PHOTO = "id_photo"  # a scan of the ID card, both sides
    PORTRAIT_PHOTO = "portrait_photo"
    KRA_PIN = "kra_pin"  # Kenya Revenue Authority personal identification number
    PROOF_OF_ADDRESS = "proof_of_address"

    @property
    def label(self) -> str:
        """The words a teller reads on screen."""
        return _LABELS[self]


_LABELS: Mapping[Evidence, str] = MappingProxyType(
    {
        Evidence.FULL_NAME: "full name",
        Evidence.NATIONAL_ID: "national ID number",
        Evidence.PHONE_NUMBER: "phone number",
        Evidence.DATE_OF_BIRTH: "date of birth",
        Evidence.ID_PHOTO: "scan of the ID card",
        Evidence.PORTRAIT_PHOTO: "portrait photo",
        Evidence.KRA_PIN: "KRA PIN",
        Evidence.PROOF_OF_ADDRESS: "proof of address",
    }
)
assert set(_LABELS) == set(Evidence), "every piece of evidence has a label"

_TIER_1 = frozenset({Evidence.FULL_NAME, Evidence.NATIONAL_ID, Evidence.PHONE_NUMBER})
_TIER_2 = _TIER_1 | {Evidence.DATE_OF_BIRTH, Evidence.ID_PHOTO, Evidence.PORTRAIT_PHOTO}
_TIER_3 = _TIER_2 | {Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS}

REQUIREMENTS: Mapping[KycTier, frozenset[Evidence]] = MappingProxyType(
    {KycTier.TIER_1: _TIER_1, KycTier.TIER_2: _TIER_2, KycTier.TIER_3: _TIER_3}
)
assert set(REQUIREMENTS) == set(KycTier), "every tier states its requirements"


def requirements_for(tier: KycTier) -> frozenset[Evidence]:
    return REQUIREMENTS[parse_tier(tier)]


def _as_evidence(evidence: Iterable[Evidence | str]) -> frozenset[Evidence]:
    if isinstance(evidence, str):  # a lone string would be iterated letter by letter
        raise TypeError("evidence is an iterable of Evidence, not a single string")
    held: set[Evidence] = set()
    for item in evidence:
        try:
            held.add(Evidence(item))
        except ValueError:
            raise InvalidInput(f"'{item}' is not a kind of KYC evidence", evidence=str(item)[:40]) from None
    return frozenset(held)


def missing_for(tier: KycTier, evidence: Iterable[Evidence | str]) -> tuple[Evidence, ...]:
    """What the customer still lacks for `tier`, in declaration order (stable for screens and tests)."""
    needed = requirements_for(tier) - _as_evidence(evidence)
    return tuple(item for item in Evidence if item in needed)


def highest_tier(evidence: Iterable[Evidence | str]) -> KycTier | None:
    """The highest tier this evidence fully supports; None when not even tier 1 is met."""
    held = _as_evidence(evidence)
    for tier in sorted(KycTier, reverse=True):
        if REQUIREMENTS[tier] <= held:
            return tier
    return None


def require_evidence(tier: KycTier, evidence: Iterable[Evidence | str]) -> None:
    """Refuse, naming what is missing, unless the evidence meets `tier`."""
    tier = parse_tier(tier)
    missing = missing_for(tier, evidence)
    if missing:
        raise KycInsufficient(
            f"{tier.label} needs: {', '.join(item.label for item in missing)}",
            tier=int(tier),
            missing=",".join(item.value for item in missing),
        )


# --- national ID -------------------------------------------------------------------------------

# Kenyan national ID numbers are serial numbers of 7 digits (older cards) or 8 digits.
# A leading zero is refused: IDs are issued from 1..., so "01234567" is a typing slip or padding,
# and accepting it would let the same person exist twice ("01234567" beside "1234567"), each
# with a fresh set of daily limits.
national_id_digits_min = 7
national_id_digits_max = 8
national_id_text_length_max = 40  # what a form may send before we stop reading
national_id_digits_shown = 3  # on receipts, only the last three digits
_NATIONAL_ID = re.compile(r"[1-9][0-9]{6,7}", re.ASCII)
assert national_id_digits_min == 7 and national_id_digits_max == 8, "keep _NATIONAL_ID in step"


def validate_national_id(text: str) -> str:
    """The national ID number as stored and searched: digits only, spaces removed.

    '12 345 678' -> '12345678'. Refused: letters, a leading zero, fewer than 7 or more than 8 digits.
    """
    if not isinstance(text, str):
        raise TypeError(f"validate_national_id needs str, got {type(text).__name__}")
    if len(text) > national_id_text_length_max:
        raise InvalidInput("That ID number is too long to be real", value=text[:national_id_text_length_max])
    compact = "".join(text.split())
    if not compact:
        raise InvalidInput("Enter the national ID number from the card")
    if not (compact.isascii() and compact.isdigit()):
        raise InvalidInput(
            f"'{text.strip()}' is not an ID number; type only the digits on the card", value=text
        )
    if not national_id_digits_min <= len(compact) <= national_id_digits_max:
        raise InvalidInput(
            f"A national ID number has {national_id_digits_min} or {national_id_digits_max} digits; "
            f"'{compact}' has {len(compact)}",
            value=compact,
        )
    if not _NATIONAL_ID.fullmatch(compact):
        raise InvalidInput(
            f"A national ID number does not start with 0; check '{compact}' against the card", value=compact
        )
    return compact


def mask_national_id(text: str) -> str:
    """The ID as a receipt shows it: every digit but the last three hidden, '12345678' -> '*****678'."""
    number = validate_national_id(text)
    hidden = len(number) - national_id_digits_shown
    return "*" * hidden + number[hidden:]


def printed_identity(number: str) -> tuple[str, bool]:
    """How a customer's identity number prints, and whether it is a person's: a national ID masked
    as on every receipt, a business's registration number as it is."""
    try:
        return mask_national_id(number), True
    except InvalidInput:
        return number, False
