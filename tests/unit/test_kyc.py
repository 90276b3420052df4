"""KYC tiers as an auditor would check them: what each tier needs, what is missing, and ID numbers.

Tier 1 = full name, national ID number, phone number (what an agent captures offline).
Tier 2 = tier 1 + date of birth, scan of the ID card, portrait photo.
Tier 3 = tier 2 + KRA PIN, proof of address.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core.errors import InvalidInput, InvalidKycTier, KycInsufficient
from shared_core.kyc import (
    Evidence,
    KycTier,
    highest_tier,
    mask_national_id,
    missing_for,
    parse_tier,
    printed_identity,
    require_evidence,
    requirements_for,
    validate_national_id,
)

E = Evidence
TIER_1_EVIDENCE = {E.FULL_NAME, E.NATIONAL_ID, E.PHONE_NUMBER}
TIER_2_EVIDENCE = TIER_1_EVIDENCE | {E.DATE_OF_BIRTH, E.ID_PHOTO, E.PORTRAIT_PHOTO}
TIER_3_EVIDENCE = TIER_2_EVIDENCE | {E.KRA_PIN, E.PROOF_OF_ADDRESS}


# --- tiers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (2, 2), (3, 3), ("2", 2), (" 3 ", 3), (KycTier.TIER_1, 1)])
def test_parse_tier_accepts_one_two_three(value: object, expected: int) -> None:
    tier = parse_tier(value)
    assert isinstance(tier, KycTier)
    assert tier == expected


@pytest.mark.parametrize("value", [0, 4, -1, "two", "", "1.0", "0", True, False, 2.0, None, [1], "٢"])
def test_parse_tier_refuses_anything_else(value: object) -> None:
    with pytest.raises(InvalidKycTier) as caught:
        parse_tier(value)
    assert caught.value.code == "invalid_kyc_tier"


def test_tier_requirements_are_cumulative() -> None:
    assert requirements_for(KycTier.TIER_1) == TIER_1_EVIDENCE
    assert requirements_for(KycTier.TIER_2) == TIER_2_EVIDENCE
    assert requirements_for(KycTier.TIER_3) == TIER_3_EVIDENCE
    assert requirements_for(KycTier.TIER_1) < requirements_for(KycTier.TIER_2) < requirements_for(KycTier.TIER_3)


def test_every_piece_of_evidence_is_needed_by_some_tier() -> None:
    assert requirements_for(KycTier.TIER_3) == set(Evidence)


# --- what is missing -----------------------------------------------------------------------------


def test_missing_for_lists_what_is_missing_in_a_stable_order() -> None:
    # A tier 1 customer asking for tier 3: given in a scrambled order, answered in declaration order.
    held = [E.PHONE_NUMBER, E.FULL_NAME, E.NATIONAL_ID]
    assert missing_for(KycTier.TIER_3, held) == (
        E.DATE_OF_BIRTH,
        E.ID_PHOTO,
        E.PORTRAIT_PHOTO,
        E.KRA_PIN,
        E.PROOF_OF_ADDRESS,
    )
    assert missing_for(KycTier.TIER_3, reversed(held)) == missing_for(KycTier.TIER_3, held)


def test_missing_for_is_empty_when_the_tier_is_met() -> None:
    assert missing_for(KycTier.TIER_2, TIER_2_EVIDENCE) == ()
    assert missing_for(KycTier.TIER_1, TIER_3_EVIDENCE) == ()


def test_missing_for_accepts_evidence_as_text_and_refuses_unknown_kinds() -> None:
    assert missing_for(KycTier.TIER_1, ["full_name", "phone_number"]) == (E.NATIONAL_ID,)
    with pytest.raises(InvalidInput):
        missing_for(KycTier.TIER_1, ["full_name", "passport"])
    with pytest.raises(TypeError):
        missing_for(KycTier.TIER_1, "full_name")  # type: ignore[arg-type]  # a string is not a list


def test_highest_tier() -> None:
    assert highest_tier([]) is None
    assert highest_tier([E.FULL_NAME, E.PHONE_NUMBER]) is None  # no ID number: not even tier 1
    assert highest_tier(TIER_1_EVIDENCE) == KycTier.TIER_1
    assert highest_tier(TIER_2_EVIDENCE - {E.PORTRAIT_PHOTO}) == KycTier.TIER_1
    assert highest_tier(TIER_2_EVIDENCE) == KycTier.TIER_2
    assert highest_tier(TIER_3_EVIDENCE) == KycTier.TIER_3


def test_tier_3_papers_without_tier_2_papers_are_still_tier_1() -> None:
    # Tiers are cumulative: a KRA PIN does not replace the portrait photo.
    assert highest_tier(TIER_1_EVIDENCE | {E.KRA_PIN, E.PROOF_OF_ADDRESS}) == KycTier.TIER_1


def test_require_evidence_names_what_is_missing_in_a_tellers_words() -> None:
    with pytest.raises(KycInsufficient) as caught:
        require_evidence(KycTier.TIER_3, TIER_2_EVIDENCE)
    assert caught.value.message == "Tier 3 needs: KRA PIN, proof of address"
    assert caught.value.code == "kyc_insufficient"
    assert caught.value.details["missing"] == "kra_pin,proof_of_address"


def test_require_evidence_for_tier_2_from_nothing() -> None:
    with pytest.raises(KycInsufficient) as caught:
        require_evidence(KycTier.TIER_2, [E.FULL_NAME])
    assert caught.value.message == (
        "Tier 2 needs: national ID number, phone number, date of birth, scan of the ID card, portrait photo"
    )


def test_require_evidence_passes_quietly_when_met() -> None:
    require_evidence(KycTier.TIER_1, TIER_1_EVIDENCE)
    require_evidence(KycTier.TIER_3, TIER_3_EVIDENCE)


@given(st.sets(st.sampled_from(list(Evidence))))
def test_highest_tier_is_the_highest_tier_with_nothing_missing(held: set[Evidence]) -> None:
    # Restated: walk the tiers from the top; the first one fully covered is the answer.
    expected = None
    for tier in (3, 2, 1):
        needed = {1: TIER_1_EVIDENCE, 2: TIER_2_EVIDENCE, 3: TIER_3_EVIDENCE}[tier]
        if needed <= held:
            expected = tier
            break
    assert highest_tier(held) == expected
    for tier in KycTier:
        met = not missing_for(tier, held)
        assert met == (expected is not None and tier <= expected)


# --- national ID -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12345678", "12345678"),  # 8 digits, current cards
        ("1234567", "1234567"),  # 7 digits, older cards
        (" 12 345 678 ", "12345678"),  # spaces as people group digits
        ("1234\t5678\n", "12345678"),
    ],
)
def test_validate_national_id_accepts_seven_or_eight_digits(typed: str, stored: str) -> None:
    assert validate_national_id(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "123456",  # 6 digits: too short
        "123456789",  # 9 digits: too long
        "01234567",  # leading zero: would let '01234567' and '1234567' be two people
        "0123456",
        "1234567A",
        "12-345-678",
        "１２３４５６７８",  # full-width digits look right but are not ASCII
        "1" * 100,
    ],
)
def test_validate_national_id_refuses_anything_else(typed: str) -> None:
    with pytest.raises(InvalidInput):
        validate_national_id(typed)


def test_validate_national_id_needs_text() -> None:
    with pytest.raises(TypeError):
        validate_national_id(12345678)  # type: ignore[arg-type]


def test_mask_national_id_shows_only_the_last_three_digits() -> None:
    assert mask_national_id("12345678") == "*****678"
    assert mask_national_id("1234567") == "****567"
    assert mask_national_id(" 12 345 678 ") == "*****678"


def test_mask_national_id_refuses_what_is_not_an_id() -> None:
    with pytest.raises(InvalidInput):
        mask_national_id("12")


def test_a_persons_id_prints_masked_and_a_business_registration_as_it_is() -> None:
    assert printed_identity("23456789") == ("*****789", True)
    assert printed_identity("PVT-2016-48213") == ("PVT-2016-48213", False)
