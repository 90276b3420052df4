"""The details an entry records beyond its operation, read back exactly as written."""

from __future__ import annotations

from datetime import date

import pytest

from shared_core import canonical
from shared_core.entry_details import EntryDetails, PolicyPurchase, Registration
from shared_core.errors import InvalidInput, InvalidKycTier
from shared_core.insurance import InsuredItem, Product, WibaPayroll
from shared_core.insurance_policy import PolicySale, mint_policy_number
from shared_core.insurance_tariff import OccupationClass
from shared_core.kyc import KycTier
from shared_core.money import Money


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


# --- a premium's policy ---------------------------------------------------------------------------

JUMA_PA = "PA-K7Q2-50160140-J"
HARDWARE_WIBA = "WB-K7Q2-50160140-E"


def _purchases() -> list[PolicyPurchase]:
    """Juma's personal accident cover (new, then a month), Wekeza Hardware's WIBA, an all-risk renewal."""
    kes = Money.shillings
    return [
        PolicyPurchase(JUMA_PA, PolicySale.NEW, Product.PERSONAL_ACCIDENT, 1, date(2026, 11, 24), plan="bronze"),
        PolicyPurchase(JUMA_PA, PolicySale.MONTHLY_PREMIUM, Product.PERSONAL_ACCIDENT, 1, plan="bronze"),
        PolicyPurchase(
            HARDWARE_WIBA, PolicySale.NEW, Product.WIBA, 1, date(2026, 12, 1),
            payroll=(WibaPayroll(OccupationClass.SKILLED_MANUAL, kes(4_200_000), "Shop-floor and yard staff"),
                     WibaPayroll(OccupationClass.OFFICE_CLERICAL, kes(1_800_000), "")),
        ),
        PolicyPurchase(
            mint_policy_number(Product.ASSET_ALL_RISK, "K7Q2", bytes(5)), PolicySale.RENEWAL,
            Product.ASSET_ALL_RISK, 2, date(2027, 1, 1),
            items=(InsuredItem("Toyota Probox KDA 123X", kes(900_000)), InsuredItem("Generator", kes(150_000))),
        ),
    ]


def test_a_policy_purchase_writes_only_its_products_terms_and_reads_back_equal() -> None:
    pa_new, pa_month, wiba, all_risk = _purchases()
    assert pa_new.to_body() == {
        "policy_number": JUMA_PA, "sale": "new", "product": "personal_accident", "tariff_version": 1,
        "cover_start": "2026-11-24", "plan": "bronze",
    }
    assert pa_month.to_body() == {
        "policy_number": JUMA_PA, "sale": "monthly_premium", "product": "personal_accident",
        "tariff_version": 1, "plan": "bronze",
    }
    assert wiba.to_body()["payroll"] == [
        {"occupation_class": 3, "annual_payroll_cents": 420_000_000, "category": "Shop-floor and yard staff"},
        {"occupation_class": 1, "annual_payroll_cents": 180_000_000, "category": ""},
    ]
    assert all_risk.to_body()["items"][0] == {"description": "Toyota Probox KDA 123X", "declared_value_cents": 90_000_000}
    for purchase in (pa_new, pa_month, wiba, all_risk):
        details = EntryDetails(business_date="2026-11-24", customer_cif="C0001234", insurance=purchase)
        body = details.to_body()
        assert canonical.decode(canonical.encode(body)) == body
        assert EntryDetails.from_body(body) == details
        assert EntryDetails.from_body(body).insurance == purchase


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"surprise": 1}, "details.insurance.surprise"),
        ({"policy_number": None}, "details.insurance"),  # removed: a required field
        ({"sale": "refund"}, "details.insurance.sale"),
        ({"product": "motor"}, "details.insurance.product"),
        ({"tariff_version": "1"}, "details.insurance.tariff_version"),
        ({"tariff_version": 0}, "details.insurance.tariff_version"),
        ({"cover_start": "2026-02-30"}, "details.insurance.cover_start"),
        ({"cover_start": "24/11/2026"}, "details.insurance.cover_start"),
        ({"cover_start": None}, "details.insurance.cover_start"),  # removed: a new policy names its start
        ({"policy_number": "PA-K7Q2-50160140-Q"}, "mistyped"),  # the check character does not match
        ({"policy_number": HARDWARE_WIBA}, "not Personal accident"),
        ({"plan": "Bronze"}, "plan"),
        ({"plan": ""}, "details.insurance.plan"),
        ({"items": []}, "details.insurance.items"),  # left out when empty, never written empty
        ({"payroll": [{"occupation_class": 3, "annual_payroll_cents": 100, "category": ""}]}, "not priced on a payroll"),
    ],
)
def test_a_malformed_policy_purchase_is_refused_naming_the_field(change: dict, problem: str) -> None:
    body = _purchases()[0].to_body()
    for name, value in change.items():
        if value is None:
            del body[name]
        else:
            body[name] = value
    with pytest.raises(InvalidInput, match=problem):
        EntryDetails.from_body({"business_date": "2026-11-24", "insurance": body})


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"occupation_class": 5, "annual_payroll_cents": 100, "category": ""}, "occupation class"),
        ({"occupation_class": "3", "annual_payroll_cents": 100, "category": ""}, "occupation_class"),
        ({"occupation_class": 3, "annual_payroll_cents": 0, "category": ""}, "annual_payroll_cents"),
        ({"occupation_class": 3, "annual_payroll_cents": 1.5, "category": ""}, "annual_payroll_cents"),
        ({"occupation_class": 3, "annual_payroll_cents": 100}, "details.insurance.payroll"),
    ],
)
def test_a_wiba_payroll_line_is_read_strictly(row: dict, problem: str) -> None:
    body = _purchases()[2].to_body()
    body["payroll"] = [row]
    with pytest.raises(InvalidInput, match=problem):
        EntryDetails.from_body({"business_date": "2026-11-24", "insurance": body})


