"""The employer's salary payment advice as real PDF bytes, read back with PDFium as a person reads it.

Worked example: Wekeza Hardware Ltd's November 2026 payroll (resources/demo/payroll_wekeza_hardware.csv),
prepared by teller Wanjiru Kamau and approved by director Kiptoo Chebet, run PR-2026-0001. Three lines
are booked; Mutua Kioko's (row 5, KES 18,750.50) is refused because his account is frozen. The bank
debits Wekeza Hardware KES 98,700.00: the booked salaries, and nothing for the refused line.
"""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from desktop_app.receipts.payment_advice import PaymentAdvice, render_payment_advice
from resources import resource_bytes
from shared_core.errors import InvariantBroken
from shared_core.money import Money
from shared_core.payroll import PayrollFile, PayrollLineResult, PayrollRunResult, payroll_rows_max
from shared_core.payroll_file import read_payroll

DIRECTORY = {
    "23456789": ("wallet:C0001234",),
    "28765432": ("wallet:C0001301",),
    "31234567": ("wallet:C0001302",),
    "9876543": ("wallet:C0001303",),
}
FROZEN = "The employee's account is frozen"


def pdf_text(pdf: bytes) -> str:
    """Every page's text, as PDFium extracts it (what copy and paste from a viewer gives)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def sample_payroll() -> PayrollFile:
    payroll = read_payroll(resource_bytes("demo/payroll_wekeza_hardware.csv"), DIRECTORY)
    assert isinstance(payroll, PayrollFile)
    return payroll


def make_run(payroll: PayrollFile, refused_rows: dict[int, str] | None = None) -> PayrollRunResult:
    refused_rows = {5: FROZEN} if refused_rows is None else refused_rows
    results = tuple(
        PayrollLineResult.refused(line, "account_frozen", refused_rows[line.row]) if line.row in refused_rows
        else PayrollLineResult.booked(line)
        for line in payroll.lines
    )
    return PayrollRunResult("PR-2026-0001", payroll.employer_cif, payroll.pay_date, payroll.fingerprint,
                            payroll.line_count, payroll.total, results)


def make_advice(run: PayrollRunResult | None = None, **changes: object) -> PaymentAdvice:
    run = run or make_run(sample_payroll())
    advice = PaymentAdvice(
        bank_name="Wekeza Bank",
        employer_name="Wekeza Hardware Ltd",
        run=run,
        maker="Wanjiru Kamau (wanjiru)",
        checker="Kiptoo Chebet (kiptoo)",
        employer_debited=run.booked_total,
        printed_at_text="2026-11-27 16:02 +03:00",
    )
    return replace(advice, **changes)


def test_the_advice_shows_the_run_its_people_and_every_line() -> None:
    advice = make_advice()
    text = pdf_text(render_payment_advice(advice))
    for expected in (
        "Wekeza Bank",
        "Salary payment advice",
        "Wekeza Hardware Ltd",
        "CIF C0009001",
        "Payroll run PR-2026-0001",
        "Pay date 2026-11-27",
        "Wanjiru Kamau (wanjiru)",
        "Kiptoo Chebet (kiptoo)",
        advice.run.fingerprint,  # the employer can match it against the file they sent
        "Juma Mwangi",
        "Achieng Otieno",
        "Mutua Kioko",
        "Wanjiků Ñjoroge",  # DejaVu prints every name
        "wallet:C0001234",
        "wallet:C0001303",
        "25,000.00",
        "32,500.00",
        "18,750.50",
        "41,200.00",
    ):
        assert expected in text, expected


def test_each_line_says_booked_or_refused_with_the_reason() -> None:
    words = " ".join(pdf_text(render_payment_advice(make_advice())).split())
    assert "*****789 wallet:C0001234 Juma Mwangi 25,000.00 Booked" in words
    assert "*****567 wallet:C0001302 Mutua Kioko 18,750.50 REFUSED: The employee's account is frozen" in words
    assert "(account_frozen)" in words
    assert words.count("Booked") >= 3


def test_national_ids_show_only_their_last_three_digits() -> None:
    text = pdf_text(render_payment_advice(make_advice()))
    for national_id, masked in (("23456789", "*****789"), ("28765432", "*****432"), ("31234567", "*****567"),
                                ("9876543", "****543")):
        assert masked in text
        assert national_id not in text


def test_the_totals_are_booked_refused_and_debited() -> None:
    words = " ".join(pdf_text(render_payment_advice(make_advice())).split())
    assert "Lines in the file (4) KES 117,450.50" in words
    assert "Booked (3) KES 98,700.00" in words
    assert "Refused (1) KES 18,750.50" in words
    assert "Debited to the employer's account KES 98,700.00" in words
    assert "Booked 98,700.00 3 lines" in words
    assert "Refused 18,750.50 1 line" in words
    assert "Total 117,450.50 4 lines" in words


def test_a_run_with_every_line_booked_shows_nothing_refused() -> None:
    advice = make_advice(make_run(sample_payroll(), refused_rows={}))
    words = " ".join(pdf_text(render_payment_advice(advice)).split())
    assert "Refused (0) KES 0.00" in words and "REFUSED" not in words
    assert "Debited to the employer's account KES 117,450.50" in words


def test_an_advice_whose_debit_is_not_the_booked_total_does_not_print() -> None:
    # The bank debited the whole control total, though Mutua's line was refused.
    advice = make_advice(employer_debited=Money(11_745_050))
    with pytest.raises(InvariantBroken, match="KES 117,450.50.*KES 98,700.00"):
        render_payment_advice(advice)


def test_an_advice_whose_lines_were_altered_after_the_answer_does_not_print() -> None:
    """A run whose cached totals no longer match its lines (lines swapped in after construction)."""
    run = make_run(sample_payroll())
    booked_instead = make_run(sample_payroll(), refused_rows={}).lines
    object.__setattr__(run, "lines", booked_instead)  # what a corrupted record would look like
    with pytest.raises(InvariantBroken, match="booked lines add up to KES 117,450.50"):
        render_payment_advice(make_advice(run))


def test_the_maker_cannot_be_the_checker() -> None:
    with pytest.raises(InvariantBroken, match="cannot check their own"):
        render_payment_advice(make_advice(checker="Wanjiru Kamau (wanjiru)"))


def test_a_large_run_prints_over_numbered_pages() -> None:
    count = 400
    employees = [(str(20_000_000 + n), f"wallet:C{n:07d}", f"Employee {n}") for n in range(count)]
    rows = ["Employer CIF,C0009001,Pay date,2026-11-27,Lines,400,Control total,400000",
            "National ID,Account,Name,Amount KES"]
    rows += [f"{national_id},{account},{name},1000" for national_id, account, name in employees]
    directory = {national_id: (account,) for national_id, account, _ in employees}
    payroll = read_payroll("\r\n".join(rows).encode("utf-8"), directory)
    assert isinstance(payroll, PayrollFile) and payroll.line_count <= payroll_rows_max
    pdf = render_payment_advice(make_advice(make_run(payroll, refused_rows={})))
    pages = page_count(pdf)
    assert pages >= 8
    text = pdf_text(pdf)
    assert f"Page {pages} of {pages}" in text and "Employee 399" in text
    assert "Total 400,000.00 400 lines" in " ".join(text.split())
