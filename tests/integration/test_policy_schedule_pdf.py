"""The printed policy schedule, read back from real PDF bytes with PDFium (pypdfium2), the engine
the desktop app previews documents with: every figure an underwriter checks is on the page, and
a schedule whose figures do not add up never prints."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pypdfium2
import pytest

from desktop_app.receipts.policy_schedule import render_policy_schedule
from shared_core.errors import InvariantBroken
from shared_core.insurance import (
    InsuredItem,
    PaymentMethod,
    PolicySchedule,
    Quote,
    WibaPayroll,
    quote_asset_all_risk,
    quote_personal_accident,
    quote_wiba,
    schedule_from_quote,
)
from shared_core.insurance_tariff import OccupationClass, parse_insurance_tariff
from shared_core.money import Money

REPO_ROOT = Path(__file__).resolve().parents[2]
TARIFF = parse_insurance_tariff(
    json.loads((REPO_ROOT / "resources" / "products" / "insurance_tariff.json").read_text(encoding="utf-8"))
)
KES = Money.shillings
JULY_1 = date(2025, 7, 1)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces (wrapped cells join up)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(" ".join(text_page.get_text_range().split()))
            text_page.close()
            page.close()
        return texts
    finally:
        document.close()


def schedule_for(quote: Quote, **changes: object) -> PolicySchedule:
    fields: dict[str, object] = {
        "policy_number": "WIBA/2025/000017",
        "insured_name": "Wekeza Hardware Ltd",
        "insured_id": "PVT-7QX2LM",
        "payment_method": PaymentMethod.WALLET,
        "payment_reference": "BR-K7Q2-000042-M",
        "issue_date": date(2025, 6, 28),
        "insurer": "Simba General Insurance Ltd",
        "sold_by": "Wekeza Bank",
    }
    fields.update(changes)
    return schedule_from_quote(quote, **fields)  # type: ignore[arg-type]


def wekeza_hardware_wiba() -> PolicySchedule:
    quote = quote_wiba(
        [
            WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff"),
            WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office"),
        ],
        tariff=TARIFF,
        start=JULY_1,
    )
    return schedule_for(quote)


def test_wekeza_hardware_wiba_schedule_shows_classes_payroll_levies_and_total() -> None:
    pages = pages_text(render_policy_schedule(wekeza_hardware_wiba()))
    assert len(pages) == 1
    text = pages[0]
    for expected in (
        "Policy schedule: Work injury benefits (WIBA)",
        "WIBA/2025/000017", "Wekeza Hardware Ltd", "PVT-7QX2LM", "Issued 28 Jun 2025",
        "01 Jul 2025 to 30 Jun 2026, both days included",
        "Work Injury Benefits Act, 2007",
        "Class 3: Shop floor, warehouse and skilled manual", "4,200,000.00 1.35% 56,700.00",
        "Class 1: Office and clerical (Office) 1,800,000.00 0.28% 5,040.00",
        "Total annual payroll 6,000,000.00",
        "Basic premium 61,740.00",
        "Training levy 61,740.00 0.20% 123.48",
        "Policyholders' Compensation Fund levy 61,740.00 0.25% 154.35",
        "Stamp duty 40.00",
        "Total payable 62,057.83",
        "Debit to the wallet", "BR-K7Q2-000042-M", "Simba General Insurance Ltd",
        "rounded half up to the cent", "Page 1 of 1",
    ):
        assert expected in text, expected


def test_juma_personal_accident_schedule_shows_the_benefits_and_the_first_month() -> None:
    quote = quote_personal_accident("bronze", tariff=TARIFF, start=date(2025, 3, 1))
    schedule = schedule_for(
        quote, policy_number="PA/2025/004211", insured_name="Juma Wanjikũ Mwangi", insured_id="*****789",
        payment_method=PaymentMethod.CASH, payment_reference="AG-X9P3-000108-K",
    )
    text = pages_text(render_policy_schedule(schedule))[0]
    for expected in (
        "Policy schedule: Personal accident", "Personal accident, Bronze plan",
        "Juma Wanjikũ Mwangi", "*****789", "01 Mar 2025 to 31 Mar 2025",
        "Accidental death 250,000.00", "Permanent total disability 250,000.00",
        "Medical expenses after an accident 25,000.00",
        "Bronze plan, one month 150.00",
        "Training levy 150.00 0.20% 0.30",
        "Policyholders' Compensation Fund levy 150.00 0.25% 0.38",
        "Stamp duty 40.00", "Total payable 190.68", "Cash at the counter",
    ):
        assert expected in text, expected


def test_asset_schedule_lists_items_and_shows_the_minimum_premium_top_up() -> None:
    items = [
        InsuredItem("Laptop, Dell Latitude 5440", KES(95_000)),
        InsuredItem("Receipt printer", KES(25_000)),
    ]
    quote = quote_asset_all_risk(items, tariff=TARIFF, start=JULY_1)
    schedule = schedule_for(quote, policy_number="AAR/2025/000301")
    text = pages_text(render_policy_schedule(schedule))[0]
    for expected in (
        "Insured items and declared values",
        "Laptop, Dell Latitude 5440 95,000.00", "Receipt printer 25,000.00",
        "Total declared value 120,000.00",
        "All risks on the declared value 120,000.00 1.75% 2,100.00",
        "Minimum premium top-up 1,400.00",
        "Basic premium 3,500.00", "Training levy 3,500.00 0.20% 7.00",
        "Policyholders' Compensation Fund levy 3,500.00 0.25% 8.75",
        "Total payable 3,555.75",
    ):
        assert expected in text, expected


def test_a_schedule_whose_figures_do_not_add_up_is_refused() -> None:
    good = wekeza_hardware_wiba()
    with pytest.raises(InvariantBroken, match="not the total KES 62,000.00"):
        render_policy_schedule(dataclasses.replace(good, total=KES(62_000)))
    levies = (good.levies[0], dataclasses.replace(good.levies[1], amount=good.levies[1].amount + Money(1)))
    with pytest.raises(InvariantBroken, match="levies KES 277.84"):
        render_policy_schedule(dataclasses.replace(good, levies=levies))
    with pytest.raises(InvariantBroken, match="premium lines add up to"):
        render_policy_schedule(dataclasses.replace(good, basic_premium=KES(61_000)))


def test_names_with_markup_characters_print_as_written() -> None:
    schedule = dataclasses.replace(wekeza_hardware_wiba(), insured_name="Kamau & Sons <Hardware>")
    text = pages_text(render_policy_schedule(schedule))[0]
    assert "Kamau & Sons <Hardware>" in text


def test_the_same_schedule_prints_the_same_bytes() -> None:
    assert render_policy_schedule(wekeza_hardware_wiba()) == render_policy_schedule(wekeza_hardware_wiba())


def test_a_long_list_of_assets_runs_onto_numbered_pages_with_the_total_on_the_last() -> None:
    items = [InsuredItem(f"Shelving unit {number:03d}", KES(15_000)) for number in range(1, 121)]
    quote = quote_asset_all_risk(items, tariff=TARIFF, start=JULY_1)
    pages = pages_text(render_policy_schedule(schedule_for(quote, policy_number="AAR/2025/000302")))
    assert len(pages) >= 2
    assert all(f"Page {number} of {len(pages)}" in page for number, page in enumerate(pages, start=1))
    joined = " ".join(pages)
    assert all(f"Shelving unit {number:03d} 15,000.00" in joined for number in range(1, 121))
    assert "Total declared value 1,800,000.00" in joined
    assert "Total payable 31,681.75" in pages[-1]  # 31,500.00 + 63.00 + 78.75 + 40.00