def test_a_monthly_premium_names_no_start_and_a_new_policy_must() -> None:
    with pytest.raises(InvalidInput, match="details.insurance.cover_start"):
        PolicyPurchase(JUMA_PA, PolicySale.MONTHLY_PREMIUM, Product.PERSONAL_ACCIDENT, 1, date(2026, 11, 24), "bronze")
    with pytest.raises(InvalidInput, match="details.insurance.cover_start"):
        PolicyPurchase(JUMA_PA, PolicySale.NEW, Product.PERSONAL_ACCIDENT, 1, None, "bronze")


# --- a WIBA category's head count ---------------------------------------------------------------------


def test_a_wiba_head_count_travels_in_its_own_field_and_reads_back_equal() -> None:
    """Wekeza Hardware: 12 yard staff and 5 in the office. The head count is written only where
    there is one, so a sale recorded before it was asked for keeps its exact bytes."""
    purchase = PolicyPurchase(
        HARDWARE_WIBA, PolicySale.NEW, Product.WIBA, 1, date(2026, 11, 24),
        payroll=(WibaPayroll(OccupationClass.SKILLED_MANUAL, Money.shillings(4_200_000), "Shop-floor and yard staff", 12),
                 WibaPayroll(OccupationClass.OFFICE_CLERICAL, Money.shillings(1_800_000), "Office", 5)),
    )  # fmt: skip
    assert purchase.to_body()["payroll"] == [
        {"occupation_class": 3, "annual_payroll_cents": 420_000_000, "category": "Shop-floor and yard staff",
         "employees": 12},
        {"occupation_class": 1, "annual_payroll_cents": 180_000_000, "category": "Office", "employees": 5},
    ]  # fmt: skip
    body = EntryDetails(business_date="2026-11-24", customer_cif="C0009001", insurance=purchase).to_body()
    assert EntryDetails.from_body(body).insurance == purchase


def test_a_wiba_sale_stored_before_head_counts_still_decodes_to_the_same_bytes() -> None:
    stored = {
        "policy_number": HARDWARE_WIBA, "sale": "new", "product": "wiba", "tariff_version": 1,
        "cover_start": "2026-11-24",
        "payroll": [{"occupation_class": 3, "annual_payroll_cents": 420_000_000, "category": "Yard, 12 employees"}],
    }  # fmt: skip
    details = EntryDetails.from_body({"business_date": "2026-11-24", "insurance": stored})
    assert details.insurance is not None and details.insurance.payroll[0].employees is None
    assert canonical.encode(details.to_body()["insurance"]) == canonical.encode(stored)


@pytest.mark.parametrize("employees", [0, -3, 100_001, "12", 12.0, True, None])
def test_a_head_count_on_the_wire_is_a_whole_number_of_employees(employees: object) -> None:
    body = _purchases()[2].to_body()
    body["payroll"][0]["employees"] = employees
    with pytest.raises(InvalidInput, match=r"details\.insurance\.payroll\.employees: expected a whole number of "
                                           r"employees, 1 to 100,000"):
        EntryDetails.from_body({"business_date": "2026-11-24", "insurance": body})
