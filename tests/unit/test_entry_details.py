"""The details an entry records beyond its operation, read back exactly as written."""

from __future__ import annotations

import pytest

from shared_core import canonical
from shared_core.entry_details import EntryDetails, Registration
from shared_core.errors import InvalidInput, InvalidKycTier
from shared_core.kyc import KycTier


def test_only_what_is_set_is_written_and_it_reads_back_equal() -> None:
    assert EntryDetails(business_date="2026-11-24").to_body() == {"business_date": "2026-11-24"}
    details = EntryDetails(
        business_date="2026-11-24",
        customer_cif="C0001234",
        allowance_id="ALW-1",
        approval_items=("large_withdrawal",),
        cash_count=((1000, 53), (1, 7)),
        flags=("cash_transaction_report",),
        registration=Registration("PK7Q20000001", "29876543", " Wanjikũ  Njoroge", "+254 712 345 678", KycTier.TIER_1),
    )
    body = details.to_body()
    assert canonical.decode(canonical.encode(body)) == body
    assert EntryDetails.from_body(body) == details
    assert details.registration is not None and details.registration.full_name == "Wanjikũ Njoroge"
    assert details.registration.phone == "+254712345678"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"business_date": "24/11/2026"},
        {"business_date": "2026-11-24", "customer_cif": "c 1"},
        {"business_date": "2026-11-24", "surprise": 1},
        {"business_date": "2026-11-24", "cash_count": [[1000, "5"]]},
        {"business_date": "2026-11-24", "approval_items": "large_withdrawal"},
        {"business_date": "2026-11-24", "registration": {"cif": "P1", "national_id": "1", "full_name": "A",
                                                         "phone": "0712345678", "tier": 1}},
    ],
)
def test_malformed_details_are_refused_naming_the_field(body: dict) -> None:
    with pytest.raises(InvalidInput, match="details|national ID|National ID"):
        EntryDetails.from_body(body)


def test_a_registration_tier_must_be_a_tier() -> None:
    with pytest.raises(InvalidKycTier):
        Registration("P1", "29876543", "Juma", "0712345678", 4)  # type: ignore[arg-type]


def test_a_withdrawal_paid_under_an_online_hold_names_it_and_no_allowance() -> None:
    hold_id = "0b7c6a52-3d4e-4f10-9a2b-5c6d7e8f9a0b"  # the entry's own id: holds are keyed by it
    details = EntryDetails(business_date="2026-11-24", customer_cif="C0001234", hold_id=hold_id)
    body = details.to_body()
    assert body == {"business_date": "2026-11-24", "customer_cif": "C0001234", "hold_id": hold_id}
    assert EntryDetails.from_body(body) == details
    with pytest.raises(InvalidInput, match="details.hold_id"):
        EntryDetails(business_date="2026-11-24", allowance_id="ALW-1", hold_id=hold_id)
