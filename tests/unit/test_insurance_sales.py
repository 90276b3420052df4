"""Selling cover: a sale is priced the same way on the counter and at head office, and its premium books
split, so each statutory charge is owed on its own account.

Worked example: Wekeza Hardware Ltd pays KES 62,057.83 in cash at the branch (till BR-K7Q2) for a year
of WIBA on KES 4,200,000 of shop-floor payroll (class 3) and KES 1,800,000 of office payroll (class 1):

    till:BR-K7Q2                              Dr 62,057.83
    payable:insurance_premiums                Cr 61,740.00   owed to the underwriter
    payable:training_levy                     Cr    123.48   0.2%
    payable:policyholders_compensation_fund   Cr    154.35   0.25%
    payable:stamp_duty                        Cr     40.00   one policy document
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from shared_core.accounts import (
    COMPENSATION_FUND_LEVY_PAYABLE,
    INCOME_FEES,
    PREMIUMS_PAYABLE,
    STAMP_DUTY_PAYABLE,
    TRAINING_LEVY_PAYABLE,
)
from shared_core.channels import Channel
from shared_core.entry_details import PolicyPurchase
from shared_core.errors import InvalidInput, InvalidOperation, PremiumMismatch
from shared_core.insurance import Product, WibaPayroll
from shared_core.insurance_policy import PolicySale, mint_policy_number
from shared_core.insurance_sales import premium_postings, quote_purchase, quote_sale
from shared_core.insurance_tariff import OccupationClass, insurance_tariff_to_mapping, parse_insurance_tariff
from shared_core.ledger import Posting, postings_for
from shared_core.money import Money, parse_amount
from shared_core.operations import Operation, OperationKind

REPO_ROOT = Path(__file__).resolve().parents[2]
TARIFF = parse_insurance_tariff(
    json.loads((REPO_ROOT / "resources" / "products" / "insurance_tariff.json").read_text(encoding="utf-8"))
)
KES = Money.shillings
TILL = "till:BR-K7Q2"
JUMA_WALLET = "wallet:C0001234"
DECEMBER_1 = date(2026, 12, 1)
HARDWARE_PAYROLL = (
    WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff"),
    WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office"),
)
WIBA_NUMBER = mint_policy_number(Product.WIBA, "K7Q2", bytes(range(1, 6)))
PA_NUMBER = mint_policy_number(Product.PERSONAL_ACCIDENT, "X9P3", bytes(range(1, 6)))


def kes(text: str) -> Money:
    return parse_amount(text, allow_zero=True)


def hardware_wiba(sale: PolicySale = PolicySale.NEW, version: int = 1) -> PolicyPurchase:
    return PolicyPurchase(WIBA_NUMBER, sale, Product.WIBA, version, DECEMBER_1, payroll=HARDWARE_PAYROLL)


def cash_premium(amount: Money) -> Operation:
    return Operation(OperationKind.PREMIUM_CASH, Channel.BRANCH, amount, cash_account=TILL)


def test_wekeza_hardware_pays_wiba_in_cash_and_each_charge_is_owed_on_its_own_account() -> None:
    purchase = hardware_wiba()
    quote = quote_purchase(purchase, TARIFF)
    assert quote.total == kes("62,057.83")

    postings = premium_postings(cash_premium(quote.total), purchase, quote)

    assert postings == (
        Posting(TILL, kes("62,057.83")),
        Posting(PREMIUMS_PAYABLE, -kes("61,740.00")),
        Posting(TRAINING_LEVY_PAYABLE, -kes("123.48")),
        Posting(COMPENSATION_FUND_LEVY_PAYABLE, -kes("154.35")),
        Posting(STAMP_DUTY_PAYABLE, -kes("40.00")),
    )
    # The unsplit form, what a premium carrying no policy books, moves the same cash.
    assert postings_for(cash_premium(quote.total)) == (
        Posting(TILL, kes("62,057.83")),
        Posting(PREMIUMS_PAYABLE, -kes("62,057.83")),
    )


def test_a_monthly_personal_accident_premium_carries_no_stamp_duty_and_keeps_the_fee() -> None:
    purchase = PolicyPurchase(PA_NUMBER, PolicySale.MONTHLY_PREMIUM, Product.PERSONAL_ACCIDENT, 1, plan="bronze")
    quote = quote_purchase(purchase, TARIFF, month_start=DECEMBER_1)
    assert quote.total == kes("150.68") and quote.stamp_duty == Money(0)
    operation = Operation(
        OperationKind.PREMIUM_WALLET, Channel.AGENT, quote.total, fee=KES(10), customer_account=JUMA_WALLET
    )

    postings = premium_postings(operation, purchase, quote)

    assert postings == (
        Posting(JUMA_WALLET, kes("150.68")),
        Posting(JUMA_WALLET, KES(10)),
        Posting(INCOME_FEES, -KES(10)),
        Posting(PREMIUMS_PAYABLE, -kes("150.00")),
        Posting(TRAINING_LEVY_PAYABLE, -kes("0.30")),
        Posting(COMPENSATION_FUND_LEVY_PAYABLE, -kes("0.38")),
    )


def test_the_first_month_and_a_renewal_issue_a_document_and_pay_stamp_duty() -> None:
    first = quote_sale(Product.PERSONAL_ACCIDENT, PolicySale.NEW, tariff=TARIFF, start=DECEMBER_1, plan="bronze")
    later = quote_sale(
        Product.PERSONAL_ACCIDENT, PolicySale.MONTHLY_PREMIUM, tariff=TARIFF, start=DECEMBER_1, plan="bronze"
    )
    assert (first.total, later.total) == (kes("190.68"), kes("150.68"))
    renewal = quote_purchase(hardware_wiba(PolicySale.RENEWAL), TARIFF)
    assert renewal.stamp_duty == KES(40) and renewal.total == quote_purchase(hardware_wiba(), TARIFF).total
    assert (renewal.period.start, renewal.period.end) == (DECEMBER_1, date(2027, 11, 30))


def test_a_premium_taken_that_is_not_the_quote_is_refused_naming_both() -> None:
    purchase = hardware_wiba(version=2)
    quote = quote_purchase(purchase, TARIFF)
    with pytest.raises(PremiumMismatch) as refused:
        premium_postings(cash_premium(kes("62,017.83")), purchase, quote)
    assert refused.value.code == "premium_mismatch"
    assert refused.value.message == (
        f"Policy {WIBA_NUMBER}: KES 62,017.83 was taken, but under tariff version 1 the cover costs "
        "KES 62,057.83 (premium KES 61,740.00, levies KES 277.83, stamp duty KES 40.00); "
        "the counter quoted under tariff version 2"
    )


def test_a_levy_the_chart_has_no_account_for_yet_stays_with_the_premium() -> None:
    mapping = insurance_tariff_to_mapping(TARIFF)
    mapping["version"] = 2
    mapping["levies"]["fire_levy"] = {"name": "Fire levy", "rate": "0.001"}
    tariff = parse_insurance_tariff(mapping)
    purchase = hardware_wiba(version=2)
    quote = quote_purchase(purchase, tariff)
    assert quote.total == kes("62,057.83") + kes("61.74")

    postings = premium_postings(cash_premium(quote.total), purchase, quote)

    assert Posting(PREMIUMS_PAYABLE, -(kes("61,740.00") + kes("61.74"))) in postings
    assert sum(posting.amount.cents for posting in postings) == 0


def test_only_a_premium_is_split_and_a_monthly_premium_needs_its_month() -> None:
    quote = quote_purchase(hardware_wiba(), TARIFF)
    deposit = Operation(
        OperationKind.CASH_DEPOSIT, Channel.BRANCH, quote.total, customer_account=JUMA_WALLET, cash_account=TILL
    )
    with pytest.raises(InvalidOperation, match="Only an insurance premium"):
        premium_postings(deposit, hardware_wiba(), quote)
    monthly = PolicyPurchase(PA_NUMBER, PolicySale.MONTHLY_PREMIUM, Product.PERSONAL_ACCIDENT, 1, plan="bronze")
    with pytest.raises(TypeError, match="month_start"):
        quote_purchase(monthly, TARIFF)
    with pytest.raises(InvalidInput, match="no personal accident plan 'platinum'"):
        quote_sale(Product.PERSONAL_ACCIDENT, PolicySale.NEW, tariff=TARIFF, start=DECEMBER_1, plan="platinum")
