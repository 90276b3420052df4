"""Opening a loan: Juma (C0001234) asks the agent at Mama Mboga Shop (device M3X9) for a KES 5,000
Boost over 8 weeks; Wekeza Hardware Ltd asks its branch for working capital."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from resources import resource_bytes
from shared_core import canonical
from shared_core.channels import Channel
from shared_core.entry_details import EntryDetails, LoanRequest
from shared_core.errors import InvalidInput, InvalidOperation, LimitExceeded
from shared_core.loan_origination import first_due_date, mint_loan_id, read_application
from shared_core.loan_schedule import schedule
from shared_core.loan_terms import RepaymentFrequency, parse_loan_policy
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind

POLICY = parse_loan_policy(json.loads(resource_bytes("products/loan_policy.json")))
LOAN_ID = "L-M3X9-3F9HX2MA"
KES = Money.shillings
JUMA_ASKS = Money.shillings(5_000)


def application(
    amount: Money = JUMA_ASKS, *, loan_id: str = LOAN_ID, product: str = "boost", installments: int = 8,
    loan_account: str | None = None, customer_account: str = "wallet:C0001234", on: str = "2026-11-24",
) -> tuple[Operation, EntryDetails]:
    operation = Operation(
        OperationKind.LOAN_DISBURSEMENT, Channel.AGENT, amount,
        customer_account=customer_account, loan_account=loan_account or f"loan:{loan_id}",
    )
    details = EntryDetails(on, customer_cif="C0001234", loan=LoanRequest(loan_id, product, installments))
    return operation, details


def test_a_loan_id_names_the_device_and_eight_characters_read_without_confusion() -> None:
    loan_id = mint_loan_id("M3X9", bytes(range(5)))
    assert loan_id == mint_loan_id("M3X9", bytes(range(5)))  # the token decides, nothing hidden
    assert loan_id.startswith("L-M3X9-") and len(loan_id) == 15
    assert not set(loan_id[7:]) & set("ILOU")
    assert mint_loan_id("M3X9", b"\xff" * 5) != loan_id
    with pytest.raises(TypeError):
        mint_loan_id("M3X9", b"1234")
    with pytest.raises(InvalidInput, match="device code"):
        mint_loan_id("m3x9", bytes(5))


@pytest.mark.parametrize(
    ("applied_on", "frequency", "first_due"),
    [
        (date(2026, 11, 24), RepaymentFrequency.WEEKLY, date(2026, 12, 1)),
        (date(2026, 11, 24), RepaymentFrequency.MONTHLY, date(2026, 12, 24)),
        (date(2027, 1, 31), RepaymentFrequency.MONTHLY, date(2027, 2, 28)),  # no 31 February
    ],
)
def test_the_first_installment_falls_due_one_period_after_the_application(
    applied_on: date, frequency: RepaymentFrequency, first_due: date
) -> None:
    assert first_due_date(applied_on, frequency) == first_due


def test_juma_s_boost_reads_as_eight_weekly_installments_from_next_week() -> None:
    read = read_application(*application(), POLICY)
    assert read.loan_id == LOAN_ID and read.customer_account == "wallet:C0001234"
    assert read.product.code == "boost"
    assert read.terms.principal == KES(5_000) and read.terms.installments == 8
    assert read.terms.first_due == date(2026, 12, 1)
    rows = schedule(read.terms)
    assert len(rows) == 8 and rows[-1].due_date == date(2027, 1, 19)
    assert sum((row.principal for row in rows), Money(0)) == KES(5_000)


def test_the_application_travels_in_the_entry_and_reads_back_the_same() -> None:
    _, details = application()
    body = details.to_body()
    assert body["loan"] == {"loan_id": LOAN_ID, "product_code": "boost", "installments": 8}
    assert EntryDetails.from_body(canonical.decode(canonical.encode(body))) == details


@pytest.mark.parametrize(
    ("loan", "field"),
    [
        ({"loan_id": "L-M3X9-short", "product_code": "boost", "installments": 8}, "loan.loan_id"),
        ({"loan_id": LOAN_ID, "product_code": "Boost!", "installments": 8}, "loan.product_code"),
        ({"loan_id": LOAN_ID, "product_code": "boost", "installments": 0}, "loan.installments"),
        ({"loan_id": LOAN_ID, "product_code": "boost", "installments": True}, "loan.installments"),
        ({"loan_id": LOAN_ID, "product_code": "boost"}, "loan"),
    ],
)
def test_a_malformed_application_is_refused_naming_the_field(loan: dict, field: str) -> None:
    with pytest.raises(InvalidInput, match=f"details.{field}"):
        EntryDetails.from_body({"business_date": "2026-11-24", "loan": loan})


def test_the_loan_account_must_be_the_one_the_loan_id_names() -> None:
    with pytest.raises(InvalidOperation, match="not the one loan L-M3X9-3F9HX2MA names"):
        read_application(*application(loan_account="loan:L-M3X9-AAAAAAAA"), POLICY)


def test_a_loan_is_paid_into_a_wallet_only() -> None:
    with pytest.raises(InvalidOperation, match="paid into the customer's wallet, not savings:C0001234"):
        read_application(*application(customer_account="savings:C0001234"), POLICY)


def test_a_disbursement_without_its_application_is_refused() -> None:
    operation, details = application()
    with pytest.raises(InvalidOperation, match="needs its application"):
        read_application(operation, dataclasses.replace(details, loan=None), POLICY)


def test_an_unknown_product_is_named() -> None:
    with pytest.raises(InvalidInput, match="no loan product 'mortgage'"):
        read_application(*application(product="mortgage"), POLICY)


@pytest.mark.parametrize(("amount", "installments"), [(KES(50_001), 8), (KES(499), 8), (KES(5_000), 53)])
def test_an_amount_or_term_outside_the_product_is_refused_naming_its_range(amount: Money, installments: int) -> None:
    with pytest.raises(LimitExceeded):
        read_application(*application(amount, installments=installments), POLICY)
