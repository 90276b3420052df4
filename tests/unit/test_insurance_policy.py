"""A policy sold at the counter: its number is minted by the selling device (K7Q2 at Nairobi CBD) and
read back off the schedule when Juma pays next month's premium; a sale carries exactly the terms its
product is priced on; cover never starts before it is paid for."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from shared_core.errors import InvalidInput, InvalidReference
from shared_core.insurance import InsuredItem, Product, WibaPayroll
from shared_core.insurance_policy import (
    PolicySale,
    check_cover_start,
    check_cover_terms,
    check_policy_number,
    items_on_entry_max,
    mint_policy_number,
    product_of_policy_number,
)
from shared_core.insurance_tariff import OccupationClass
from shared_core.money import Money

KES = Money.shillings
TODAY = date(2026, 11, 24)
HARDWARE_PAYROLL = (WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Yard"),)
PROBOX = (InsuredItem("Toyota Probox KDA 123X", KES(900_000)),)


def test_a_policy_number_names_the_product_and_device_and_carries_a_check_character() -> None:
    number = mint_policy_number(Product.PERSONAL_ACCIDENT, "K7Q2", bytes(range(1, 6)))
    assert number == mint_policy_number(Product.PERSONAL_ACCIDENT, "K7Q2", bytes(range(1, 6)))
    assert number.startswith("PA-K7Q2-") and len(number) == 18 and number[-2] == "-"
    assert not set(number[8:16]) & set("ILOU")
    assert mint_policy_number(Product.PERSONAL_ACCIDENT, "K7Q2", b"\xff" * 5) != number
    assert product_of_policy_number(number) is Product.PERSONAL_ACCIDENT
    assert mint_policy_number(Product.WIBA, "K7Q2", bytes(5)).startswith("WB-K7Q2-")
    assert mint_policy_number(Product.ASSET_ALL_RISK, "K7Q2", bytes(5)).startswith("AR-K7Q2-")
    with pytest.raises(TypeError):
        mint_policy_number(Product.WIBA, "K7Q2", b"1234")
    with pytest.raises(InvalidInput, match="device code"):
        mint_policy_number(Product.WIBA, "k7q2", bytes(5))


def test_every_single_mistyped_character_and_swapped_neighbours_fail_the_check() -> None:
    number = mint_policy_number(Product.PERSONAL_ACCIDENT, "K7Q2", b"\x9c\x41\x07\xee\x13")
    body_positions = [index for index, character in enumerate(number) if character != "-"][2:]
    for index in body_positions:
        for replacement in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
            if replacement == number[index]:
                continue
            typed = number[:index] + replacement + number[index + 1:]
            with pytest.raises(InvalidReference):
                product_of_policy_number(typed)
    for left, right in itertools.pairwise(body_positions):
        if right != left + 1 or number[left] == number[right]:
            continue
        swapped = number[:left] + number[right] + number[left] + number[right + 1:]
        with pytest.raises(InvalidReference, match="mistyped"):
            product_of_policy_number(swapped)


@pytest.mark.parametrize("text", ["", "PA-K7Q2-3F9HX2MA", "XX-K7Q2-3F9HX2MA-7", "pa-k7q2-3f9hx2ma-7", "L-K7Q2-3F9HX2MA"])
def test_what_is_not_a_policy_number_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(InvalidReference, match="not a policy number; expected e.g."):
        product_of_policy_number(text)


def test_a_number_of_another_product_is_refused_naming_both() -> None:
    number = mint_policy_number(Product.WIBA, "K7Q2", bytes(5))
    check_policy_number(number, Product.WIBA)
    with pytest.raises(InvalidReference, match="is a Work injury benefits \\(WIBA\\) policy, not Personal accident"):
        check_policy_number(number, Product.PERSONAL_ACCIDENT)


def test_each_product_carries_exactly_the_terms_it_is_priced_on() -> None:
    check_cover_terms(Product.PERSONAL_ACCIDENT, PolicySale.NEW, "bronze", (), ())
    check_cover_terms(Product.PERSONAL_ACCIDENT, PolicySale.MONTHLY_PREMIUM, "gold", (), ())
    check_cover_terms(Product.WIBA, PolicySale.RENEWAL, "", HARDWARE_PAYROLL, ())
    check_cover_terms(Product.ASSET_ALL_RISK, PolicySale.NEW, "", (), PROBOX)
    refused = [
        (Product.PERSONAL_ACCIDENT, PolicySale.NEW, "", (), (), "plan: name the personal accident plan"),
        (Product.PERSONAL_ACCIDENT, PolicySale.NEW, "Bronze ", (), (), "plan"),
        (Product.PERSONAL_ACCIDENT, PolicySale.RENEWAL, "bronze", (), (), "takes a new policy or a monthly premium, not a renewal"),
        (Product.PERSONAL_ACCIDENT, PolicySale.NEW, "bronze", HARDWARE_PAYROLL, (), "not priced on a payroll"),
        (Product.WIBA, PolicySale.NEW, "", (), (), "payroll: WIBA is priced"),
        (Product.WIBA, PolicySale.NEW, "bronze", HARDWARE_PAYROLL, (), "has no plans"),
        (Product.WIBA, PolicySale.MONTHLY_PREMIUM, "", HARDWARE_PAYROLL, (), "takes a new policy or a renewal, not a monthly premium"),
        (Product.WIBA, PolicySale.NEW, "", HARDWARE_PAYROLL, PROBOX, "insures no listed items"),
        (Product.ASSET_ALL_RISK, PolicySale.NEW, "", (), (), "items: list 1 to 100"),
        (Product.ASSET_ALL_RISK, PolicySale.NEW, "", (), PROBOX * (items_on_entry_max + 1), "items: list 1 to 100"),
    ]
    for product, sale, plan, payroll, items, problem in refused:
        with pytest.raises(InvalidInput, match=problem):
            check_cover_terms(product, sale, plan, payroll, items)


def test_cover_starts_on_a_day_paid_for_and_at_most_ninety_days_on() -> None:
    check_cover_start(PolicySale.NEW, TODAY, TODAY)
    check_cover_start(PolicySale.RENEWAL, date(2027, 2, 22), TODAY)  # day 90
    check_cover_start(PolicySale.MONTHLY_PREMIUM, None, TODAY)
    with pytest.raises(InvalidInput, match="from that day to 2027-02-22, not on 2026-11-23"):
        check_cover_start(PolicySale.NEW, date(2026, 11, 23), TODAY)  # back-dated cover
    with pytest.raises(InvalidInput, match="not on 2027-02-23"):
        check_cover_start(PolicySale.NEW, date(2027, 2, 23), TODAY)
    with pytest.raises(InvalidInput, match="say the first day of cover"):
        check_cover_start(PolicySale.NEW, None, TODAY)
    with pytest.raises(InvalidInput, match="names no start"):
        check_cover_start(PolicySale.MONTHLY_PREMIUM, TODAY, TODAY)
