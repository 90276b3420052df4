"""Receipts, statements and till reports as real PDF bytes, read back the way a person or a scanner would.

pdftotext reads what a customer reads; pdftoppm prints the receipt at 200-300 dpi and zbarimg scans
its QR code, which must parse and verify against the device's key exactly as head office will.

Worked example used throughout: agent device K7Q2 records entry 42, a cash deposit of KES 5,000.00
for Wanjiků Ñjoroge (national ID 12345678, printed as *****678), served by agent Zoë Achieng, at
11:05:09 UTC on 24 November 2026 on a device at UTC+3.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from desktop_app.receipts.receipt import ReceiptData, ReceiptStatus, receipt_width_mm, render_receipt
from desktop_app.receipts.statement import StatementData, StatementLine, render_statement
from desktop_app.receipts.till_report import TillReportData, render_till_report
from shared_core.amount_words import Language
from shared_core.canonical import sha256_hex
from shared_core.channels import Channel
from shared_core.errors import InvariantBroken
from shared_core.money import Money
from shared_core.receipt_seal import encode_seal, parse_seal, seal_receipt, verify_seal
from shared_core.references import make_reference
from shared_core.signing import load_private_key
from tests.pdf_reading import pdf_info, pdf_text, scan_qr

DEVICE_KEY = load_private_key(bytes(range(32)))  # device K7Q2
REFERENCE = "AG-K7Q2-000042-6"
ENTRY_HASH = sha256_hex(b"journal entry 42 of device K7Q2")

# --- builders ------------------------------------------------------------------------------------


def make_seal_text(reference: str = REFERENCE, amount_cents: int = 500_000) -> str:
    seal = seal_receipt(
        DEVICE_KEY, reference=reference, amount_cents=amount_cents, device_code="K7Q2", entry_hash=ENTRY_HASH
    )
    return encode_seal(seal)


def make_receipt(**changes: object) -> ReceiptData:
    receipt = ReceiptData(
        bank_name="Wekeza Bank",
        location_name="Mama Njeri Shop, Kariobangi North",
        channel_label="Agent banking",
        reference=REFERENCE,
        recorded_at=datetime(2026, 11, 24, 11, 5, 9, tzinfo=timezone.utc),
        utc_offset_minutes=180,
        operation_label="Cash deposit",
        amount=Money(500_000),
        fee=Money(0),
        customer_name="Wanjiků Ñjoroge",
        masked_national_id="*****678",
        account_label="Savings 0112 **** 4471",
        served_by="Zoë Achieng (Agent)",
        status=ReceiptStatus.CONFIRMED,
        balance_after=None,
        seal_text=make_seal_text(),
    )
    return replace(receipt, **changes)


# --- receipts ------------------------------------------------------------------------------------


def test_a_receipt_prints_what_the_customer_must_be_able_to_read(tmp_path: Path) -> None:
    text = pdf_text(render_receipt(make_receipt()), tmp_path)
    for expected in (
        "Wekeza Bank",
        "Mama Njeri Shop, Kariobangi North",
        "Cash deposit",
        REFERENCE,
        "2026-11-24 14:05:09 +03:00",  # 11:05:09 UTC on a UTC+3 device
        "KES 5,000.00",
        "Kenya Shillings Five Thousand Only",
        "Shilingi elfu tano",
        "*****678",
        "Zoë Achieng (Agent)",
        "CONFIRMED",
    ):
        assert expected in text, expected
    assert "12345678" not in text
    assert text.count(REFERENCE) == 2, "the reference is printed large at the top and again under the QR code"


def test_a_name_outside_latin_1_prints_as_written(tmp_path: Path) -> None:
    # ů (U+016F) is not in Latin-1: with the PDF standard fonts it would print as a box or be refused.
    receipt = make_receipt(customer_name="Wanjiků Ñjoroge Ἀθηνᾶ Дарья")
    assert "Wanjiků Ñjoroge Ἀθηνᾶ Дарья" in pdf_text(render_receipt(receipt), tmp_path)


def test_a_pending_receipt_says_so_and_that_the_bank_will_confirm(tmp_path: Path) -> None:
    pdf = render_receipt(make_receipt(status=ReceiptStatus.PENDING_SYNC))
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "PENDING SYNC" in text
    assert "The bank will confirm it when the device syncs" in text
    assert "CONFIRMED" not in text


def test_a_refused_receipt_says_no_money_moved(tmp_path: Path) -> None:
    text = pdf_text(render_receipt(make_receipt(status=ReceiptStatus.REFUSED)), tmp_path)
    assert "REFUSED" in text and "No money has moved" in text
    assert "CONFIRMED" not in text and "PENDING" not in text


def test_the_original_never_says_copy(tmp_path: Path) -> None:
    text = pdf_text(render_receipt(make_receipt(copy_number=0)), tmp_path)
    assert "COPY" not in text.upper()
    assert "REPRINT" not in text.upper()


@pytest.mark.parametrize("copy_number", [1, 2, 17])
def test_a_reprint_says_copy_n_at_its_top_and_bottom(copy_number: int, tmp_path: Path) -> None:
    text = pdf_text(render_receipt(make_receipt(copy_number=copy_number)), tmp_path)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0] == f"COPY {copy_number}", "the first thing on a reprint is the copy mark"
    assert f"COPY {copy_number}" in lines[-2:], "and the last"
    assert text.count(f"COPY {copy_number}") == 2
    assert text.count("REPRINT") == 2


def test_a_fee_prints_with_the_total_and_no_fee_prints_neither(tmp_path: Path) -> None:
    with_fee = pdf_text(render_receipt(make_receipt(fee=Money(3_000))), tmp_path)
    assert "Fee" in with_fee and "KES 30.00" in with_fee
    assert "Total" in with_fee and "KES 5,030.00" in with_fee
    without_fee = pdf_text(render_receipt(make_receipt()), tmp_path)
    assert "Fee" not in without_fee and "Total" not in without_fee


def test_the_balance_after_prints_only_when_known(tmp_path: Path) -> None:
    known = pdf_text(render_receipt(make_receipt(balance_after=Money(1_250_050))), tmp_path)
    assert "Balance after" in known and "KES 12,500.50" in known
    assert "Balance after" not in pdf_text(render_receipt(make_receipt()), tmp_path)


def test_amount_in_words_in_swahili_first_when_asked(tmp_path: Path) -> None:
    receipt = make_receipt(
        amount=Money(125_050), seal_text=make_seal_text(amount_cents=125_050), language=Language.SWAHILI
    )
    text = " ".join(pdf_text(render_receipt(receipt), tmp_path).split())
    swahili = "Shilingi elfu moja, mia mbili na hamsini na senti hamsini"
    english = "Kenya Shillings One Thousand Two Hundred and Fifty and Cents Fifty Only"
    assert swahili in text and english in text
    assert text.index(swahili) < text.index(english)


@pytest.mark.parametrize(
    ("offset_minutes", "printed"),
    [
        (180, "2026-11-24 14:05:09 +03:00"),
        (0, "2026-11-24 11:05:09 +00:00"),
        (-330, "2026-11-24 05:35:09 -05:30"),
    ],
)
def test_local_time_prints_with_the_devices_offset(offset_minutes: int, printed: str, tmp_path: Path) -> None:
    receipt = make_receipt(utc_offset_minutes=offset_minutes)
    assert receipt.local_time_text == printed
    assert printed in pdf_text(render_receipt(receipt), tmp_path)


def test_a_receipt_is_80_mm_wide_and_as_tall_as_its_content(tmp_path: Path) -> None:
    short = pdf_info(render_receipt(make_receipt()), tmp_path)
    long = pdf_info(render_receipt(make_receipt(copy_number=1, fee=Money(3_000))), tmp_path)
    short_width, _, short_height = short["Page size"].partition(" x ")
    long_height = long["Page size"].partition(" x ")[2]
    assert float(short_width) == pytest.approx(receipt_width_mm / 25.4 * 72, abs=0.01)
    assert float(long_height.split()[0]) > float(short_height.split()[0])
    assert short["Pages"] == "1"


@pytest.mark.parametrize("dpi", [200, 300])
def test_the_qr_code_scans_and_verifies_against_the_devices_key(dpi: int, tmp_path: Path) -> None:
    receipt = make_receipt(status=ReceiptStatus.PENDING_SYNC, copy_number=3)
    scanned = scan_qr(render_receipt(receipt), tmp_path, dpi=dpi)
    assert scanned == receipt.seal_text
    seal = parse_seal(scanned)
    verify_seal(seal, DEVICE_KEY.public_key())
    assert (seal.reference, seal.amount_cents, seal.entry_hash) == (REFERENCE, 500_000, ENTRY_HASH)


def test_the_longest_seal_still_scans(tmp_path: Path) -> None:
    reference = make_reference(Channel.AGENT, "K7Q2", 999_999_999_999)
    amount_cents = 10_000_000_000_000
    receipt = make_receipt(
        reference=reference, amount=Money(amount_cents), seal_text=make_seal_text(reference, amount_cents)
    )
    scanned = scan_qr(render_receipt(receipt), tmp_path, dpi=300)
    verify_seal(parse_seal(scanned), DEVICE_KEY.public_key())


def test_a_seal_for_another_reference_or_amount_never_prints() -> None:
    with pytest.raises(InvariantBroken, match="seal names AG-K7Q2-000043"):
        make_receipt(seal_text=make_seal_text(reference=make_reference(Channel.AGENT, "K7Q2", 43)))
    with pytest.raises(InvariantBroken, match="seal is for 900000 cents"):
        make_receipt(seal_text=make_seal_text(amount_cents=900_000))


def test_the_same_entry_gives_the_same_bytes() -> None:
    assert render_receipt(make_receipt()) == render_receipt(make_receipt())


# --- statements ----------------------------------------------------------------------------------


def make_statement(line_count: int) -> StatementData:
    """Opening KES 10,000.00; every third line withdraws KES 1,500.00, the others deposit 1,200.00."""
    opening = balance = Money(1_000_000)
    lines = []
    for number in range(1, line_count + 1):
        if number % 3 == 0:
            debit, credit = Money(150_000), None
            balance -= debit
            description = "Cash withdrawal at agent Mama Njeri Shop, Kariobangi North"
        else:
            debit, credit = None, Money(120_000)
            balance += credit
            description = "Cash deposit"
        lines.append(
            StatementLine(
                date_time_text=f"2026-11-{1 + number % 28:02d} 14:{number % 60:02d}",
                reference=make_reference(Channel.AGENT, "K7Q2", number),
                description=description,
                debit=debit,
                credit=credit,
                balance=balance,
            )
        )
    return StatementData(
        bank_name="Wekeza Bank",
        customer_name="Wanjiků Ñjoroge",
        masked_national_id="*****678",
        account_label="Savings 0112 **** 4471",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        opening_balance=opening,
        lines=tuple(lines),
        closing_balance=balance,
        printed_at_text="2026-11-30 17:02 +03:00",
    )


def test_a_statement_prints_its_totals_and_every_line(tmp_path: Path) -> None:
    # 6 lines: 4 deposits of 1,200 and 2 withdrawals of 1,500: 10,000 + 4,800 - 3,000 = 11,800.
    statement = make_statement(6)
    text = pdf_text(render_statement(statement), tmp_path)
    assert "Opening balance" in text and "KES 10,000.00" in text
    assert "Total credits (4)" in text and "KES 4,800.00" in text
    assert "Total debits (2)" in text and "KES 3,000.00" in text
    assert "Closing balance" in text and "KES 11,800.00" in text
    for line in statement.lines:
        assert line.reference in text
    assert "Wanjiků Ñjoroge" in text and "*****678" in text
    assert "Page 1 of 1" in text


def test_a_300_line_statement_runs_over_numbered_pages_each_with_its_header(tmp_path: Path) -> None:
    statement = make_statement(300)
    pdf = render_statement(statement)
    page_count = int(pdf_info(pdf, tmp_path)["Pages"])
    assert page_count >= 5
    for page in (1, page_count // 2, page_count):
        text = pdf_text(pdf, tmp_path, first_page=page)
        assert f"Page {page} of {page_count}" in text
        assert "Wanjiků Ñjoroge" in text and "Date and time" in text, "header and column titles on every page"
    whole = pdf_text(pdf, tmp_path)
    assert all(line.reference in whole for line in statement.lines)
    # 200 deposits of 1,200 and 100 withdrawals of 1,500: 10,000 + 240,000 - 150,000 = 100,000.
    assert "Total credits (200)" in whole and "KES 240,000.00" in whole
    assert "Total debits (100)" in whole and "KES 150,000.00" in whole
    assert "KES 100,000.00" in whole


def test_a_statement_whose_closing_balance_is_one_cent_off_never_prints() -> None:
    statement = make_statement(6)
    with pytest.raises(InvariantBroken, match="is not the closing balance"):
        render_statement(replace(statement, closing_balance=statement.closing_balance + Money(1)))


def test_a_statement_whose_running_balance_skips_a_cent_never_prints() -> None:
    statement = make_statement(6)
    lines = list(statement.lines)
    lines[3] = replace(lines[3], balance=lines[3].balance + Money(1))
    with pytest.raises(InvariantBroken, match=r"statement line 4 \(AG-K7Q2-000004-.\): running balance"):
        render_statement(replace(statement, lines=tuple(lines)))


def test_a_statement_line_with_both_debit_and_credit_never_prints() -> None:
    statement = make_statement(3)
    lines = list(statement.lines)
    lines[0] = replace(lines[0], debit=Money(1))
    with pytest.raises(InvariantBroken, match="exactly one of debit or credit"):
        render_statement(replace(statement, lines=tuple(lines)))


def test_an_empty_statement_prints_opening_equal_to_closing(tmp_path: Path) -> None:
    statement = make_statement(0)
    text = pdf_text(render_statement(statement), tmp_path)
    assert "Total credits (0)" in text and "Page 1 of 1" in text
    with pytest.raises(InvariantBroken):
        render_statement(replace(statement, closing_balance=Money(0)))


# --- till reports --------------------------------------------------------------------------------

# Expected: float 20,000 + deposits 47,404 - withdrawals 14,477 = 52,927.
# Counted: 42 x 1,000 + 13 x 500 + 9 x 200 + 17 x 100 + 6 x 50 + 11 x 20 + 23 x 10 + 4 x 5 + 7 x 1 = 52,777.
COUNTED = (
    (100_000, 42), (50_000, 13), (20_000, 9), (10_000, 17), (5_000, 6),
    (2_000, 11), (1_000, 23), (500, 4), (100, 7),
)  # fmt: skip
UNSYNCED = (
    ("BR-K7Q2-000311-4", "Cash deposit", Money(500_000), "2026-11-24 16:40 +03:00"),
    ("BR-K7Q2-000312-2", "Cash withdrawal", Money(120_000), "2026-11-24 16:52 +03:00"),
)


def make_till_report(**changes: object) -> TillReportData:
    report = TillReportData(
        bank_name="Wekeza Bank",
        branch_name="Kariobangi Branch",
        till_label="Till 3",
        teller_name="Achieng Otieno",
        business_date=date(2026, 11, 24),
        opened_at_text="2026-11-24 08:01 +03:00",
        closed_at_text="2026-11-24 17:12 +03:00",
        opening_float=Money(2_000_000),
        operation_totals=(("Cash deposit", 37, Money(4_740_400)), ("Cash withdrawal", 21, Money(-1_447_700))),
        expected_cash=Money(5_292_700),
        counted=COUNTED,
        counted_total=Money(5_277_700),
        over_short=Money(-15_000),
        supervisor_name="Otieno Kamau (Supervisor)",
        unsynced_entries=UNSYNCED,
    )
    return replace(report, **changes)


def test_a_till_closed_with_unsynced_entries_lists_them_under_their_heading(tmp_path: Path) -> None:
    text = pdf_text(render_till_report(make_till_report()), tmp_path)
    assert "Not yet synced to head office: 2 entries" in text
    heading_at = text.index("Not yet synced to head office")
    for reference, operation, amount, recorded_at in UNSYNCED:
        assert text.index(reference) > heading_at
        assert operation in text and amount.format() in text and recorded_at in text


def test_a_till_report_shows_the_count_and_the_shortage(tmp_path: Path) -> None:
    text = pdf_text(render_till_report(make_till_report()), tmp_path)
    assert "Expected cash in drawer" in text and "KES 52,927.00" in text
    assert "KES 1,000 note" in text and "KES 42,000.00" in text
    assert "Counted total" in text and "KES 52,777.00" in text
    assert "SHORT KES 150.00" in text
    assert "Otieno Kamau (Supervisor)" in text
    assert "Page 1 of 1" in text


def test_every_denomination_is_listed_even_when_none_was_counted(tmp_path: Path) -> None:
    report = make_till_report(
        counted=((100_000, 50),), counted_total=Money(5_000_000), over_short=Money(5_000_000 - 5_292_700)
    )
    text = pdf_text(render_till_report(report), tmp_path)
    assert "KES 1 coin" in text and "KES 50 note" in text


def test_a_till_with_nothing_unsynced_says_so(tmp_path: Path) -> None:
    text = pdf_text(render_till_report(make_till_report(unsynced_entries=())), tmp_path)
    assert "Not yet synced to head office: 0 entries" in text


def test_a_close_with_unsynced_entries_and_no_supervisor_is_flagged(tmp_path: Path) -> None:
    text = " ".join(pdf_text(render_till_report(make_till_report(supervisor_name=None)), tmp_path).split())
    assert "closed with entries not yet synced: a supervisor must approve it. None is recorded." in text
    assert "over or short: a supervisor must approve it" in text


def test_a_cash_count_that_does_not_add_up_never_prints() -> None:
    with pytest.raises(InvariantBroken, match="add up to KES 52,777.00, not the counted total KES 52,777.01"):
        render_till_report(make_till_report(counted_total=Money(5_277_701), over_short=Money(-14_999)))


def test_an_over_short_that_is_not_counted_minus_expected_never_prints() -> None:
    with pytest.raises(InvariantBroken, match="is not the over/short"):
        render_till_report(make_till_report(over_short=Money(15_000)))  # the sign flipped: over, not short


def test_a_denomination_kenya_does_not_issue_never_prints() -> None:
    report = make_till_report(
        counted=(*COUNTED, (25_000, 1)), counted_total=Money(5_302_700), over_short=Money(10_000)
    )
    with pytest.raises(InvariantBroken, match="25000 cents is not a KES note or coin"):
        render_till_report(report)
