"""A customer's premiums on one counter, read back from its journal (a real SQLite device store) as
the Insure screen lists them: newest first, with head office's answer so far and whether the
policy schedule prints yet. And the head count a WIBA payroll category carries in its words.

At Nairobi CBD (K7Q2) on 24 Nov 2026 Juma buys a bronze personal accident policy from his wallet
(KES 190.68), a silver one in cash (KES 391.58), and pays his bronze policy's next month from the
wallet (KES 150.68); head office books the first two and refuses the month.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.services.insurance import (
    buy_cover,
    customer_policies,
    insurance_tariff,
    sale_date,
    wiba_category,
    wiba_staff,
)
from desktop_app.services.till import open_till
from shared_core.errors import InvalidInput
from shared_core.insurance import PaymentMethod, Product
from shared_core.insurance_policy import PolicySale
from shared_core.money import Money
from tests.device_builders import add_customer, make_counter
from tests.gui.head_office import answer_all

KES = Money.shillings
JUMA = "C0001234"
AMINA = "C0005678"


def test_premiums_are_listed_newest_first_with_head_offices_answer_and_whether_the_schedule_prints(
    tmp_path: Path,
) -> None:
    counter = make_counter(tmp_path)
    add_customer(counter, JUMA, balance=KES(50_000))
    add_customer(counter, AMINA, national_id="34567890", full_name="Amina Hassan", phone="254722000111",
                 balance=KES(5_000))
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    tariff = insurance_tariff(counter.context)
    today = sale_date(counter.context)
    assert today == date(2026, 11, 24)

    def sell(cif: str, payment: PaymentMethod, plan: str, **sale: object):
        return buy_cover(counter.context, counter.teller, customer_cif=cif, product=Product.PERSONAL_ACCIDENT,
                         payment=payment, tariff=tariff, plan=plan, **sale)  # type: ignore[arg-type]

    bronze = sell(JUMA, PaymentMethod.WALLET, "bronze", start=today)
    silver = sell(JUMA, PaymentMethod.CASH, "silver", start=today)
    sell(AMINA, PaymentMethod.WALLET, "bronze", start=today)  # another customer's: not Juma's
    month = sell(JUMA, PaymentMethod.WALLET, "bronze", sale=PolicySale.MONTHLY_PREMIUM,
                 policy_number=bronze.policy_number)

    def listed() -> list[tuple[object, ...]]:
        return [
            (entry.reference, entry.policy_number, entry.purchase.sale, entry.payment, entry.amount, entry.status,
             entry.prints_schedule)
            for entry in customer_policies(counter.context, JUMA)
        ]

    before = listed()
    assert before == [
        (month.posted.entry.reference, bronze.policy_number, PolicySale.MONTHLY_PREMIUM, PaymentMethod.WALLET,
         Money(15_068), "pending", False),
        (silver.posted.entry.reference, silver.policy_number, PolicySale.NEW, PaymentMethod.CASH,
         Money(39_158), "pending", True),  # cash: the schedule prints at once
        (bronze.posted.entry.reference, bronze.policy_number, PolicySale.NEW, PaymentMethod.WALLET,
         Money(19_068), "pending", False),  # from the wallet: once head office confirms
    ]
    newest = customer_policies(counter.context, JUMA)[0]
    assert newest.schedule_refusal == (
        f"Entry {month.posted.entry.reference} pays a month of policy {bronze.policy_number}; "
        "its receipt is the record"
    )
    assert newest.business_date == today

    answer_all(counter, refused=frozenset({month.posted.entry.sequence}))

    assert [(status, prints) for *_, status, prints in listed()] == [
        ("rejected", False),
        ("booked", True),
        ("booked", True),  # confirmed: its schedule prints now
    ]


@pytest.mark.parametrize(
    ("staff", "employees", "category"),
    [
        ("Drivers", 6, "Drivers, 6 employees"),
        ("  Shop-floor   and yard staff ", 12, "Shop-floor and yard staff, 12 employees"),
        ("Night watchman", 1, "Night watchman, 1 employee"),
        ("", 40, "40 employees"),
    ],
)
def test_a_wiba_category_carries_its_head_count_and_gives_it_back(staff: str, employees: int, category: str) -> None:
    assert wiba_category(staff, employees) == category
    assert wiba_staff(category) == (" ".join(staff.split()), employees)


def test_a_category_without_a_head_count_reads_back_as_written() -> None:
    assert wiba_staff("Office") == ("Office", None)
    assert wiba_staff("Shop floor, yard") == ("Shop floor, yard", None)


def test_a_head_count_out_of_range_or_a_category_too_long_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="employees: a whole number from 1 to 100,000"):
        wiba_category("Drivers", 0)
    with pytest.raises(InvalidInput, match="employees"):
        wiba_category("Drivers", True)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="is too long; at most 46 characters"):
        wiba_category("x" * 50, 12)
