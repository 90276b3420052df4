"""A customer's premiums on one counter, read back from its journal (a real SQLite device store) as
the Insure screen lists them: newest first, with head office's answer so far and whether the
policy schedule prints yet. And the head count of each WIBA payroll category, in a field of its own.

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
    with_head_counts,
)
from desktop_app.services.till import open_till
from shared_core.insurance import PaymentMethod, Product, WibaPayroll
from shared_core.insurance_policy import PolicySale
from shared_core.insurance_tariff import OccupationClass
from shared_core.money import Money
from tests.device_builders import add_customer, make_counter
from tests.gui.head_office import answer_all

KES = Money.shillings
JUMA = "C0001234"
AMINA = "C0005678"
HARDWARE = "C0009001"


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


def test_a_wiba_sale_keeps_each_categorys_head_count_in_its_own_field(tmp_path: Path) -> None:
    """Wekeza Hardware declares 12 yard staff and 5 office staff; the premium is on the payroll
    alone, and the entry read back from the journal carries each head count apart from the words."""
    counter = make_counter(tmp_path)
    add_customer(counter, HARDWARE, national_id="PVT-2016-48213", full_name="Wekeza Hardware Ltd",
                 phone="254722000222", balance=KES(100_000))
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    tariff = insurance_tariff(counter.context)
    payroll = (
        WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff", 12),
        WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office", 5),
    )
    sold = buy_cover(counter.context, counter.teller, customer_cif=HARDWARE, product=Product.WIBA,
                     payment=PaymentMethod.CASH, tariff=tariff, payroll=payroll, start=sale_date(counter.context))
    assert sold.quote.total == Money(6_205_783)  # as without head counts: they are not priced
    (listed,) = customer_policies(counter.context, HARDWARE)
    assert listed.purchase.payroll == payroll
    assert [row["employees"] for row in listed.purchase.to_body()["payroll"]] == [12, 5]
    assert [line.employees for line in sold.quote.premium_lines] == [12, 5]


@pytest.mark.parametrize(
    ("category", "staff", "employees"),
    [
        ("Drivers, 6 employees", "Drivers", 6),
        ("Shop-floor and yard staff, 12 employees", "Shop-floor and yard staff", 12),
        ("Night watchman, 1 employee", "Night watchman", 1),
        ("40 employees", "", 40),
    ],
)
def test_a_payroll_sold_before_head_counts_had_their_field_is_read_out_to_renew(
    category: str, staff: str, employees: int
) -> None:
    """Sales recorded before wrote the head count at the end of the category; renewing one moves it
    into the field, the category keeping the staff's words."""
    old = WibaPayroll(OccupationClass.SALES_AND_DRIVERS, KES(900_000), category)
    assert with_head_counts((old,)) == (WibaPayroll(OccupationClass.SALES_AND_DRIVERS, KES(900_000), staff, employees),)


def test_a_category_without_a_head_count_or_with_its_field_is_left_as_it_is() -> None:
    rows = (
        WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(500_000), "Office"),
        WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(500_000), "Shop floor, yard"),
        WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(500_000), "Clerks, 3 employees", 4),  # the field wins
    )
    assert with_head_counts(rows) == rows
