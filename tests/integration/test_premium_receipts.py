"""A premium's receipt names the policy it paid for and the insurer the tariff names; the policy
schedule names the same insurer. Both come from what head office sent (the tariff), not from code.

At Nairobi CBD (K7Q2) on 24 Nov 2026 Juma buys a bronze personal accident policy in cash: KES 190.68
(KES 150 premium, levies 0.30 and 0.38, stamp duty 40).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from desktop_app.services.cash import deposit_cash
from desktop_app.services.insurance import (
    CoverSold,
    buy_cover,
    insurance_tariff,
    policy_schedule_pdf,
    sale_date,
)
from desktop_app.services.printing import print_receipt
from desktop_app.services.till import open_till
from desktop_app.store.pulled import put_product_policies
from shared_core.insurance import PaymentMethod, Product
from shared_core.money import Money
from shared_core.receipt_text import read_receipt
from tests.device_builders import Counter, add_customer, make_counter, shipped_product_documents
from tests.pdf_reading import pdf_text

KES = Money.shillings
JUMA = "C0001234"
SIMBA = "Simba General Insurance Ltd"  # the insurer the shipped tariff names


@pytest.fixture
def counter(tmp_path: Path) -> Counter:
    counter = make_counter(tmp_path / "device")
    add_customer(counter, JUMA, balance=KES(5_000))
    open_till(counter.context, counter.teller, opening_float=KES(20_000))
    return counter


def juma_buys_bronze(counter: Counter) -> CoverSold:
    return buy_cover(counter.context, counter.teller, customer_cif=JUMA, product=Product.PERSONAL_ACCIDENT,
                     payment=PaymentMethod.CASH, tariff=insurance_tariff(counter.context), plan="bronze",
                     start=sale_date(counter.context))  # fmt: skip


def lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_a_premium_receipt_prints_the_policy_number_and_the_insurer(counter: Counter, tmp_path: Path) -> None:
    sold = juma_buys_bronze(counter)
    assert sold.quote.total == Money(19_068)

    text = pdf_text(print_receipt(counter.context, sold.posted.entry.sequence).pdf, tmp_path)

    assert f"Policy {sold.policy_number}" in lines_of(text)
    assert f"Insurer {SIMBA}" in lines_of(text)
    # Head office's verifier still reads the receipt's own reference and amount off it.
    printed = read_receipt(text).printed
    assert printed is not None
    assert (str(printed.reference), printed.amount_cents) == (sold.posted.entry.reference, 19_068)


def test_a_receipt_of_anything_else_names_no_policy_nor_insurer(counter: Counter, tmp_path: Path) -> None:
    posted = deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(500))
    text = pdf_text(print_receipt(counter.context, posted.entry.sequence).pdf, tmp_path)
    assert not any(line.startswith(("Policy", "Insurer")) for line in lines_of(text))


def test_the_insurer_printed_is_the_one_the_last_tariff_pulled_names(counter: Counter, tmp_path: Path) -> None:
    """Head office changes underwriter: the next pull's tariff names the new one, and what this
    device prints from then on names it, on the receipt and on the schedule."""
    documents = shipped_product_documents()
    tariff = copy.deepcopy(documents["insurance"])
    assert isinstance(tariff, dict)
    tariff["insurer"] = "Jubilee Allianz General Insurance (K) Ltd"
    with counter.store.write() as connection:
        put_product_policies(connection, {**documents, "insurance": tariff})
    sold = juma_buys_bronze(counter)

    receipt = pdf_text(print_receipt(counter.context, sold.posted.entry.sequence).pdf, tmp_path)
    schedule = pdf_text(
        policy_schedule_pdf(counter.context, sold.posted.entry.sequence, tariff=insurance_tariff(counter.context)),
        tmp_path,
    )

    assert "Insurer Jubilee Allianz General Insurance (K) Ltd" in " ".join(receipt.split())  # on two lines
    assert "Jubilee Allianz General Insurance (K) Ltd" in " ".join(schedule.split())
    assert SIMBA not in receipt and SIMBA not in schedule


def test_a_tariff_stored_before_tariffs_named_the_insurer_prints_the_first_underwriter(
    counter: Counter, tmp_path: Path
) -> None:
    """A device that last pulled before the tariff carried the insurer's name still prints one."""
    documents = shipped_product_documents()
    tariff = copy.deepcopy(documents["insurance"])
    assert isinstance(tariff, dict)
    del tariff["insurer"]
    with counter.store.write() as connection:
        put_product_policies(connection, {**documents, "insurance": tariff})
    sold = juma_buys_bronze(counter)
    text = pdf_text(print_receipt(counter.context, sold.posted.entry.sequence).pdf, tmp_path)
    assert f"Insurer {SIMBA}" in lines_of(text)
